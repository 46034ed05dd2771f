package io.pulse.kernel.relay;

import io.pulse.protocol.AddLine;
import io.pulse.protocol.GetLine;
import io.pulse.spi.frontend.CollectorInfo;
import io.pulse.spi.frontend.RelayInfo;
import io.pulse.spi.stats.Tags;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A relay that identified: who it is, what it exposes, when it was last polled and last answered, and the way to
 * send it lines.
 *
 * <p>Thread-safety: the collector map is replaced as a whole (copy on write) by the connection's reader thread, the
 * only thread that changes it, and read by anyone through a volatile field; timestamps are volatile; sending goes
 * through the thread-safe {@link RelayOutput}; {@link #close} may be called from any thread, any number of times.
 */
final class ConnectedRelay {

    private static final System.Logger LOG = System.getLogger(ConnectedRelay.class.getName());

    private final String id;
    private final String remoteAddress;
    private final Instant connectedSince;
    private final RelayOutput outbound;
    private final Tags hostTags;
    private final RelayMetrics metrics;
    private final AtomicReference<String> closeReason = new AtomicReference<>();
    private volatile Map<String, ExposedCollector> collectors = Map.of();
    private volatile Instant lastPoll;
    private volatile Instant lastAnswer;
    private final RelayPollPlan polls;
    /** The {@code get} naming all collectors, and the collector map it was made for (see {@link #sendGetAll}). */
    private volatile PollAllLine pollAllLine;

    private record PollAllLine(Map<String, ExposedCollector> madeFor, String line) {
    }

    /**
     * @param output where its lines go and how its connection is closed
     * @param wheel  where its regular polls wait: its event loop's (polls written straight from the loop), or the
     *               poll timer's
     */
    ConnectedRelay(String id, String remoteAddress, Instant connectedSince, RelayOutput output, PollWheel wheel,
                   PollScheduler scheduler, RelayMetrics metrics) {
        this.id = id;
        this.remoteAddress = remoteAddress;
        this.connectedSince = connectedSince;
        this.metrics = metrics;
        this.hostTags = Tags.of("host", id);
        this.outbound = output;
        this.polls = scheduler.planFor(this, wheel);
    }

    String remoteAddress() {
        return remoteAddress;
    }

    String id() {
        return id;
    }

    RelayPollPlan polls() {
        return polls;
    }

    /**
     * The tags of a sample from that collector: the collector's (see {@link ExposedCollector#sampleTags()}), or just
     * {@code host:<relay id>} for a collector this relay never added.
     */
    Tags sampleTags(String collector) {
        ExposedCollector exposed = collectors.get(collector);
        return exposed == null ? hostTags : exposed.sampleTags();
    }

    /** Its collectors, in the order they were added. */
    Map<String, ExposedCollector> collectors() {
        return collectors;
    }

    /**
     * The collector an {@code add} line exposes. A collector sent with the same tags as one this relay already
     * exposes shares that one's tags (one {@link Tags} per distinct tag list rather than one per collector: relays
     * usually send the same tags with all their collectors, and a fleet's first seconds create them all at once).
     */
    ExposedCollector expose(AddLine add) {
        for (ExposedCollector existing : collectors.values()) {
            if (existing.sentTags().equals(add.tags())) {
                return existing.renamed(add.name());
            }
        }
        return ExposedCollector.of(id, add);
    }

    /** Adds or replaces a collector (reader thread only). */
    void addCollector(ExposedCollector collector) {
        Map<String, ExposedCollector> next = new LinkedHashMap<>(collectors);
        next.put(collector.name(), collector);
        collectors = Collections.unmodifiableMap(next);
    }

    /** Removes a collector; unknown names are ignored (reader thread only). */
    void removeCollector(String name) {
        if (collectors.containsKey(name)) {
            Map<String, ExposedCollector> next = new LinkedHashMap<>(collectors);
            next.remove(name);
            collectors = Collections.unmodifiableMap(next);
        }
    }

    /**
     * Queues a line for the relay. A relay whose queue is full is not reading its socket: it is closed (and so
     * unregistered by its reader thread) rather than allowed to hold lines forever.
     *
     * @return whether the line was queued
     */
    boolean send(String line) {
        return switch (outbound.send(line)) {
            case QUEUED -> true;
            case ENDED -> false;
            case FULL -> {
                if (close("stopped reading: " + OutboundLines.CAPACITY + " lines pending")) {
                    metrics.relaysStalled.increment();
                    LOG.log(System.Logger.Level.WARNING, "Relay {0} at {1} stopped reading its connection; dropping it",
                            id, remoteAddress);
                }
                yield false;
            }
        };
    }

    /** Sends {@code get <names>}; the names must be non-empty. */
    boolean sendGet(List<String> names, Instant now) {
        String line = new GetLine(names).line();
        // recorded first, so whoever sees the line arrive also sees its time (a failed send closes the relay)
        lastPoll = now;
        if (send(line)) {
            metrics.pollsSent.increment();
            return true;
        }
        return false;
    }

    /**
     * Sends {@code get} naming all its collectors, in the order they were added; nothing when it has none. The line
     * is made once per set of collectors (they change rarely; polls come every interval), not once per poll.
     *
     * @return whether a line was queued
     */
    boolean sendGetAll(Instant now) {
        Map<String, ExposedCollector> current = collectors;
        if (current.isEmpty()) {
            return false;
        }
        PollAllLine cached = pollAllLine;
        if (cached == null || cached.madeFor() != current) {
            cached = new PollAllLine(current, new GetLine(List.copyOf(current.keySet())).line());
            pollAllLine = cached;
        }
        lastPoll = now;
        if (send(cached.line())) {
            metrics.pollsSent.increment();
            return true;
        }
        return false;
    }

    void answered(Instant when) {
        lastAnswer = when;
    }

    /**
     * Closes the connection (whoever reads it then unregisters it). The first reason wins.
     *
     * @return true if this call closed it
     */
    boolean close(String reason) {
        if (!closeReason.compareAndSet(null, reason)) {
            return false;
        }
        outbound.close();
        return true;
    }

    /** Why the server closed it, or null if it did not. */
    String closeReason() {
        return closeReason.get();
    }

    RelayInfo info() {
        List<CollectorInfo> list = new ArrayList<>();
        for (ExposedCollector c : collectors.values()) {
            list.add(c.info());
        }
        list.sort(Comparator.comparing(CollectorInfo::name));
        return new RelayInfo(id, remoteAddress, connectedSince, list, lastPoll, lastAnswer);
    }

    @Override
    public String toString() {
        return "relay " + id + " at " + remoteAddress;
    }
}
