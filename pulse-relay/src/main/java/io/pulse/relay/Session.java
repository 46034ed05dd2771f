package io.pulse.relay;

import io.pulse.protocol.BeatLine;
import io.pulse.protocol.CommandLine;
import io.pulse.protocol.Commands;
import io.pulse.protocol.ErrorLines;
import io.pulse.protocol.GetLine;
import io.pulse.protocol.LineReader;
import io.pulse.protocol.LineTooLongException;
import io.pulse.protocol.OverrideLine;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * One identified connection to the server, from the {@code ok} to its end. Three virtual threads:
 * <ul>
 *   <li><b>reader</b> - reads lines, notes when the last one came (the heartbeat needs it), applies {@code beat}
 *       and queues requests; it never runs a collector, so a slow collector cannot starve the heartbeat;</li>
 *   <li><b>worker</b> - answers the queued requests in order ({@code get} -> {@code got}, {@code flush} and
 *       {@code override} -> {@code ok}), so answers leave in the order the requests came;</li>
 *   <li><b>heartbeat</b> - sends {@code ping} every beat and ends the session when no line at all arrives within
 *       half a beat after it, as the original relay did (it set a read deadline of beat/2 after each ping). This
 *       also catches a server that stopped reading: the ping's write may block, the check does not.</li>
 * </ul>
 * The session ends once: on end of stream, a read or write error, a line from the server over the limit (the
 * protocol's policy, see {@link LineTooLongException}: the relay writes the error line, then closes), a missed
 * heartbeat, or {@link #close()}; it then tells its {@link Owner}, which decides whether to reconnect. A session is
 * never reused.
 *
 * <p>Thread-safe: {@link #send} and {@link #close} may be called from any thread.
 */
final class Session {

    /** What a session needs from its relay. Implementations must be thread-safe. */
    interface Owner {

        /** The registered collectors among these names, in the given order (unknown names are left out). */
        List<CollectorEntry> entries(Collection<String> names);

        /** The server said {@code flush}. */
        void flush();

        /** The server said {@code override}. */
        void override(OverrideLine override);

        /** The heartbeat interval in force (the server's last {@code beat}, kept across sessions). */
        Duration beat();

        /** The server said {@code beat}. */
        void beat(Duration beat);

        /** The session ended; called exactly once, possibly from the thread that called {@link #close()}. */
        void ended(Session session, String reason);
    }

    private static final System.Logger LOG = System.getLogger(Session.class.getName());
    /** Requests waiting for the worker; more than this means the server polls faster than we can answer. */
    private static final int REQUEST_QUEUE = 64;
    /** How long the error line before closing may take to write (the server may not be reading). */
    private static final Duration ERROR_LINE_LIMIT = Duration.ofSeconds(1);
    /** Shortest beat honoured: a smaller one would flood the server with pings. */
    static final Duration MIN_BEAT = Duration.ofMillis(100);

    private final LineConnection connection;
    private final Owner owner;
    private final Duration collectTimeout;
    private final BlockingQueue<CommandLine> requests = new ArrayBlockingQueue<>(REQUEST_QUEUE);
    private final AtomicBoolean ended = new AtomicBoolean();
    private final long startedNanos = System.nanoTime();
    private volatile long lastLineNanos = startedNanos;
    private volatile Thread heartbeat;
    private volatile Thread worker;

    Session(LineConnection connection, Owner owner, Duration collectTimeout) {
        this.connection = connection;
        this.owner = owner;
        this.collectTimeout = collectTimeout;
    }

    /** Starts the reader, worker and heartbeat threads. */
    void start() {
        worker = Thread.ofVirtual().name("pulse-relay-worker").start(this::answerRequests);
        heartbeat = Thread.ofVirtual().name("pulse-relay-heartbeat").start(this::beatLoop);
        Thread.ofVirtual().name("pulse-relay-reader").start(this::readLoop);
    }

    /** How long this session has been up. */
    Duration age() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** Writes one line (its terminator is added); a failure ends the session. */
    void sendLine(String line) {
        send(line + LineReader.TERMINATOR);
    }

    /**
     * Writes the text (complete lines with their terminators); a failure ends the session (the owner reconnects and
     * re-sends what matters).
     */
    void send(String text) {
        if (ended.get()) {
            return;
        }
        try {
            connection.write(text);
        } catch (IOException e) {
            end("writing to the server failed: " + e.getMessage());
        }
    }

    /**
     * Writes the text, waiting at most {@code limit} for the write to finish (a server that stopped reading can
     * block a write for as long as it likes); used for the goodbye lines before {@link #close()}.
     */
    void sendWithin(String text, Duration limit) {
        Thread writer = Thread.ofVirtual().name("pulse-relay-goodbye").start(() -> send(text));
        try {
            if (!writer.join(limit)) {
                LOG.log(Level.WARNING, "the server did not take the relay's last lines within " + limit
                        + "; closing anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the session and closes its socket. Idempotent. */
    void close() {
        end("closed by the relay");
    }

    private void end(String reason) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        connection.close();
        Thread beating = heartbeat;
        if (beating != null) {
            LockSupport.unpark(beating);
        }
        Thread working = worker;
        if (working != null) {
            working.interrupt();
        }
        owner.ended(this, reason);
    }

    private void readLoop() {
        try {
            String line;
            while ((line = connection.readLine()) != null) {
                lastLineNanos = System.nanoTime();
                try {
                    dispatch(line);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "could not handle the server line \"" + line + "\"", e);
                }
            }
            end("the server closed the connection");
        } catch (LineTooLongException e) {
            // The rest of the line would be read as commands: say why, and start over on a new connection.
            LOG.log(Level.WARNING, "the server " + connection.peer() + " sent a line over " + e.maxLineLength()
                    + " bytes; closing the connection");
            sendWithin(e.errorLine() + LineReader.TERMINATOR, ERROR_LINE_LIMIT);
            if (!ended.get()) {
                connection.closeAfterErrorLine();
            }
            end("the server sent a line over " + e.maxLineLength() + " bytes");
        } catch (IOException e) {
            end("reading from the server failed: " + e.getMessage());
        }
    }

    private void dispatch(String text) {
        CommandLine line = CommandLine.split(text);
        switch (line.word()) {
            case Commands.OK, Commands.PONG -> {
                // acknowledgements: arriving at all is what the heartbeat needs
            }
            case Commands.BEAT -> applyBeat(line.rest());
            case Commands.GET, Commands.FLUSH, Commands.OVERRIDE -> {
                if (line.word().equals(Commands.GET) && !line.hasRest()) {
                    LOG.log(Level.DEBUG, "ignoring 'get' without collectors");
                } else if (!requests.offer(line)) {
                    LOG.log(Level.WARNING, "the server sends requests faster than the relay answers them; dropped \""
                            + text + "\"");
                }
            }
            default -> {
                if (ErrorLines.isErrorLine(text)) {
                    LOG.log(Level.WARNING, "the server " + connection.peer() + " says: " + text);
                } else {
                    LOG.log(Level.DEBUG, () -> "ignoring unknown server line \"" + text + "\"");
                }
            }
        }
    }

    private void applyBeat(String argument) {
        if (argument == null) {
            return;
        }
        try {
            Duration beat = BeatLine.parse(argument).interval();
            if (beat.compareTo(MIN_BEAT) < 0) {
                LOG.log(Level.WARNING, "ignoring 'beat " + argument + "': shorter than " + MIN_BEAT);
                return;
            }
            owner.beat(beat);
            Thread beating = heartbeat;
            if (beating != null) {
                LockSupport.unpark(beating); // reschedule the next ping with the new interval
            }
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "ignoring 'beat " + argument + "': " + e.getMessage());
        }
    }

    private void answerRequests() {
        try {
            while (!ended.get()) {
                CommandLine line = requests.take();
                try {
                    answer(line);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "could not answer the server line \"" + line.text() + "\"", e);
                }
            }
        } catch (InterruptedException e) {
            // the session ended
        }
    }

    private void answer(CommandLine line) throws InterruptedException {
        switch (line.word()) {
            case Commands.GET -> {
                GetLine get = GetLine.parse(line.rest());
                if (get == null) {
                    return;
                }
                List<CollectorEntry> entries = owner.entries(new LinkedHashSet<>(get.collectors()));
                if (entries.isEmpty()) {
                    return;
                }
                String got = CollectedValues.gather(entries, collectTimeout).gotLine();
                if (got != null) {
                    sendLine(got);
                }
            }
            case Commands.FLUSH -> {
                owner.flush();
                sendLine(Commands.OK);
            }
            case Commands.OVERRIDE -> {
                OverrideLine.Parsed override;
                try {
                    override = OverrideLine.parse(line.rest());
                } catch (IllegalArgumentException e) {
                    LOG.log(Level.WARNING, "ignoring \"" + line.text() + "\": " + e.getMessage());
                    return;
                }
                if (!override.rejected().isEmpty()) {
                    LOG.log(Level.WARNING, "override items skipped: " + override.rejected());
                }
                owner.override(override.override());
                sendLine(Commands.OK);
            }
            default -> throw new IllegalStateException("not a request: " + line.text());
        }
    }

    private void beatLoop() {
        long periodStart = System.nanoTime();
        while (!ended.get()) {
            long due = periodStart + owner.beat().toNanos();
            long now = System.nanoTime();
            if (now - due < 0) {
                LockSupport.parkNanos(due - now); // woken early by a new beat or the end: recompute
                continue;
            }
            long pingedAt = System.nanoTime();
            // Written from its own short-lived thread: if the server stopped reading and the socket buffer is
            // full, the write blocks - and the missing answer below must still be noticed (closing the socket
            // then unblocks the write).
            Thread.ofVirtual().name("pulse-relay-ping").start(() -> sendLine(Commands.PING));
            long deadline = pingedAt + owner.beat().toNanos() / 2;
            while (!ended.get() && (now = System.nanoTime()) - deadline < 0) {
                LockSupport.parkNanos(deadline - now);
            }
            if (ended.get()) {
                return;
            }
            if (lastLineNanos - pingedAt < 0) {
                LOG.log(Level.WARNING, "no answer from " + connection.peer() + " within "
                        + Duration.ofNanos(deadline - pingedAt) + " of a ping");
                end("the server did not answer a ping");
                return;
            }
            periodStart = pingedAt;
        }
    }
}
