package io.pulse.kernel.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Test code run on a virtual thread whose failure reaches the test. An assertion thrown in a plain
 * {@code Thread.ofVirtual().start(...)} goes to the thread's uncaught-exception handler (a line on stderr) and the
 * test passes regardless; here it is kept and rethrown by {@link #join}, which also fails if the code has not finished.
 */
public final class Background {

    /** Test code that may throw anything. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private Background(String name, Body body) {
        this.thread = Thread.ofVirtual().name(name).unstarted(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
    }

    /** Starts {@code body} on a new virtual thread called {@code name}. */
    public static Background start(String name, Body body) {
        Background background = new Background(name, body);
        background.thread.start();
        return background;
    }

    /** Waits for the code to finish; fails if it did not within {@code timeout} or if it threw. */
    public void join(Duration timeout) throws InterruptedException {
        if (!thread.join(timeout)) {
            throw new AssertionError(thread.getName() + " did not finish within " + timeout);
        }
        Throwable thrown = failure.get();
        if (thrown != null) {
            throw new AssertionError(thread.getName() + " failed: " + thrown, thrown);
        }
    }
}
