package io.pulse.storage.influxdb;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One influxd for a whole test class, with a database of a one-hour raw policy made at the start:
 * {@code @RegisterExtension static final InfluxdPerClass INFLUXD = InfluxdPerClass.plain("c");}, then
 * {@code INFLUXD.server()} in the tests. Started before the class's tests, closed after them; a class that
 * {@link RequiresInfluxd} and is skipped starts nothing.
 */
final class InfluxdPerClass implements BeforeAllCallback, AfterAllCallback {

    private final boolean tls;
    private final String database;
    private InfluxdServer server;

    private InfluxdPerClass(boolean tls, String database) {
        this.tls = tls;
        this.database = database;
    }

    /** influxd serving plain HTTP. */
    static InfluxdPerClass plain(String database) {
        return new InfluxdPerClass(false, database);
    }

    /** influxd serving HTTPS only, with a self-signed certificate ({@link InfluxdServer#startWithTls()}). */
    static InfluxdPerClass withTls(String database) {
        return new InfluxdPerClass(true, database);
    }

    InfluxdServer server() {
        if (server == null) {
            throw new IllegalStateException("influxd is started before the class's tests only");
        }
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = tls ? InfluxdServer.startWithTls() : InfluxdServer.start();
        server.query("", "CREATE DATABASE \"" + database + "\" WITH DURATION 1h REPLICATION 1 NAME \"raw\"");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
