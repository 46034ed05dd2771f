package io.pulse.api.http.query;

import io.pulse.api.http.routes.ApiException;
import io.pulse.spi.storage.Point;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The query-string parser, the stat parameters and bucket filling, without a server. */
class QueryParsingTest {

    @Test
    void decodesAsGoDidAndKeepsFirstAppearanceOrder() {
        QueryString q = QueryString.parse("b=2&a=x+y&b=3&flag&c=%C3%A9%2B&&=", 10);
        assertEquals(List.of("b", "a", "flag", "c", ""), q.names());
        assertEquals(List.of("2", "3"), q.all("b"));
        assertEquals("x y", q.single("a"));
        assertEquals("", q.single("flag"));
        assertEquals("é+", q.single("c"));
        assertEquals(List.of(), q.all("missing"));
        assertTrue(QueryString.parse(null, 1).names().isEmpty());
        assertTrue(QueryString.parse("", 1).names().isEmpty());
    }

    @Test
    void countsParametersNotNames() {
        assertEquals(3, QueryString.parse("a=1&a=2&a=3", 3).all("a").size());
        ApiException e = assertThrows(ApiException.class, () -> QueryString.parse("a=1&a=2&a=3&a=4", 3));
        assertEquals(400, e.status());
    }

    @Test
    void badEscapesAreErrors() {
        for (String raw : new String[] {"a=%", "a=%2", "a=%G1", "%zz=1", "a=%C3"}) {
            assertEquals(400, assertThrows(ApiException.class, () -> QueryString.parse(raw, 10), raw).status());
        }
    }

    @Test
    void backfillIsAbsentANumberOrZero() {
        assertEquals(OptionalDouble.empty(), StatParameters.backfill(null));
        assertEquals(OptionalDouble.empty(), StatParameters.backfill(""));
        assertEquals(OptionalDouble.of(-2.5), StatParameters.backfill("-2.5"));
        assertEquals(OptionalDouble.of(1000), StatParameters.backfill("1e3"));
        assertEquals(OptionalDouble.of(0.5), StatParameters.backfill(".5"));
        for (String other : new String[] {"true", "NaN", "Infinity", "0x10", "1d", "1e999", " "}) {
            assertEquals(OptionalDouble.of(0), StatParameters.backfill(other), other);
        }
    }

    @Test
    void rangeDefaultsAreTheOriginals() {
        StatParameters.Range hourly = StatParameters.range(QueryString.parse("", 5), Duration.ofDays(1),
            Duration.ofDays(7));
        assertEquals(Duration.ofDays(1), hourly.start());
        assertEquals(Duration.ZERO, hourly.stop());
        assertTrue(hourly.filter().isEmpty());
        assertTrue(hourly.backfill().isEmpty());
    }

    @Test
    void fillAddsEveryMissingBucketOfTheWindow() {
        long h = 3_600_000;
        List<Point> filled = Buckets.fill(List.of(new Point(2 * h, 5)), h + 1, 4 * h + 1, h, -1);
        assertEquals(List.of(new Point(h, -1), new Point(2 * h, 5), new Point(3 * h, -1), new Point(4 * h, -1)), filled);
        // a window ending exactly on a bucket start does not include that bucket
        assertEquals(List.of(new Point(0, 0), new Point(h, 0)), Buckets.fill(List.of(), 0, 2 * h, h, 0));
    }
}
