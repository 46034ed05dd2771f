package io.pulse.storage.influxdb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link InfluxDbConnection} against a real influxd serving HTTPS only, with a self-signed certificate for
 * {@code 127.0.0.1}: writes to an {@code https://} address go through the JDK client (not {@link HttpWriteClient})
 * and are stored; refusals map as over plain HTTP; a client that does not trust the certificate gets no answer.
 */
@RequiresInfluxd
class InfluxDbConnectionTlsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    @RegisterExtension
    static final InfluxdPerClass INFLUXD = InfluxdPerClass.withTls("t");

    private static InfluxDbConnection trusting() {
        return new InfluxDbConnection(INFLUXD.server().url(), TIMEOUT, TIMEOUT, INFLUXD.server().tls().context());
    }

    @Test
    void writesOverHttpsAreStoredAndReadBack() {
        assertTrue(INFLUXD.server().url().startsWith("https://"), INFLUXD.server().url());
        try (InfluxDbConnection connection = trusting()) {
            assertTrue(connection.ping().startsWith("1."));
            long base = System.currentTimeMillis() * 1_000_000;
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 500; i++) {
                lines.append("secure,host=h").append(i % 3).append(" v=").append(i).append(' ').append(base + i).append('\n');
            }
            for (int request = 0; request < 3; request++) {  // one kept connection or several: each is stored
                InfluxDbConnection.WriteResult result = connection.write("t", "raw", lines.toString().replace(" v=", " r" + request + "=0,v="));
                assertEquals(InfluxDbConnection.WriteStatus.STORED, result.status(), result.detail());
            }
            List<QueryResult.Result> results = connection.query("t", "SELECT count(\"v\"::field), count(\"r2\"::field) FROM \"raw\".\"secure\"");
            assertEquals(List.of(500.0, 500.0), results.get(0).series().get(0).values().get(0).subList(1, 3));
            String independent = INFLUXD.server().query("t", "SELECT count(\"v\"::field) FROM \"raw\".\"secure\"");
            assertTrue(independent.contains(",500]]"), independent);
        }
    }

    @Test
    void refusedWritesOverHttpsMapAsOverHttp() {
        try (InfluxDbConnection connection = trusting()) {
            InfluxDbConnection.WriteResult missing = connection.write("absent", "raw", "m v=1 1");
            assertEquals(InfluxDbConnection.WriteStatus.SCHEMA_MISSING, missing.status(), missing.detail());
            assertEquals("database not found: \"absent\"", missing.detail());
            InfluxDbConnection.WriteResult garbled = connection.write("t", "raw", "m v=\n");
            assertEquals(InfluxDbConnection.WriteStatus.PARTIALLY_STORED, garbled.status(), garbled.detail());
            assertTrue(garbled.detail().startsWith("unable to parse"), garbled.detail());
        }
    }

    @Test
    void aCertificateTheJdkDoesNotTrustGetsNoAnswer() {
        try (InfluxDbConnection connection = new InfluxDbConnection(INFLUXD.server().url(), TIMEOUT, TIMEOUT)) {
            InfluxDbConnection.Unreachable e = assertThrows(InfluxDbConnection.Unreachable.class, connection::ping);
            assertTrue(e.getMessage().contains("SSLHandshakeException") || e.getMessage().contains("Certificate")
                || e.getMessage().contains("certification path"), e.getMessage());
            InfluxDbConnection.WriteResult write = connection.write("t", "raw", "m v=1 1");
            assertEquals(InfluxDbConnection.WriteStatus.RETRY, write.status(), write.detail());
        }
    }
}
