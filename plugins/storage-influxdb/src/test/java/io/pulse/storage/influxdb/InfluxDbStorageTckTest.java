package io.pulse.storage.influxdb;

import io.pulse.spi.storage.StorageFactory;
import io.pulse.storage.tck.StorageTck;
import io.pulse.storage.tck.TckPluginContext;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

/**
 * The storage TCK against a real influxd: one server for the class, one database per test (named after the TCK's
 * store id, dropped afterwards).
 *
 * <p>Hooks: InfluxDB drops points older than a retention policy on write and expires by its own clock, so the two
 * retention tests that need otherwise are skipped (retention is InfluxDB's job: the policies are checked in
 * {@link SchemaTest}); the stat names it cannot store ({@code time}) may be refused.
 */
@RequiresInfluxd
@ExtendWith(InfluxdExtension.class)
class InfluxDbStorageTckTest extends StorageTck {

    private final InfluxdServer influxd;

    InfluxDbStorageTckTest(InfluxdServer influxd) {
        this.influxd = influxd;
    }

    @Override
    protected StorageFactory factory() {
        return new InfluxDbStorageFactory();
    }

    @Override
    protected Map<String, String> options(String storeId) {
        return Map.of("address", influxd.url(), "database", storeId);
    }

    @Override
    protected boolean acceptsSamplesOlderThanRawRetention() {
        return false;
    }

    @Override
    protected boolean expiresRelativeToMaintainTime() {
        return false;
    }

    @Override
    protected boolean mayRefuseStatName(String stat) {
        return LineProtocol.whyUnstorableStat(stat).isPresent();
    }

    @Override
    protected void discardStore(String storeId, TckPluginContext context) {
        influxd.query(storeId, "DROP DATABASE \"" + storeId + "\"");
    }
}
