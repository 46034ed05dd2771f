package io.pulse.storage.influxdb;

import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.Tags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fresh influxd and storage harness for every test, and the samples such tests write and count: the stat
 * {@code load} of ten hosts ({@code h0}..{@code h9}) at unique milliseconds an hour ago (inside the 8-hour raw
 * retention, so none is refused as too old).
 */
abstract class InfluxdPerTest {

    /** How long a test waits for something that normally takes a few seconds. */
    static final Duration SETTLE = Duration.ofSeconds(20);
    private static final Pattern COUNT = Pattern.compile("\"values\":\\[\\[\\d+,(\\d+)\\]\\]");

    InfluxdServer influxd;
    StorageHarness harness;
    long origin;

    @BeforeEach
    void startInfluxd() {
        influxd = InfluxdServer.start();
        harness = new StorageHarness(influxd);
        origin = System.currentTimeMillis() - 3_600_000;
    }

    @AfterEach
    void stopInfluxd() {
        if (harness != null) {
            harness.close();
        }
        if (influxd != null) {
            influxd.close();
        }
    }

    /** Ten samples (ten series) at the unique millisecond {@code origin + i}, each of value {@code i}. */
    List<Sample> batch(long i) {
        List<Sample> samples = new ArrayList<>(10);
        for (int s = 0; s < 10; s++) {
            samples.add(new Sample("load", Tags.of("host", "h" + s), origin + i, i));
        }
        return samples;
    }

    /** Writes {@link #batch} {@code from} .. {@code to - 1}, one write each. */
    void writeBatches(InfluxDbStorage storage, long from, long to) {
        for (long i = from; i < to; i++) {
            storage.write(batch(i));
        }
    }

    /** How many {@code load} samples the database holds in its raw retention policy. */
    long countInInfluxdb(String database) {
        String json = influxd.query(database, "SELECT count(\"load\"::field) FROM \"one_day\".\"load\"");
        Matcher m = COUNT.matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
