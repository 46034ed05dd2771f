package io.pulse.kernel.relay;

/**
 * The way lines reach one relay, and the way its connection is closed: the event loop's {@link LoopConnection}
 * (plain TCP) or a writer thread's {@link SocketWriter} (TLS). {@link ConnectedRelay} sends through it without knowing
 * which.
 *
 * <p>Thread-safe: both methods may be called from any thread and never block (except that a TLS connection's own
 * reader waits, at most a couple of seconds, for room in a full queue: see {@link SocketWriter#send}).
 */
interface RelayOutput {

    /**
     * Queues one line (without its terminator). Lines are written in the order queued.
     *
     * @return {@link OutboundLines.SendResult#FULL} when the relay has {@value OutboundLines#CAPACITY} lines
     *         pending (it is not reading), {@link OutboundLines.SendResult#ENDED} after {@link #close}
     */
    OutboundLines.SendResult send(String line);

    /** Stops output and closes the connection; whoever reads it then ends the session. Idempotent. */
    void close();
}
