package io.pulse.kernel.relay;

import io.pulse.protocol.AddLine;
import io.pulse.protocol.CommandLine;
import io.pulse.protocol.Commands;
import io.pulse.protocol.ErrorLines;
import io.pulse.protocol.GotLine;
import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.SampleBatch;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the server does with each line of an identified relay, whoever reads the connection: the event loop
 * ({@link RelayLoop}, plain TCP) or the connection's own virtual thread ({@link RelayConnection}, TLS). One command per
 * line (the lines are defined in {@code io.pulse.protocol}): {@code got} answers become sample batches, {@code add}
 * and {@code remove} change the relay's collectors, {@code ping} is answered, {@code close} ends the session, anything
 * else is counted as unknown. Also how a session ends (silence, overlong line, leaving the registry), so the two
 * readers count and log alike. Per-relay limits that look at lines (collectors per relay, line rate) belong here,
 * so that both readers apply them: every line of an identified relay passes through {@link #onLine}.
 *
 * <p>Not thread-safe: the connection's reading thread only (the loop thread, or the connection's virtual thread).
 */
final class RelaySession {

    private static final System.Logger LOG = System.getLogger(RelaySession.class.getName());

    /** {@code "got "}: a line starting so is an answer ({@link CommandLine#split} gives the same word and rest). */
    private static final byte[] GOT_PREFIX = (Commands.GOT + " ").getBytes(StandardCharsets.US_ASCII);

    private final ConnectionContext ctx;
    private final ConnectedRelay relay;
    private final Consumer<SampleBatch> answers;
    /** The relay's place under {@code --max-relays}, given back when it leaves the registry. */
    private final RelayPlace place;
    /** {@code --max-lines-per-second}: a fresh, full bucket per session. */
    private final LineRateLimiter lineRate;
    /** Reads an answer's items into samples; made on the first answer. */
    private AnswerItems answerItems;

    /**
     * @param answers where each answer's batch goes: straight to the sink through {@link #submit}, or to the event
     *                loop, which hands a round's answers over together
     * @param place   the place {@link RelayLimiter#reservePlace} reserved for this relay
     */
    RelaySession(ConnectionContext ctx, ConnectedRelay relay, Consumer<SampleBatch> answers, RelayPlace place) {
        this.ctx = ctx;
        this.relay = relay;
        this.answers = answers;
        this.place = place;
        this.lineRate = ctx.limiter().newLineRate(System.nanoTime());
    }

    ConnectedRelay relay() {
        return relay;
    }

    /**
     * Acts on one line, {@code bytes[from, to)} without its terminator.
     *
     * @return false when the relay said {@code close} (the caller ends the connection), else true
     * @throws RelayLimitExceeded when the line goes beyond {@code --max-lines-per-second} (then it is not acted on)
     *                            or adds a collector beyond {@code --max-collectors-per-relay}: the caller leaves,
     *                            sends the error line and closes, as after an overlong line
     */
    boolean onLine(byte[] bytes, int from, int to) throws RelayLimitExceeded {
        if (!lineRate.admit(System.nanoTime())) {
            throw new RelayLimitExceeded(ctx.limiter().lineRateRefusal(relay));
        }
        if (isGotWithItems(bytes, from, to)) {
            // the hot path (every answer to every poll): read from the bytes, no String per line or item
            got(bytes, from + GOT_PREFIX.length, to);
            return true;
        }
        String text = new String(bytes, from, to - from, StandardCharsets.UTF_8);
        CommandLine line = CommandLine.split(text);
        // Like the original, ping must be the whole line; add, remove and got need an argument; a second id
        // is not a command any more. Everything else is an unknown line.
        switch (line.word()) {
            case Commands.PING -> {
                if (line.hasRest()) {
                    unknown(text);
                } else {
                    relay.send(Commands.PONG);
                }
            }
            case Commands.CLOSE -> {
                LOG.log(System.Logger.Level.DEBUG, "Relay {0} closed the connection", relay.id());
                return false;
            }
            case Commands.OK -> {
                // an acknowledgement (e.g. of flush or override): nothing to do
            }
            case Commands.GOT -> unknown(text);  // "got" with no items (with items: above)
            case Commands.ADD -> {
                if (line.hasRest()) {
                    add(line.rest());
                } else {
                    unknown(text);
                }
            }
            case Commands.REMOVE -> {
                if (line.hasRest()) {
                    relay.removeCollector(line.rest());
                } else {
                    unknown(text);
                }
            }
            default -> unknown(text);
        }
        return true;
    }

    /**
     * {@code add <name>[:<tags>]} ({@link AddLine}). A name that is empty or contains {@code ,} could not be named
     * in a {@code get} line, so it is refused (counted, logged at debug). A new collector beyond
     * {@code --max-collectors-per-relay} ends the session ({@link RelayLimitExceeded}).
     */
    private void add(String rest) throws RelayLimitExceeded {
        AddLine add = AddLine.parse(rest);
        if (add == null) {
            ctx.metrics().linesInvalid.increment();
            LOG.log(System.Logger.Level.DEBUG, "Relay {0}: ignoring add of an unusable collector name: add {1}",
                    relay.id(), rest);
            return;
        }
        String tooMany = ctx.limiter().collectorRefusal(relay, add.name());
        if (tooMany != null) {
            throw new RelayLimitExceeded(tooMany);
        }
        relay.addCollector(relay.expose(add));
        relay.polls().start();
    }

