package io.pulse.api.http;

import io.pulse.spi.storage.LatestQuery;
import io.pulse.spi.storage.Point;
import io.pulse.spi.storage.RangeQuery;
import io.pulse.spi.storage.RawQuery;
import io.pulse.spi.storage.RawRow;
import io.pulse.spi.storage.StorageQueries;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * TEST DOUBLE of a storage backend's queries: records every query exactly as the API built it, and answers with
 * what the test set (or throws what the test set, to exercise the API's failure answers). Data-shape tests use the
 * real memory storage instead.
 */
final class RecordingStorage implements StorageQueries {

    final List<Object> queries = new CopyOnWriteArrayList<>();
    volatile List<String> keys = List.of();
    volatile List<String> tagKeys = List.of();
    volatile Optional<Point> latest = Optional.empty();
    volatile List<RawRow> raw = List.of();
    volatile List<Point> range = List.of();
    volatile Supplier<RuntimeException> failure;

    @Override
    public List<String> keys() {
        fail();
        return keys;
    }

    @Override
    public List<String> tagKeys() {
        fail();
        return tagKeys;
    }

    @Override
    public Optional<Point> latest(LatestQuery query) {
        queries.add(query);
        fail();
        return latest;
    }

    @Override
    public List<RawRow> raw(RawQuery query) {
        queries.add(query);
        fail();
        return raw;
    }

    @Override
    public List<Point> range(RangeQuery query) {
        queries.add(query);
        fail();
        return range;
    }

    @SuppressWarnings("unchecked")
    <T> T last(Class<T> type) {
        Object q = queries.get(queries.size() - 1);
        if (!type.isInstance(q)) {
            throw new AssertionError("last query was " + q + ", not a " + type.getSimpleName());
        }
        return (T) q;
    }

    private void fail() {
        Supplier<RuntimeException> f = failure;
        if (f != null) {
            throw f.get();
        }
    }
}
