package io.pulse.kernel.logging;

import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * The JUL log manager of the {@code pulse} process. The JDK's own log manager resets (removes every handler) from a
 * shutdown hook of its own, racing the server's shutdown hook, so the orderly stop after SIGTERM would go unlogged.
 * This one ignores resets once the JVM is shutting down (it only flushes); at any other time it behaves as usual.
 * {@link io.pulse.kernel.Main} installs it through the {@code java.util.logging.manager} system property before
 * anything logs.
 */
public final class PulseLogManager extends LogManager {

    /** Instantiated by {@link LogManager} itself. */
    public PulseLogManager() {
        super();
    }

    @Override
    public void reset() {
        if (jvmShuttingDown()) {
            for (Handler handler : Logger.getLogger("").getHandlers()) {
                handler.flush();
            }
            return;
        }
        super.reset();
    }

    /** {@link Runtime#addShutdownHook} refuses new hooks exactly when the JVM is shutting down. */
    private static boolean jvmShuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
