package io.pulse.kernel.ingest;

import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.SampleBatch;
import io.pulse.spi.storage.InvalidQueryException;
import io.pulse.spi.storage.Storage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The storage writer loop: takes batches from the storage queue and merges them, across relays, into
 * {@link Storage#write} calls of at most {@code writeBatchMaxSamples} samples, waiting at most
 * {@code writeBatchMaxDelay} after the first sample of a write for more to arrive. A failed write is counted and
 * logged (rate-limited) and its samples are lost - the storage contract makes buffering the backend's job - and the
 * loop goes on: nothing a backend throws stops ingestion.
 *
 * <p>Runs on one thread, so {@code Storage.write} is never called concurrently (the storage contract).
 */
final class StorageWriter implements Runnable {

    private final DropOldestQueue<SampleBatch> queue;
    private final Storage storage;
    private final int maxSamples;
    private final long maxDelayNanos;
    private final LongAdder writes;
    private final LongAdder samplesWritten;
    private final LongAdder writeFailures;
    private final LongAdder samplesLost;
    private final LongAdder partialWrites;
    private final RateLimitedLog failureLog;

    private List<Sample> pending;
    private long pendingDeadline;

    StorageWriter(DropOldestQueue<SampleBatch> queue, Storage storage, IngestionSettings settings, LongAdder writes,
                  LongAdder samplesWritten, LongAdder writeFailures, LongAdder samplesLost,
                  LongAdder partialWrites, RateLimitedLog failureLog) {
        this.queue = queue;
        this.storage = storage;
        this.maxSamples = settings.writeBatchMaxSamples();
        this.maxDelayNanos = settings.writeBatchMaxDelay().toNanos();
        this.writes = writes;
        this.samplesWritten = samplesWritten;
        this.writeFailures = writeFailures;
        this.samplesLost = samplesLost;
        this.partialWrites = partialWrites;
        this.failureLog = failureLog;
        this.pending = new ArrayList<>();
    }

    @Override
    public void run() {
        try {
            while (true) {
                SampleBatch batch;
                if (pending.isEmpty()) {
                    batch = queue.take();
                    if (batch == null) {
                        return;  // closed and drained
                    }
                } else {
                    long wait = pendingDeadline - System.nanoTime();
                    batch = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : null;
                    if (batch == null) {
                        flush();
                        if (queue.isClosed() && queue.size() == 0) {
                            return;
                        }
                        continue;
                    }
                }
                add(batch);
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

    private void add(SampleBatch batch) {
        for (Sample sample : batch.samples()) {
            if (pending.isEmpty()) {
                pendingDeadline = System.nanoTime() + maxDelayNanos;
            }
            pending.add(sample);
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
        try {
            storage.write(samples);
            writes.increment();
            samplesWritten.add(samples.size());
        } catch (InvalidQueryException refused) {
            // Storage#write contract: the backend stored the batch except the samples whose names it cannot
            // store (e.g. a database that reserves the name "time"), so this is not a lost batch.
            writes.increment();
            partialWrites.increment();
            failureLog.log("Storage refused part of a write (the other samples were stored): " + refused.getMessage(), null);
        } catch (Exception e) {
            lost(samples.size(), e);
        } catch (Error e) {
            if (e instanceof VirtualMachineError) {
                throw e;
            }
            lost(samples.size(), e);
        }
    }

    private void lost(int count, Throwable e) {
        writeFailures.increment();
        samplesLost.add(count);
        failureLog.log("Storage write of " + count + " samples failed; they are lost: " + e, e);
    }
}
