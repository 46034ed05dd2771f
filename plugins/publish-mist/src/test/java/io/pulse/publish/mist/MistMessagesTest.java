package io.pulse.publish.mist;

import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.SampleBatch;
import io.pulse.spi.stats.Tags;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MistMessagesTest {

    @Test
    void valuesAreTheShortestExactDecimalWithoutExponent() {
        assertEquals("0.25", MistMessages.value(0.25));
        assertEquals("25", MistMessages.value(25.0));
        assertEquals("0", MistMessages.value(0.0));
        assertEquals("0", MistMessages.value(-0.0));
        assertEquals("-1.5", MistMessages.value(-1.5));
        assertEquals("0.0000001", MistMessages.value(1e-7));
        assertEquals("100000000000000000000", MistMessages.value(1e20));
        assertEquals("0.1", MistMessages.value(0.1));
        assertEquals(0.30000000000000004, Double.parseDouble(MistMessages.value(0.1 + 0.2)));
    }

    @Test
    void tagsAreTheCollectorTagsThenMetricsHostAndStat() {
        Sample sample = new Sample("cpu_used", Tags.of("host", "web1", "service", "api", "zone", ""), 0, 1);
        assertEquals(List.of("service:api", "zone:", "metrics", "host:web1", "cpu_used"),
            MistMessages.tags("web1", sample));
    }

    @Test
    void aCollectorHostTagThatOverrodeTheRelayIdIsSentAsTheOriginalDid() {
        Sample sample = new Sample("ram_used", Tags.of("host", "db9"), 0, 1);
        assertEquals(List.of("host:db9", "metrics", "host:relay-7", "ram_used"), MistMessages.tags("relay-7", sample));
    }

    @Test
    void aBatchIsOnePublishLinePerSample() {
        SampleBatch batch = new SampleBatch("web1", 0, List.of(
            new Sample("cpu_used", Tags.of("host", "web1"), 0, 0.25),
            new Sample("ram_used", Tags.of("host", "web1"), 0, 3)));
        assertEquals("{\"command\":\"publish\",\"tags\":[\"metrics\",\"host:web1\",\"cpu_used\"],\"data\":\"0.25\"}\n"
                + "{\"command\":\"publish\",\"tags\":[\"metrics\",\"host:web1\",\"ram_used\"],\"data\":\"3\"}\n",
            new String(MistMessages.publishes(batch), StandardCharsets.UTF_8));
    }

    @Test
    void oddTextIsEscapedSoThatMistReadsItBack() throws Exception {
        String odd = "q\"b\\s/n\nr\rt\tc\u0001\u2028é☃😀";
        byte[] auth = MistMessages.auth(odd);
        Object decoded = new MistJsonStream(new StringReader(new String(auth, StandardCharsets.UTF_8))).next();
        assertEquals(Map.of("command", "auth", "data", odd), decoded);
    }
}
