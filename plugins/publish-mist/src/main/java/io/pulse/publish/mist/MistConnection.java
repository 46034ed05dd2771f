package io.pulse.publish.mist;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One TCP connection to Mist: the handshake, writes that cannot block for longer than the write timeout, and a
 * reader that counts pongs and notices when Mist goes away. Thread-safe: writes from the publishing thread and the
 * keep-alive pings are serialised by a lock; once closed it stays closed and keeps the first reason.
 *
 * <p>A blocking socket has no write timeout, so the reader doubles as the watchdog: it reads with a short timeout and,
 * whenever it wakes, closes the socket if a write has been in progress for longer than allowed, which makes that
 * write fail at once. This is what keeps a hung Mist from holding the publisher's thread forever.
 */
final class MistConnection {

    /** How often the reader wakes to check a write in progress. */
    private static final int WATCHDOG_MILLIS = 100;
    /** Mist's answers are short; a longer line is not one we asked for and is skipped, so memory stays bounded. */
    private static final int MAX_LINE = 64 * 1024;

    private final Socket socket;
    private final OutputStream out;
    private final long writeTimeoutNanos;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Object signal = new Object();
    private volatile long writeStartedNanos; // 0 = no write in progress
    private long pongs; // guarded by signal
    private String closeReason; // guarded by signal; null while open
    private long pingsSent; // only the keep-alive thread pings after the handshake

    private MistConnection(Socket socket, Duration writeTimeout) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.writeTimeoutNanos = writeTimeout.toNanos();
    }

    /**
     * Connects, authenticates when there is a token, and waits for the answer to a ping, all within the connect
     * timeout. Mist answers a wrong token by closing the socket without a word, so "closed before the pong" is how a
     * wrong token shows.
     *
     * @throws IOException with a reason an operator can act on
     */
    static MistConnection open(MistSettings settings) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + settings.connectTimeout().toNanos();
        Socket socket = new Socket();
        MistConnection connection;
        try {
            InetSocketAddress target = new InetSocketAddress(settings.address().host(), settings.address().port());
            if (target.isUnresolved()) {
                throw new IOException("cannot resolve " + settings.address().host());
            }
            socket.connect(target, (int) Math.max(1, settings.connectTimeout().toMillis()));
            if (socket.getLocalSocketAddress().equals(socket.getRemoteSocketAddress())) {
                // TCP self-connect: with nothing listening on a loopback port in the ephemeral range, the kernel may
                // pick that very port as ours and connect us to ourselves. It would hold the port Mist restarts on.
                throw new IOException("nothing listens at " + settings.address() + " (the connection reached itself)");
            }
            socket.setSoTimeout(WATCHDOG_MILLIS);
            socket.setTcpNoDelay(true);
            connection = new MistConnection(socket, settings.writeTimeout());
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        Thread.ofVirtual().name("mist-reader").start(connection::read);
        try {
            if (settings.hasToken()) {
                connection.write(MistMessages.auth(settings.token()));
            }
            connection.ping();
            long remaining = deadline - System.nanoTime();
            if (!connection.awaitPong(1, remaining)) {
                String closed = connection.closeReason();
                throw new IOException(closed != null
                    ? (settings.hasToken() ? "Mist closed the connection during the handshake (a wrong --mist-token?)"
                        : "Mist closed the connection during the handshake (does it require a --mist-token?)")
                    : "no answer to ping within " + settings.connectTimeout().toMillis() + " ms");
            }
            return connection;
        } catch (IOException | InterruptedException | RuntimeException e) {
            connection.close("handshake failed");
            throw e;
        }
    }

    /** Writes whole messages; fails (and closes) when the socket fails or the write outlasts the write timeout. */
    void write(byte[] bytes) throws IOException {
        boolean locked;
        try {
            locked = writeLock.tryLock(writeTimeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to write");
        }
        if (!locked) {
            close("a write to Mist did not finish within " + Duration.ofNanos(writeTimeoutNanos).toMillis() + " ms");
            throw new IOException(closeReason());
        }
        try {
            String reason = closeReason();
            if (reason != null) {
                throw new IOException(reason);
            }
            writeStartedNanos = System.nanoTime() | 1; // never 0 while writing
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            close("writing to Mist failed: " + e.getMessage());
            throw new IOException(closeReason(), e);
        } finally {
            writeStartedNanos = 0;
            writeLock.unlock();
        }
    }

    /**
     * Sends a ping unless the previous one is still unanswered, in which case Mist (or the path to it) is considered
     * dead and the connection is closed. Called by one thread at a time.
     *
     * @return whether the connection is still alive
     */
    boolean keepAlive() {
        synchronized (signal) {
            if (closeReason != null) {
                return false;
            }
            if (pongs < pingsSent) {
                closeLocked("Mist did not answer a ping in time");
                return false;
            }
        }
        try {
            ping();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void ping() throws IOException {
        pingsSent++;
        write(MistMessages.PING);
    }

    /** Waits until {@code count} pongs arrived or the connection closed; false on timeout or close. */
    boolean awaitPong(long count, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (signal) {
            while (pongs < count && closeReason == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(signal, left);
            }
            return pongs >= count;
        }
    }

    /** Waits up to {@code timeout} for the connection to close; true when it is closed. */
    boolean awaitClosed(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (signal) {
            while (closeReason == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(signal, left);
            }
            return true;
        }
    }

    /** Why it closed, or null while open. */
    String closeReason() {
        synchronized (signal) {
            return closeReason;
        }
    }

    /** Closes the socket (unblocking any read or write); the first reason is kept. Idempotent. */
    void close(String reason) {
        synchronized (signal) {
            closeLocked(reason);
        }
    }

    private void closeLocked(String reason) {
        if (closeReason == null) {
            closeReason = reason;
            signal.notifyAll();
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all we want; nothing to report
        }
    }

    /** The reader: counts pongs, ignores other answers, watches writes, and closes on end of stream or error. */
    private void read() {
        byte[] buffer = new byte[8192];
        byte[] line = new byte[MAX_LINE];
        int length = 0;
        boolean skipping = false;
        try {
            InputStream in = socket.getInputStream();
            while (closeReason() == null) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException idle) {
                    checkWrite();
                    continue;
                }
                if (n < 0) {
                    close("Mist closed the connection");
                    return;
                }
                checkWrite();
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        if (!skipping) {
                            answer(new String(line, 0, length, StandardCharsets.UTF_8));
                        }
                        length = 0;
                        skipping = false;
                    } else if (length == MAX_LINE) {
                        skipping = true;
                    } else if (!skipping) {
                        line[length++] = b;
                    }
                }
            }
        } catch (IOException e) {
            close("reading from Mist failed: " + e.getMessage());
        }
    }

    private void checkWrite() {
        long started = writeStartedNanos;
        if (started != 0 && System.nanoTime() - started > writeTimeoutNanos) {
            close("a write to Mist did not finish within " + Duration.ofNanos(writeTimeoutNanos).toMillis()
                + " ms (Mist is not reading)");
        }
    }

    /** Mist answers a publisher only with pongs (it gets no deliveries: it subscribes to nothing). */
    private void answer(String json) {
        String compact = json.replace(" ", "");
        if (compact.contains("\"command\":\"ping\"") && compact.contains("\"data\":\"pong\"")) {
            synchronized (signal) {
                pongs++;
                signal.notifyAll();
            }
        }
    }
}
