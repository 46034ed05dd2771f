package io.pulse.kernel.ingest;

import io.pulse.spi.metrics.Histogram;
import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.SampleBatch;
import io.pulse.spi.storage.SeriesHandle;
import io.pulse.spi.storage.Storage;
import io.pulse.spi.storage.WriteResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The storage writer loop: takes batches from the storage queue and merges them, across relays, into
 * {@link Storage#write} calls of at most {@code writeBatchMaxSamples} samples, waiting at most
 * {@code writeBatchMaxDelay} after the first sample of a write for more to arrive. Meanwhile it sleeps: until that
 * deadline, or until the queue holds enough batches to fill the write (judged by the size of the last batch; at most
 * half the queue's capacity, so that the queue never drops batches while the writer sleeps), whichever comes first.
 * Why: woken for every batch, the writer cost more than its writes (with thousands of relays a batch arrives every
 * few hundred microseconds); looking at the queue every 20 ms cost a wake-up each time, most of the writer's CPU
 * with a few hundred relays. A failed write is counted and
 * logged (rate-limited) and its samples are lost - the storage contract makes buffering the backend's job - and the
 * loop goes on: nothing a backend throws stops ingestion. A partial write (the backend refused some samples for
 * good, see {@link WriteResult}) is counted with its refused samples and logged (rate-limited) with the refused
 * stats and reasons.
 *
 * <p>With a storage that hands out series handles, each sample is written with its series' handle
 * ({@link SeriesHandleCache}), so the storage skips its series lookup per sample.
 *
 * <p>Runs on one thread, so {@code Storage.write} is never called concurrently (the storage contract).
 */
final class StorageWriter implements Runnable {

    /** Most refusals one log line lists; a batch of thousands of odd names must not make a log line of thousands. */
    private static final int LOGGED_REFUSALS = 3;

    private final DropOldestQueue<SampleBatch> queue;
    private final Storage storage;
    private final int maxSamples;
    private final long maxDelayNanos;
    private final LongAdder writes;
    private final LongAdder samplesWritten;
    private final LongAdder writeFailures;
    private final LongAdder samplesLost;
    private final LongAdder partialWrites;
    private final LongAdder samplesRefused;
    private final RateLimitedLog failureLog;
    private final Histogram writeSeconds;

    private final SeriesHandleCache handleCache;
    private List<Sample> pending;
    /** The handle of each pending sample (same positions), while the storage has handles. */
    private SeriesHandle[] pendingHandles = new SeriesHandle[16];
    private long pendingDeadline;
    /** Samples in the last batch taken: how many batches make up a write is judged by it. */
    private int lastBatchSamples = 1;
    /** Batches taken from the queue at once (writer thread only; emptied after each use). */
    private final List<SampleBatch> drained = new ArrayList<>();

    StorageWriter(DropOldestQueue<SampleBatch> queue, Storage storage, IngestionSettings settings, LongAdder writes,
                  LongAdder samplesWritten, LongAdder writeFailures, LongAdder samplesLost,
                  LongAdder partialWrites, LongAdder samplesRefused, RateLimitedLog failureLog,
                  Histogram writeSeconds) {
        this.queue = queue;
        this.storage = storage;
        this.maxSamples = settings.writeBatchMaxSamples();
        this.maxDelayNanos = settings.writeBatchMaxDelay().toNanos();
        this.writes = writes;
        this.samplesWritten = samplesWritten;
        this.writeFailures = writeFailures;
        this.samplesLost = samplesLost;
        this.partialWrites = partialWrites;
        this.samplesRefused = samplesRefused;
        this.failureLog = failureLog;
        this.writeSeconds = writeSeconds;
        this.pending = new ArrayList<>();
        this.handleCache = new SeriesHandleCache(storage, System.nanoTime());
    }

    @Override
    public void run() {
        try {
            while (true) {
                if (pending.isEmpty()) {
                    SampleBatch batch = queue.take();
                    if (batch == null) {
                        return;  // closed and drained
                    }
                    add(batch);
                } else {
                    gather();
                    if (pending.isEmpty() && queue.isClosed() && queue.size() == 0) {
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            // shutting down without waiting any longer: what is merged but unwritten is lost
            if (!pending.isEmpty()) {
                samplesLost.add(pending.size());
                pending = new ArrayList<>();
            }
            Thread.currentThread().interrupt();
        }
    }

    /**
     * With samples pending: sleeps until their write is due or enough batches are queued to fill it, takes what is
     * queued, and writes when the write is due (or the queue is closed and empty). A write filled on the way is
     * written by {@link #add}.
     */
    private void gather() throws InterruptedException {
        long wait = pendingDeadline - System.nanoTime();
        if (wait > 0 && !queue.isClosed()) {
            queue.awaitSize(batchesToFill(), wait, TimeUnit.NANOSECONDS);
        }
        int taken = queue.drainTo(drained, Integer.MAX_VALUE);
        try {
            for (int i = 0; i < taken; i++) {
                add(drained.get(i));
            }
        } finally {
            drained.clear();
        }
        if (System.nanoTime() - pendingDeadline >= 0 || (taken == 0 && queue.isClosed())) {
            flush();
        }
    }

    /** Batches of the last batch's size that fill the pending write; at most half the queue, at least one. */
    private int batchesToFill() {
        int missing = Math.max(1, maxSamples - pending.size());
        int batches = (missing + lastBatchSamples - 1) / lastBatchSamples;
        return Math.max(1, Math.min(batches, queue.capacity() / 2));
    }

    private void add(SampleBatch batch) {
        lastBatchSamples = Math.max(1, batch.samples().size());
        SeriesHandle[] handles = handleCache.handles(batch);
        List<Sample> samples = batch.samples();
        for (int i = 0; i < samples.size(); i++) {
            if (pending.isEmpty()) {
                pendingDeadline = System.nanoTime() + maxDelayNanos;
            }
            if (handles != null) {
                if (pending.size() >= pendingHandles.length) {
                    pendingHandles = Arrays.copyOf(pendingHandles, Math.max(pending.size() + 1, pendingHandles.length * 2));
                }
                pendingHandles[pending.size()] = handles[i];
            }
            pending.add(samples.get(i));
            if (pending.size() >= maxSamples) {
                flush();
            }
        }
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<Sample> samples = pending;
        pending = new ArrayList<>(Math.min(maxSamples, Math.max(16, samples.size())));
        // a sample added without a handle has null at its place, which the contract allows
        SeriesHandle[] handles = handleCache.isOn() ? Arrays.copyOf(pendingHandles, samples.size()) : null;
        Arrays.fill(pendingHandles, 0, Math.min(samples.size(), pendingHandles.length), null);
        long started = System.nanoTime();
        handleCache.sweep(started);
        try {
            WriteResult result;
            try {
                result = Objects.requireNonNull(handles != null ? storage.write(samples, handles) : storage.write(samples),
                        "Storage.write returned null");
            } finally {
                writeSeconds.observeNanos(System.nanoTime() - started);
            }
            writes.increment();
            samplesWritten.add(result.accepted());
            if (!result.isComplete()) {
                // Storage#write contract: the backend stored the rest of the batch and refused these samples for
                // good (e.g. a database that reserves the name "time"); retrying would only be refused again.
                partialWrites.increment();
                samplesRefused.add(result.refusedSamples());
                failureLog.log(describeRefusals(result, samples.size()), null);
            }
        } catch (Exception e) {
            lost(samples.size(), e);
        } catch (Error e) {
            if (e instanceof VirtualMachineError) {
                throw e;
            }
            lost(samples.size(), e);
        }
    }

    private static String describeRefusals(WriteResult result, int batchSize) {
        StringBuilder text = new StringBuilder("Storage refused ").append(result.refusedSamples()).append(" of ")
                .append(batchSize).append(" samples of a write for good (it accepted the rest): ");
        List<WriteResult.Refusal> refusals = result.refusals();
        for (int i = 0; i < Math.min(LOGGED_REFUSALS, refusals.size()); i++) {
            WriteResult.Refusal refusal = refusals.get(i);
            text.append(i == 0 ? "" : "; ").append("stat '").append(refusal.stat()).append("' (")
                    .append(refusal.samples()).append(refusal.samples() == 1 ? " sample): " : " samples): ")
                    .append(refusal.reason());
        }
        if (refusals.size() > LOGGED_REFUSALS) {
            text.append("; and ").append(refusals.size() - LOGGED_REFUSALS).append(" more refusals");
        }
        return text.toString();
    }

    private void lost(int count, Throwable e) {
        writeFailures.increment();
        samplesLost.add(count);
        failureLog.log("Storage write of " + count + " samples failed; they are lost: " + e, e);
    }
}
