package io.pulse.kernel.ingest;

import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.SampleBatch;
import io.pulse.spi.storage.SeriesHandle;
import io.pulse.spi.storage.Storage;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The storage's {@link SeriesHandle}s of the series each relay answers with, so that the storage writer passes a
 * handle with every sample and the storage skips its series lookup ({@link Storage#write(List, SeriesHandle[])}).
 *
 * <p>How a sample finds its handle without a lookup of its own: a relay answers every poll with the same items in
 * the same order, and the relay path gives every sample of a series the very same stat String and Tags instance
 * (the connection's {@code SeriesKeys}). So per relay the cache keeps the previous answer's stats, tags and handles
 * by position: one map lookup per answer (by relay id), then two identity comparisons per sample. A sample that
 * does not match its position (another collector set, a reconnected relay, a batch from elsewhere) asks the storage
 * for a handle, which replaces the one at that position.
 *
 * <p>A storage without handles ({@link Storage#seriesHandle} returns null, the default) or one that fails to give
 * one turns the cache off for good: the writer then uses {@link Storage#write(List)} as before. Relays that stopped
 * answering are forgotten after {@value #FORGET_AFTER_SWEEPS} sweeps of a minute.
 *
 * <p>Not thread-safe: the storage writer's thread only (the thread that calls {@code Storage.write}, as the
 * contract of {@code seriesHandle} asks).
 */
final class SeriesHandleCache {

    private static final System.Logger LOG = System.getLogger(SeriesHandleCache.class.getName());

    /** Sweeps that a relay may go without an answer before its handles are dropped. */
    static final int FORGET_AFTER_SWEEPS = 2;
    private static final long SWEEP_NANOS = 60_000_000_000L;

    /** One relay's last answer, by position. */
    private static final class RelaySeries {
        String[] stats = new String[0];
        Object[] tags = new Object[0];
        SeriesHandle[] handles = new SeriesHandle[0];
        long lastSweep;
    }

    private final Storage storage;
    private final Map<String, RelaySeries> byRelay = new HashMap<>();
    private boolean off;
    private long sweeps;
    private long nextSweepNanos;

    SeriesHandleCache(Storage storage, long nowNanos) {
        this.storage = storage;
        this.nextSweepNanos = nowNanos + SWEEP_NANOS;
    }

    /** Whether handles are in use (the storage has them and never failed to give one). */
    boolean isOn() {
        return !off;
    }

    /**
     * The handles of the batch's samples, in order, or null when handles are off. The array is the cache's own
     * (valid until the next call for the same relay): copy what is kept.
     */
    SeriesHandle[] handles(SampleBatch batch) {
        if (off) {
            return null;
        }
        List<Sample> samples = batch.samples();
        RelaySeries relay = byRelay.computeIfAbsent(batch.relayId(), id -> new RelaySeries());
        relay.lastSweep = sweeps;
        if (relay.handles.length < samples.size()) {
            relay.stats = Arrays.copyOf(relay.stats, samples.size());
            relay.tags = Arrays.copyOf(relay.tags, samples.size());
            relay.handles = Arrays.copyOf(relay.handles, samples.size());
        }
        for (int i = 0; i < samples.size(); i++) {
            Sample sample = samples.get(i);
            if (relay.stats[i] != sample.stat() || relay.tags[i] != sample.tags()) {
                SeriesHandle handle = ask(sample);
                if (handle == null) {
                    return null;  // off
                }
                relay.stats[i] = sample.stat();
                relay.tags[i] = sample.tags();
                relay.handles[i] = handle;
            }
        }
        return relay.handles;
    }

    private SeriesHandle ask(Sample sample) {
        try {
            SeriesHandle handle = storage.seriesHandle(sample.stat(), sample.tags());
            if (handle == null) {
                turnOff();
            }
            return handle;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "The storage failed to give a series handle; writing without handles "
                    + "from now on", e);
            turnOff();
            return null;
        }
    }

    private void turnOff() {
        off = true;
        byRelay.clear();
    }

    /** Forgets the relays that did not answer for {@value #FORGET_AFTER_SWEEPS} sweeps; cheap when not due. */
    void sweep(long nowNanos) {
        if (nowNanos - nextSweepNanos < 0) {
            return;
        }
        nextSweepNanos = nowNanos + SWEEP_NANOS;
        sweeps++;
        byRelay.values().removeIf(relay -> sweeps - relay.lastSweep >= FORGET_AFTER_SWEEPS);
    }

    /** Relays with handles held (for tests). */
    int relays() {
        return byRelay.size();
    }
}
