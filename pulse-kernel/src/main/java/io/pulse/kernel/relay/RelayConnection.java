package io.pulse.kernel.relay;

import io.pulse.protocol.BeatLine;
import io.pulse.protocol.CommandLine;
import io.pulse.protocol.Commands;
import io.pulse.protocol.GracefulClose;
import io.pulse.protocol.IdLine;
import io.pulse.protocol.LineReader;
import io.pulse.protocol.LineTooLongException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One relay connection from accept to identification, on its own virtual thread: the TLS handshake if any, the
 * {@code auth} and {@code id} lines ({@link RelayGate}), a place under {@code --max-relays} ({@link RelayLimiter}).
 * Then:
 * <ul>
 *   <li>a plain TCP connection is handed to an event loop ({@link RelayLoop}, {@link LoopConnection}), which reads
 *   and writes it without blocking from then on;</li>
 *   <li>a TLS connection stays on this thread, which reads its lines (a second virtual thread writes them,
 *   {@link SocketWriter}): the loop does not speak TLS ({@code SSLSocket} blocks).</li>
 * </ul>
 * Either way the lines are acted on by the same {@link RelaySession}. On this thread the connection runs until the
 * relay closes, goes silent for twice the beat interval, sends an overlong line, goes beyond a
 * {@link RelayLimits limit}, or is closed by the server (replaced by a newer connection with its id, stalled, server
 * shutdown).
 *
 * <p>Thread-safety: {@link #run} is the connection's reader thread and the only thread that touches the reader and
 * the session; lines to the relay go through its {@link RelayOutput}.
 */
final class RelayConnection implements Runnable {

    private static final System.Logger LOG = System.getLogger(RelayConnection.class.getName());

    /** How long to wait for the writer to send the final error line. */
    private static final Duration WRITER_FINISH_TIMEOUT = Duration.ofSeconds(1);

    private final ConnectionContext ctx;
    private final RelayGate gate;
    private final Socket socket;
    private final String remoteAddress;
    private final Runnable onEnd;
    /** The relay once identified (a TLS connection; read by the writer thread on failure). */
    private volatile ConnectedRelay relay;

    /**
     * @param onEnd run once when the connection is closed (by this thread, or by the event loop it was handed to)
     */
    RelayConnection(ConnectionContext ctx, RelayGate gate, Socket socket, Runnable onEnd) {
        this.ctx = ctx;
        this.gate = gate;
        this.socket = socket;
        this.remoteAddress = format(socket.getRemoteSocketAddress());
        this.onEnd = onEnd;
    }

    @Override
    public void run() {
        RelaySession session = null;
        SocketWriter writer = null;
        RelayPlace place = null;
        boolean handedOver = false;
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
            if (ctx.limiter().reservePlace(id, remoteAddress, ctx.registry()) instanceof String full) {
                ctx.metrics().relaysRejected.increment();
                refuse(full);
                return;
            }
            place = new RelayPlace(ctx.limiter());
            SocketChannel channel = socket.getChannel();
            if (channel != null) {
                handedOver = handOver(id, channel, reader.takeBuffered(), place);
                if (!handedOver) {
                    ctx.metrics().relaysRejected.increment();  // the server is closing
                }
                return;
            }
            writer = new SocketWriter(socket, reason -> relay.close(reason));
            relay = new ConnectedRelay(id, remoteAddress, ctx.clock().instant(), writer, ctx.polls().wheel(),
                    ctx.polls(), ctx.metrics());
            writer.start();
            session = new RelaySession(ctx, relay,
                    batch -> RelaySession.submit(ctx.sink(), ctx.metrics(), batch), place);
            register(relay);
            serve(session, reader);
        } catch (LineTooLongException e) {
            if (session == null) {
                ctx.metrics().linesTooLong.increment();
                LOG.log(System.Logger.Level.INFO, "Relay {0} at {1} sent a line over {2} bytes; closing it",
                        "(unidentified)", remoteAddress, ctx.settings().maxLineLength());
                ctx.metrics().relaysRejected.increment();
                refuse(e.errorLine());
            } else {
                session.lineTooLong(remoteAddress);
                session.leave();
                relay.send(e.errorLine());
                closeAfterError(writer);
            }
        } catch (RelayLimitExceeded e) {
            // counted and logged by the limiter; only a registered relay can go beyond these limits
            session.leave();
            relay.send(e.errorLine());
            closeAfterError(writer);
        } catch (SocketTimeoutException e) {
            if (session == null) {
                ctx.metrics().relaysRejected.increment();
                LOG.log(System.Logger.Level.DEBUG, "Connection from {0} did not identify in time; closing it",
                        remoteAddress);
            } else {
                session.silent(remoteAddress);
            }
        } catch (IOException e) {
            String reason = relay == null ? null : relay.closeReason();
            LOG.log(System.Logger.Level.DEBUG, "Connection {0} from {1} ended: {2}",
                    relay == null ? "(unidentified)" : relay.id(), remoteAddress, reason != null ? reason : e.toString());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Unexpected failure on the connection from " + remoteAddress, e);
        } finally {
            if (!handedOver) {
                if (session != null) {
                    session.leave();
                    relay.close("connection ended");
                }
                if (place != null) {
                    place.release(); // after leaving the registry, so it never holds more than the limit; once only
                }
                closeQuietly();
                onEnd.run();
            }
        }
    }

    /**
     * Gives an identified plain TCP connection to an event loop, with what the relay sent behind its {@code id}
     * line, and registers the relay.
     *
     * @return false when no loop takes it (the server is closing)
     */
    private boolean handOver(String id, SocketChannel channel, byte[] readAhead, RelayPlace place) throws IOException {
        RelayLoop loop = ctx.loops().next();
        LoopConnection connection = new LoopConnection(loop, channel, remoteAddress, ctx.settings().maxLineLength(),
                readAhead, onEnd);
        ConnectedRelay identified = new ConnectedRelay(id, remoteAddress, ctx.clock().instant(), connection,
                loop.wheel(), ctx.polls(), ctx.metrics());
        RelaySession session = new RelaySession(ctx, identified, loop::answered, place);
        connection.attach(session);
        channel.configureBlocking(false);
        // registered (ok and beat queued) before the loop reads a line: what the relay sent behind its id line
        // comes after those, as on a connection read by its own thread; the loop writes them once it adopted it
        register(identified);
        if (!loop.adopt(connection)) {
            session.leave();
            identified.close("server shutting down");
            return false;
        }
        return true;
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

    /** The command loop of a TLS connection. Returns when the relay closes; throws on I/O problems, silence and overlong lines. */
    private void serve(RelaySession session, LineReader reader) throws IOException {
        int length;
        while ((length = reader.readLineBytes()) >= 0) {
            if (!session.onLine(reader.lineBytes(), 0, length)) {
                return;
            }
        }
        LOG.log(System.Logger.Level.DEBUG, "Relay {0} disconnected", relay.id());
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
    private void closeAfterError(SocketWriter writer) {
        try {
            writer.finish(WRITER_FINISH_TIMEOUT);
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
