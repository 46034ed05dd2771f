package io.pulse.spi.storage;

import io.pulse.spi.storage.Aggregation.Function;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AggregationTest {

    private static double apply(String verb, double... values) {
        return Aggregation.parse(verb).apply(values.clone(), values.length);
    }

    @Test
    void parsesEveryVerbCaseInsensitively() {
        for (Function f : Function.values()) {
            if (f != Function.PERCENTILE) {
                assertEquals(Aggregation.of(f), Aggregation.parse(f.name()));
                assertEquals(Aggregation.of(f), Aggregation.parse(f.name().toLowerCase()));
            }
        }
        assertEquals(Aggregation.percentile(95), Aggregation.parse("p95"));
        assertEquals(Aggregation.percentile(99.9), Aggregation.parse("percentile_99.9"));
        assertEquals("p95", Aggregation.parse("P95").verb());
        assertEquals("p99.9", Aggregation.parse("p99.9").verb());
        assertEquals("mean", Aggregation.MEAN.verb());
    }

    @Test
    void rejectsUnknownVerbsListingWhatIsAccepted() {
        for (String bad : new String[] {"avg", "", "none", "p0", "p101", "percentile_", "p-5", "pabc", "mean;drop"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Aggregation.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains(Aggregation.ACCEPTED), e.getMessage());
        }
    }

    @Test
    void computesInfluxQlSemantics() {
        double[] v = {3, 1, 4, 1, 5, 9, 2, 6};
        assertEquals(31.0 / 8, apply("mean", v), 1e-12);
        assertEquals(3.5, apply("median", v), 1e-12);
        assertEquals(4, apply("median", 3, 1, 4, 5, 9), 1e-12);
        assertEquals(1, apply("mode", v));
        assertEquals(8, apply("count", v));
        assertEquals(31, apply("sum", v));
        assertEquals(1, apply("min", v));
        assertEquals(9, apply("max", v));
        assertEquals(3, apply("first", v));
        assertEquals(6, apply("last", v));
        assertEquals(8, apply("spread", v));
        assertEquals(2.748376, apply("stddev", v), 1e-6);
        // nearest rank: floor(8 * 0.5 + 0.5) - 1 = 3 -> sorted [1,1,2,3,4,5,6,9][3] = 3
        assertEquals(3, apply("p50", v));
        assertEquals(9, apply("p95", v));
        assertEquals(1, apply("p10", v));
    }

    @Test
    void givesNoValueWhereInfluxDbGivesNone() {
        assertTrue(Double.isNaN(apply("mean")));
        assertTrue(Double.isNaN(apply("stddev", 5)));
        // floor(1 * 0.1 + 0.5) - 1 = -1: outside the values
        assertTrue(Double.isNaN(apply("p10", 5)));
        assertEquals(0, apply("spread", 5));
    }

    @Test
    void modeBreaksTiesTowardsTheSmallestValue() {
        assertEquals(2, apply("mode", 7, 2, 7, 2, 1));
    }

    @Test
    void usesOnlyCountValues() {
        double[] values = {1, 2, 100};
        assertEquals(1.5, Aggregation.MEAN.apply(values, 2));
    }
}
