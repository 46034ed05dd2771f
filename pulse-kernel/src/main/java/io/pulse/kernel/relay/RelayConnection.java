package io.pulse.kernel.relay;

import io.pulse.protocol.AddLine;
import io.pulse.protocol.BeatLine;
import io.pulse.protocol.CommandLine;
import io.pulse.protocol.Commands;
import io.pulse.protocol.ErrorLines;
import io.pulse.protocol.GotLine;
import io.pulse.protocol.GracefulClose;
import io.pulse.protocol.IdLine;
import io.pulse.protocol.LineReader;
import io.pulse.protocol.LineTooLongException;
import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.SampleBatch;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One relay connection, from accept to close, on its own virtual thread: the handshake, then one command per line
 * (the lines are defined in {@code io.pulse.protocol}), until the relay closes, goes silent for twice the beat
 * interval, sends an overlong line, goes beyond a {@link RelayLimits limit} ({@link RelayLimiter}), or is closed by
 * the server (replaced by a newer connection with its id, stalled, server shutdown).
 *
 * <p>Thread-safety: {@link #run} is the connection's reader thread and the only thread that touches the reader and
 * the relay's collectors; lines to the relay go through its {@link OutboundLines} writer thread.
 */
final class RelayConnection implements Runnable {

    private static final System.Logger LOG = System.getLogger(RelayConnection.class.getName());

    /** How long to wait for the writer to send the final error line. */
    private static final Duration WRITER_FINISH_TIMEOUT = Duration.ofSeconds(1);

    private final ConnectionContext ctx;
    private final RelayGate gate;
    private final Socket socket;
    private final String remoteAddress;
    /** Item names to series, made on the first answer (reader thread only). */
    private SeriesKeys seriesKeys;

    RelayConnection(ConnectionContext ctx, RelayGate gate, Socket socket) {
        this.ctx = ctx;
        this.gate = gate;
        this.socket = socket;
        this.remoteAddress = format(socket.getRemoteSocketAddress());
    }

    @Override
    public void run() {
        ConnectedRelay relay = null;
        boolean holdsPlace = false;
        try {
            socket.setSoTimeout(Math.toIntExact(ctx.settings().silenceTimeout().toMillis()));
            socket.setTcpNoDelay(true);
            if (!gate.handshake(socket, remoteAddress)) {
                ctx.metrics().relaysRejected.increment();
                return;
            }
            LineReader reader = new LineReader(socket.getInputStream(), ctx.settings().maxLineLength());

            String id = handshake(reader);
            if (id == null) {
                return;
            }
            String full = ctx.limiter().reservePlace(id, remoteAddress, ctx.registry());
            if (full != null) {
                ctx.metrics().relaysRejected.increment();
                refuse(full);
                return;
            }
            holdsPlace = true;
            relay = new ConnectedRelay(id, remoteAddress, ctx.clock().instant(), socket, ctx.polls(), ctx.metrics());
            relay.startWriter();
            register(relay);
            serve(relay, reader);
        } catch (LineTooLongException e) {
            ctx.metrics().linesTooLong.increment();
            LOG.log(System.Logger.Level.INFO, "Relay {0} at {1} sent a line over {2} bytes; closing it",
                    relay == null ? "(unidentified)" : relay.id(), remoteAddress, ctx.settings().maxLineLength());
            if (relay == null) {
                ctx.metrics().relaysRejected.increment();
                refuse(e.errorLine());
            } else {
                leave(relay);
                relay.send(e.errorLine());
                closeAfterError(relay);
            }
        } catch (RelayLimitExceeded e) {
            // counted and logged by the limiter; only a registered relay can go beyond these limits
            leave(relay);
            relay.send(e.errorLine());
            closeAfterError(relay);
        } catch (SocketTimeoutException e) {
            if (relay == null) {
                ctx.metrics().relaysRejected.increment();
                LOG.log(System.Logger.Level.DEBUG, "Connection from {0} did not identify in time; closing it",
                        remoteAddress);
            } else if (relay.close("silent for " + ctx.settings().silenceTimeout().toSeconds() + " s")) {
                ctx.metrics().relaysTimedOut.increment();
                LOG.log(System.Logger.Level.INFO, "Relay {0} at {1} was silent for {2} s; dropping it",
                        relay.id(), remoteAddress, ctx.settings().silenceTimeout().toSeconds());
            }
        } catch (IOException e) {
            String reason = relay == null ? null : relay.closeReason();
            LOG.log(System.Logger.Level.DEBUG, "Connection {0} from {1} ended: {2}",
                    relay == null ? "(unidentified)" : relay.id(), remoteAddress, reason != null ? reason : e.toString());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Unexpected failure on the connection from " + remoteAddress, e);
        } finally {
            if (relay != null) {
                leave(relay);
                relay.close("connection ended");
            }
            closeQuietly();
            if (holdsPlace) {
                ctx.limiter().releasePlace(); // after leaving the registry, so it never holds more than the limit
            }
        }
    }

    /**
     * Reads the first line: {@code id <ID>} gives the id; anything else gets the original's error line (see
     * {@link IdLine#refusal}) and the connection is closed. Returns null when refused. When the server requires a
     * relay token, {@code auth <token>} must come first (answered {@code ok}); when it has an id allow-list, the id
     * must be on it ({@link RelayGate}).
     */
    private String handshake(LineReader reader) throws IOException {
        String first = reader.readLine();
        if (first != null && gate.requiresToken()) {
            String refusal = gate.authRefusal(first, remoteAddress);
            if (refusal != null) {
                ctx.metrics().relaysRejected.increment();
                refuse(refusal);
                return null;
            }
            writeDirect(Commands.OK);
            first = reader.readLine();
        }
        if (first == null) {
            ctx.metrics().relaysRejected.increment();
            return null;
        }
        CommandLine line = CommandLine.split(first);
        String refusal = IdLine.refusal(line);
        if (refusal == null) {
            refusal = gate.idRefusal(line.rest(), remoteAddress);
        }
        if (refusal != null) {
            ctx.metrics().relaysRejected.increment();
            LOG.log(System.Logger.Level.DEBUG, "Connection from {0} did not identify ({1}); closing it",
                    remoteAddress, refusal);
            refuse(refusal);
            return null;
        }
        return line.rest();
    }

    /** Greets, registers (replacing an older connection with the same id) and applies overrides in force. */
    private void register(ConnectedRelay relay) {
        // ok and beat are queued before the relay is visible to anyone else, so no other line can precede them.
        relay.send(Commands.OK);
        relay.send(new BeatLine(ctx.settings().beatInterval()).line());
        ConnectedRelay older = ctx.registry().register(relay);
        ctx.metrics().relaysAccepted.increment();
        if (older != null && older != relay) {
            ctx.metrics().relaysReplaced.increment();
            LOG.log(System.Logger.Level.INFO, "Relay {0} connected again from {1}; closing its older connection from {2}",
                    relay.id(), remoteAddress, older.info().remoteAddress());
            older.close("replaced by a newer connection from " + remoteAddress);
        }
        LOG.log(System.Logger.Level.DEBUG, "Relay {0} identified from {1}", relay.id(), remoteAddress);
        long now = System.nanoTime();
        for (OverrideBook.ActiveOverride override : ctx.overrides().active()) {
            relay.polls().applyOverride(override, now);
        }
    }

    /**
     * The command loop. Returns when the relay closes; throws on I/O problems, silence, overlong lines and lines
     * beyond {@code --max-lines-per-second} (then the line is not acted on).
     */
    private void serve(ConnectedRelay relay, LineReader reader) throws IOException {
        LineRateLimiter rate = ctx.limiter().newLineRate(System.nanoTime());
        int length;
        while ((length = reader.readLineBytes()) >= 0) {
            if (!rate.admit(System.nanoTime())) {
                throw new RelayLimitExceeded(ctx.limiter().lineRateRefusal(relay));
            }
            byte[] bytes = reader.lineBytes();
            if (isGotWithItems(bytes, length)) {
                // the hot path (every answer to every poll): read from the bytes, no String per line or item
                got(relay, bytes, GOT_PREFIX.length, length);
                continue;
            }
            String text = reader.text(length);
            CommandLine line = CommandLine.split(text);
            // Like the original, ping must be the whole line; add, remove and got need an argument; a second id
            // is not a command any more. Everything else is an unknown line.
            switch (line.word()) {
                case Commands.PING -> {
                    if (line.hasRest()) {
                        unknown(relay, text);
                    } else {
                        relay.send(Commands.PONG);
                    }
                }
                case Commands.CLOSE -> {
                    LOG.log(System.Logger.Level.DEBUG, "Relay {0} closed the connection", relay.id());
                    return;
                }
                case Commands.OK -> {
                    // an acknowledgement (e.g. of flush or override): nothing to do
                }
                case Commands.GOT -> unknown(relay, text);  // "got" with no items (with items: above)
                case Commands.ADD -> {
                    if (line.hasRest()) {
                        add(relay, line.rest());
                    } else {
                        unknown(relay, text);
                    }
                }
                case Commands.REMOVE -> {
                    if (line.hasRest()) {
                        relay.removeCollector(line.rest());
                    } else {
                        unknown(relay, text);
                    }
                }
                default -> unknown(relay, text);
            }
        }
        LOG.log(System.Logger.Level.DEBUG, "Relay {0} disconnected", relay.id());
    }

    /**
     * {@code add <name>[:<tags>]} ({@link AddLine}). A name that is empty or contains {@code ,} could not be named
     * in a {@code get} line, so it is refused (counted, logged at debug). A new collector beyond
     * {@code --max-collectors-per-relay} closes the connection ({@link RelayLimitExceeded}).
     */
    private void add(ConnectedRelay relay, String rest) throws RelayLimitExceeded {
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
        relay.addCollector(ExposedCollector.of(relay.id(), add));
        relay.polls().start();
    }

    /** {@code "got "}: a line starting so is an answer ({@link CommandLine#split} gives the same word and rest). */
    private static final byte[] GOT_PREFIX = (Commands.GOT + " ").getBytes(StandardCharsets.US_ASCII);

    private static boolean isGotWithItems(byte[] line, int length) {
        return length >= GOT_PREFIX.length && Arrays.equals(line, 0, GOT_PREFIX.length, GOT_PREFIX, 0, GOT_PREFIX.length);
    }

    /**
     * {@code got <items>} ({@link GotLine}), the items being {@code line[from, to)}: the readable items become one
     * batch, timed when the line arrived and tagged as their collector's samples (through the connection's
     * {@link SeriesKeys}); the others are counted.
     */
    private void got(ConnectedRelay relay, byte[] line, int from, int to) {
        Instant now = ctx.clock().instant();
        long timeMillis = now.toEpochMilli();
        ctx.metrics().answersReceived.increment();
        relay.answered(now);
        if (seriesKeys == null) {
            seriesKeys = new SeriesKeys(relay);
        }
        SeriesKeys keys = seriesKeys;
        List<Sample> samples = new ArrayList<>(32);
        int rejected = GotLine.parse(line, from, to, (bytes, start, dash, colon, value) -> {
            SeriesKeys.Key key = keys.key(bytes, start, dash, colon);
            samples.add(new Sample(key.stat(), key.tags(), timeMillis, value));
        });
        if (rejected > 0) {
            ctx.metrics().itemsRejected.add(rejected);
            LOG.log(System.Logger.Level.DEBUG, "Relay {0}: skipped {1} unusable item(s) in: got {2}",
                    relay.id(), rejected, new String(line, from, to - from, StandardCharsets.UTF_8));
        }
        if (samples.isEmpty()) {
            return;
        }
        ctx.metrics().itemsAccepted.add(samples.size());
        try {
            ctx.sink().accept(new SampleBatch(relay.id(), timeMillis, samples));
        } catch (RuntimeException e) {
            ctx.metrics().sinkFailures.increment();
            LOG.log(System.Logger.Level.WARNING, "Samples from relay " + relay.id() + " could not be passed on", e);
        }
    }

    private void unknown(ConnectedRelay relay, String line) {
        ctx.metrics().linesUnknown.increment();
        if (ErrorLines.isErrorLine(line)) {
            // a relay closing on us says why (e.g. the Java relay after a line over its limit): worth seeing
            LOG.log(System.Logger.Level.INFO, "Relay {0} says: {1}", relay.id(), line);
        } else {
            LOG.log(System.Logger.Level.DEBUG, "Relay {0}: ignoring unknown line: {1}", relay.id(), line);
        }
    }

    /** Unregisters (if still registered as this connection) and stops its polls; idempotent. */
    private void leave(ConnectedRelay relay) {
        relay.polls().cancel();
        if (ctx.registry().unregister(relay)) {
            ctx.metrics().relaysDisconnected.increment();
        }
    }

    /**
     * Before identification: writes the error line directly (nothing else writes yet), then closes so that the
     * peer can read it ({@link GracefulClose}).
     */
    private void refuse(String message) {
        try {
            writeDirect(message);
            GracefulClose.shutdownAndDrain(socket);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Could not tell " + remoteAddress + ": " + message, e);
        }
    }

    /** Before identification only (no writer thread yet): writes one line straight to the socket. */
    private void writeDirect(String line) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((line + LineReader.TERMINATOR).getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** After an error line was queued to a registered relay: let the writer send it, then close gently. */
    private void closeAfterError(ConnectedRelay relay) {
        try {
            relay.finishOutput(WRITER_FINISH_TIMEOUT);
            GracefulClose.shutdownAndDrain(socket);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Could not close relay " + relay.id() + " gently", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Closing the connection from " + remoteAddress + " failed", e);
        }
    }

    /** {@code host:port}, with brackets around IPv6 addresses. */
    static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            String host = inet.getAddress().getHostAddress();
            return (inet.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
