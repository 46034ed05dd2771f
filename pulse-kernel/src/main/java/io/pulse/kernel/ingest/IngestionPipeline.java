package io.pulse.kernel.ingest;

import io.pulse.kernel.metrics.Metrics;
import io.pulse.spi.metrics.PluginMetrics;
import io.pulse.spi.publish.LivePublisher;
import io.pulse.spi.stats.SampleBatch;
import io.pulse.spi.stats.SampleFeed;
import io.pulse.spi.stats.SampleSubscription;
import io.pulse.spi.storage.Storage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Where every relay answer goes: {@link #submit} puts the batch on
 * <ul>
 *   <li>the <b>storage queue</b> (bounded; when full the <em>oldest</em> queued batch is dropped, counted and
 *   logged at most every 10 s - the newest data is what dashboards and alerts need, and memory stays bounded), read
 *   by one storage writer thread that merges batches across relays into writes of at most
 *   {@link IngestionSettings#writeBatchMaxSamples()} samples / {@link IngestionSettings#writeBatchMaxDelay()}
 *   ({@link StorageWriter});</li>
 *   <li>one <b>lane per live publisher</b> and one <b>lane per front-end subscriber</b> ({@link DeliveryLane}),
 *   each with its own bounded queue and thread: a slow one loses its own oldest batches, never anyone else's.</li>
 * </ul>
 * {@code submit} never blocks for long (a lock held for a queue insertion), whatever storage or publishers do.
 *
 * <p>Counters (names in {@code docs/protocol.md}): {@code samples.ingested}, {@code batches.ingested},
 * {@code storage.queue.depth} (gauge), {@code storage.batches.dropped}, {@code storage.samples.dropped},
 * {@code storage.writes}, {@code storage.samples.written}, {@code storage.write.failures},
 * {@code storage.samples.lost}, {@code storage.writes.partial} (writes where the backend refused some samples, e.g.
 * for stat names it cannot store), {@code storage.samples.refused} (the samples it refused),
 * {@code publisher.<id>.dropped}, {@code publisher.<id>.failures},
 * {@code publisher.<id>.queue.depth} (gauge), {@code subscribers.active} (gauge), {@code subscribers.dropped},
 * {@code subscribers.failures}.
 *
 * <p>Thread-safe. Lifecycle: construct, {@link #start()} once, {@link #close()} once (idempotent). Batches submitted
 * before {@code start} wait in the queues; batches submitted after {@code close} are ignored.
 */
public final class IngestionPipeline implements SampleFeed, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(IngestionPipeline.class.getName());
    private static final Duration LOG_PERIOD = Duration.ofSeconds(10);
    /** How long close() lets the storage writer write what is queued. */
    private static final Duration STORAGE_DRAIN_TIMEOUT = Duration.ofSeconds(3);
    /** How long close() lets the publishers deliver what is queued. */
    private static final Duration PUBLISHER_DRAIN_TIMEOUT = Duration.ofSeconds(1);

    private final IngestionSettings settings;
    private final DropOldestQueue<SampleBatch> storageQueue;
    private final StorageWriter storageWriter;
    /** Guarded by {@code this}; written only before start. */
    private final Map<String, DeliveryLane> publisherLanes = new LinkedHashMap<>();
    /** What submit() iterates: an immutable snapshot, republished whole when a publisher is added. */
    private volatile DeliveryLane[] publisherLaneSnapshot = new DeliveryLane[0];
    private final Metrics metrics;
    private final List<DeliveryLane> subscriberLanes = new CopyOnWriteArrayList<>();
    private final AtomicLong subscriberIds = new AtomicLong();

    private final LongAdder samplesIngested;
    private final LongAdder batchesIngested;
    private final LongAdder storageBatchesDropped;
    private final LongAdder storageSamplesDropped;
    private final LongAdder subscribersDropped;
    private final LongAdder subscribersFailures;
    private final RateLimitedLog storageDropLog =
            new RateLimitedLog(LOG, System.Logger.Level.WARNING, LOG_PERIOD);
    private final RateLimitedLog subscriberFailureLog =
            new RateLimitedLog(LOG, System.Logger.Level.WARNING, LOG_PERIOD);

    private volatile boolean closed;
    private Thread writerThread;
    private boolean started;

    /**
     * @param storage    the active storage backend (written from one thread)
     * @param publishers the live publishers by id (the id names their counters); may be empty
     * @param metrics    where the counters go
     * @param settings   queue and batch bounds
     */
    public IngestionPipeline(Storage storage, Map<String, LivePublisher> publishers, Metrics metrics,
                             IngestionSettings settings) {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(publishers, "publishers");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.settings = Objects.requireNonNull(settings, "settings");

        samplesIngested = metrics.counter("samples.ingested");
        batchesIngested = metrics.counter("batches.ingested");
        storageBatchesDropped = metrics.counter("storage.batches.dropped");
        storageSamplesDropped = metrics.counter("storage.samples.dropped");
        subscribersDropped = metrics.counter("subscribers.dropped");
        subscribersFailures = metrics.counter("subscribers.failures");

        storageQueue = new DropOldestQueue<>(settings.storageQueueCapacity());
        storageWriter = new StorageWriter(storageQueue, storage, settings,
                metrics.counter("storage.writes"), metrics.counter("storage.samples.written"),
                metrics.counter("storage.write.failures"), metrics.counter("storage.samples.lost"),
                metrics.counter("storage.writes.partial"), metrics.counter("storage.samples.refused"),
                new RateLimitedLog(LOG, System.Logger.Level.WARNING, LOG_PERIOD),
                metrics.families().scope("pulse_").histogram("storage_write_seconds",
                    "Time each storage write took, failed ones included.", PluginMetrics.secondsBuckets()));
        metrics.gauge("storage.queue.depth", storageQueue::size);

        publishers.forEach(this::addPublisher);
        metrics.gauge("subscribers.active", subscriberLanes::size);
    }

    /**
     * Adds a live publisher, with its own lane, before {@link #start()}: publishers are created after the pipeline, so
     * that they can subscribe to the sample feed from their factory.
     *
     * @param id the publisher's id, which names its counters
     */
    public synchronized void addPublisher(String id, LivePublisher publisher) {
        Objects.requireNonNull(publisher, "publisher " + id);
        if (started || closed) {
            throw new IllegalStateException("publishers are added before the pipeline starts");
        }
        if (publisherLanes.containsKey(id)) {
            throw new IllegalArgumentException("publisher " + id + " was already added");
        }
        String prefix = "publisher." + id + ".";
        DeliveryLane lane = new DeliveryLane("publisher " + id, settings.publisherQueueCapacity(),
                publisher::publish, metrics.counter(prefix + "dropped"), metrics.counter(prefix + "failures"),
                new RateLimitedLog(LOG, System.Logger.Level.WARNING, LOG_PERIOD));
        metrics.gauge(prefix + "queue.depth", lane::depth);
        publisherLanes.put(id, lane);
        publisherLaneSnapshot = publisherLanes.values().toArray(DeliveryLane[]::new);
    }

    /** Starts the storage writer and the publisher threads. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("ingestion pipeline already started");
        }
        if (closed) {
            throw new IllegalStateException("ingestion pipeline is closed");
        }
        started = true;
        writerThread = Thread.ofPlatform().name("pulse-storage-writer").daemon(true).start(storageWriter);
        publisherLanes.values().forEach(DeliveryLane::start);
    }

    /**
     * Takes one relay answer: queues it for storage and for every publisher and subscriber. Never blocks for long;
     * when a queue is full its oldest batch is dropped and counted.
     */
    public void submit(SampleBatch batch) {
        Objects.requireNonNull(batch, "batch");
        if (closed) {
            return;
        }
        samplesIngested.add(batch.samples().size());
        batchesIngested.increment();
        SampleBatch evicted = storageQueue.offer(batch);
        if (evicted != null) {
            storageBatchesDropped.increment();
            storageSamplesDropped.add(evicted.samples().size());
            storageDropLog.log("Storage is not keeping up: its queue of " + settings.storageQueueCapacity()
                    + " batches is full, dropping the oldest (storage.batches.dropped counts them)", null);
        }
        for (DeliveryLane lane : publisherLaneSnapshot) {
            lane.offer(batch);
        }
        for (DeliveryLane lane : subscriberLanes) {
            lane.offer(batch);
        }
    }

    @Override
    public SampleSubscription subscribe(String name, int capacity, Consumer<SampleBatch> listener) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(listener, "listener");
        if (capacity < 1) {
            throw new IllegalArgumentException("subscription capacity must be at least 1, got " + capacity);
        }
        if (closed) {
            throw new IllegalStateException("ingestion pipeline is closed");
        }
        DeliveryLane lane = new DeliveryLane("subscriber-" + name + "-" + subscriberIds.incrementAndGet(), capacity,
                listener::accept, subscribersDropped, subscribersFailures, subscriberFailureLog);
        subscriberLanes.add(lane);
        lane.start();
        return new Subscription(lane);
    }

    /** A subscriber's own lane; closing it removes the lane and discards what is queued. */
    private final class Subscription implements SampleSubscription {
        private final DeliveryLane lane;

        private Subscription(DeliveryLane lane) {
            this.lane = lane;
        }

        @Override
        public long dropped() {
            return lane.dropped();
        }

        @Override
        public void close() {
            subscriberLanes.remove(lane);
            lane.stopNow();
        }
    }

    /**
     * Stops taking batches; lets the storage writer write what is queued (up to 3 s) and the publishers deliver what
     * is queued (up to 1 s); discards subscribers' queues. What could not be written in time is counted as dropped.
     */
    @Override
    public void close() {
        Thread writer;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            writer = writerThread;
        }
        storageQueue.close();
        publisherLanes.values().forEach(DeliveryLane::closeInput);
        for (DeliveryLane lane : subscriberLanes) {
            lane.stopNow();
        }
        subscriberLanes.clear();
        try {
            if (writer != null && !writer.join(STORAGE_DRAIN_TIMEOUT)) {
                LOG.log(System.Logger.Level.WARNING, "Storage did not take the queued samples within {0}; dropping them",
                        STORAGE_DRAIN_TIMEOUT);
                writer.interrupt();
                writer.join(Duration.ofSeconds(1));
            }
            List<SampleBatch> left = new ArrayList<>();
            storageQueue.drainTo(left, Integer.MAX_VALUE);
            for (SampleBatch batch : left) {
                storageBatchesDropped.increment();
                storageSamplesDropped.add(batch.samples().size());
            }
            long publishersDeadline = System.nanoTime() + PUBLISHER_DRAIN_TIMEOUT.toNanos();
            for (Map.Entry<String, DeliveryLane> e : publisherLanes.entrySet()) {
                if (!e.getValue().awaitDrained(publishersDeadline)) {
                    LOG.log(System.Logger.Level.WARNING, "Publisher {0} did not take its queued batches in time",
                            e.getKey());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            publisherLanes.values().forEach(DeliveryLane::stopNow);
        }
    }
}
