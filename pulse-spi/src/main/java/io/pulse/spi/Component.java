package io.pulse.spi;

/**
 * The lifecycle every plugin instance shares: created by its factory, then {@link #start() started} by the
 * kernel in dependency order (storage, alerts, publishers, front ends), then {@link #close() closed} in
 * reverse order when the server stops.
 *
 * <p>{@link #health()} is called from any thread at any time, including before {@code start()} returned and
 * after {@code close()}; it must be cheap and must not block on I/O.
 */
@Api
public interface Component extends AutoCloseable {

    /**
     * Starts background work, opens listeners, connects. A failure here stops start-up with the exception's
     * message, so make it say what is wrong and how to fix it. A backend that is merely unreachable should
     * not fail here: start, report {@link Health#down(String) down} and retry in the background.
     *
     * @throws Exception if starting fails; the message says what is wrong
     */
    default void start() throws Exception {
    }

    /** {@return whether this component can do its job now, and if not, why} */
    Health health();

    /**
     * Stops background work and releases resources. Called once; must return within a few seconds and must
     * not throw for an ordinary shutdown.
     */
    @java.lang.Override
    void close();
}
