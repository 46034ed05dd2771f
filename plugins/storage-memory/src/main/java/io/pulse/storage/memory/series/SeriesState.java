package io.pulse.storage.memory.series;

import io.pulse.spi.stats.Tags;
import io.pulse.storage.memory.codec.Block;

import java.util.List;

/**
 * Everything a series holds, captured at one instant for a snapshot, or read back from one. Arrays are owned by
 * this record (copies).
 *
 * @param id                 the series id, stable across restarts
 * @param stat               the stat name
 * @param tags               the series' tags
 * @param blocks             the raw samples, in time order
 * @param lateTimes          samples written out of order not yet merged into blocks: times, sorted
 * @param lateValues         their values
 * @param aggregateTimes     aggregate bucket starts, ascending
 * @param aggregateValues    aggregate values
 * @param dirtyBuckets       bucket starts whose raw data changed since they were aggregated, ascending
 * @param lastBatch          the last write batch applied to this series
 * @param appliedInLastBatch how many of that batch's samples for this series were applied
 */
public record SeriesState(long id, String stat, Tags tags, List<Block> blocks, long[] lateTimes, double[] lateValues,
                          long[] aggregateTimes, double[] aggregateValues, long[] dirtyBuckets,
                          long lastBatch, int appliedInLastBatch) {
}
