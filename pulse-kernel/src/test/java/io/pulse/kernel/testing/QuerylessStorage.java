package io.pulse.kernel.testing;

import io.pulse.spi.storage.LatestQuery;
import io.pulse.spi.storage.Point;
import io.pulse.spi.storage.RangeQuery;
import io.pulse.spi.storage.RawQuery;
import io.pulse.spi.storage.RawRow;
import io.pulse.spi.storage.Storage;

import java.util.List;
import java.util.Optional;

/**
 * A storage test double that answers every query with nothing, for tests of the write path and the lifecycle: it
 * implements what they look at (writes, maintenance, keys, health, close) and inherits empty answers for the rest.
 */
public interface QuerylessStorage extends Storage {

    @Override
    default List<String> tagKeys() {
        return List.of();
    }

    @Override
    default Optional<Point> latest(LatestQuery query) {
        return Optional.empty();
    }

    @Override
    default List<RawRow> raw(RawQuery query) {
        return List.of();
    }

    @Override
    default List<Point> range(RangeQuery query) {
        return List.of();
    }
}