    private static boolean isGotWithItems(byte[] line, int from, int to) {
        return to - from >= GOT_PREFIX.length
                && Arrays.equals(line, from, from + GOT_PREFIX.length, GOT_PREFIX, 0, GOT_PREFIX.length);
    }

    /**
     * {@code got <items>} ({@link GotLine}), the items being {@code line[from, to)}: the readable items become one
     * batch, timed when the line arrived and tagged as their collector's samples (through the connection's
     * {@link SeriesKeys}); the others are counted.
     */
    private void got(byte[] line, int from, int to) {
        Instant now = ctx.clock().instant();
        long timeMillis = now.toEpochMilli();
        ctx.metrics().answersReceived.increment();
        relay.answered(now);
        if (answerItems == null) {
            answerItems = new AnswerItems(new SeriesKeys(relay));
        }
        List<Sample> samples = answerItems.start(timeMillis);
        int rejected = GotLine.parse(line, from, to, answerItems);
        if (rejected > 0) {
            ctx.metrics().itemsRejected.add(rejected);
            LOG.log(System.Logger.Level.DEBUG, "Relay {0}: skipped {1} unusable item(s) in: got {2}",
                    relay.id(), rejected, new String(line, from, to - from, StandardCharsets.UTF_8));
        }
        if (samples.isEmpty()) {
            return;
        }
        ctx.metrics().itemsAccepted.add(samples.size());
        SampleBatch batch = new SampleBatch(relay.id(), timeMillis, samples);
        samples.clear();
        answers.accept(batch);
    }

    /**
     * The items of one answer as samples, by their position in it (so that {@link SeriesKeys} can compare each name
     * with the previous answer's at that position). One per session, reused for every answer: no object per answer
     * but its samples and their batch.
     */
    private static final class AnswerItems implements GotLine.ByteItemSink {

        private final SeriesKeys keys;
        /** An answer's samples while it is parsed; {@link SampleBatch} copies them, so one list serves every answer. */
        private final List<Sample> samples = new ArrayList<>(32);
        private long timeMillis;
        /** The position of the next readable item (skipped items take none). */
        private int position;

        AnswerItems(SeriesKeys keys) {
            this.keys = keys;
        }

        /** Starts an answer received at {@code timeMillis}; returns the list its samples go to. */
        List<Sample> start(long timeMillis) {
            this.timeMillis = timeMillis;
            position = 0;
            samples.clear();
            return samples;
        }

        @Override
        public void item(byte[] line, int start, int dash, int colon, double value) {
            SeriesKeys.Key key = keys.key(line, start, dash, colon, position++);
            samples.add(new Sample(key.stat(), key.tags(), timeMillis, value));
        }
    }

    /** Hands one answer to the sink (ingestion); a sink that throws loses that answer only (counted, logged). */
    static void submit(Consumer<SampleBatch> sink, RelayMetrics metrics, SampleBatch batch) {
        try {
            sink.accept(batch);
        } catch (RuntimeException e) {
            metrics.sinkFailures.increment();
            LOG.log(System.Logger.Level.WARNING, "Samples from relay " + batch.relayId() + " could not be passed on", e);
        }
    }

    private void unknown(String line) {
        ctx.metrics().linesUnknown.increment();
        if (ErrorLines.isErrorLine(line)) {
            // a relay closing on us says why (e.g. the Java relay after a line over its limit): worth seeing
            LOG.log(System.Logger.Level.INFO, "Relay {0} says: {1}", relay.id(), line);
        } else {
            LOG.log(System.Logger.Level.DEBUG, "Relay {0}: ignoring unknown line: {1}", relay.id(), line);
        }
    }

    /** The relay sent nothing at all for twice the beat interval: it is dropped (counted once, logged). */
    void silent(String remoteAddress) {
        if (relay.close("silent for " + ctx.settings().silenceTimeout().toSeconds() + " s")) {
            ctx.metrics().relaysTimedOut.increment();
            LOG.log(System.Logger.Level.INFO, "Relay {0} at {1} was silent for {2} s; dropping it",
                    relay.id(), remoteAddress, ctx.settings().silenceTimeout().toSeconds());
        }
    }

    /** The relay sent a line over the limit: counted and logged; the caller sends the error line and closes. */
    void lineTooLong(String remoteAddress) {
        ctx.metrics().linesTooLong.increment();
        LOG.log(System.Logger.Level.INFO, "Relay {0} at {1} sent a line over {2} bytes; closing it",
                relay.id(), remoteAddress, ctx.settings().maxLineLength());
    }

    /**
     * Unregisters (if still registered as this connection), stops its polls and gives back its place under
     * {@code --max-relays} (after leaving the registry, so the registry never holds more than the limit); idempotent.
     */
    void leave() {
        relay.polls().cancel();
        if (ctx.registry().unregister(relay)) {
            ctx.metrics().relaysDisconnected.increment();
        }
        place.release();
    }
}
