package io.pulse.spi.storage;

import io.pulse.spi.Api;

import java.util.List;
import java.util.Optional;

/**
 * The read side of a storage backend: what other components may call (through
 * {@link io.pulse.spi.PluginContext#storage()}). Every method may be called concurrently with writes
 * and with each other.
 *
 * <p>Failures: a backend that cannot answer now throws {@link StorageUnavailableException} (the API answers 503);
 * a query the backend cannot express throws {@link InvalidQueryException} (400).
 */
@Api
public interface StorageQueries {

    /** {@return names of the stats that have retained data (raw or aggregated), sorted; empty when none} */
    List<String> keys();

    /** {@return tag keys of the series that have retained data (raw or aggregated), sorted; empty when none} */
    List<String> tagKeys();

    /**
     * {@return see {@link LatestQuery}; empty when no bucket in the window has a value}
     *
     * @param query what to look up
     */
    Optional<Point> latest(LatestQuery query);

    /**
     * {@return see {@link RawQuery}}
     *
     * @param query what to look up
     */
    List<RawRow> raw(RawQuery query);

    /**
     * {@return see {@link RangeQuery}}
     *
     * @param query what to look up
     */
    List<Point> range(RangeQuery query);
}
