package io.pulse.kernel.plugin;

import java.util.concurrent.Callable;

/**
 * Runs code with a given thread context class loader, restoring the previous one afterwards. Plugins from a
 * plugin folder live in their own module layer; libraries they use (Helidon, JDBC drivers, ...) look classes and
 * services up through the context class loader, so the kernel sets it to the plugin's loader whenever it calls
 * into the plugin to create or start something.
 */
public final class ContextClassLoader {

    private ContextClassLoader() {
    }

    /** Calls {@code action} with {@code loader} as the context class loader (unchanged when null). */
    public static <T> T call(ClassLoader loader, Callable<T> action) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        if (loader != null) {
            thread.setContextClassLoader(loader);
        }
        try {
            return action.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** {@link #call} for actions that throw no checked exceptions. */
    public static <T> T get(ClassLoader loader, java.util.function.Supplier<T> action) {
        try {
            return call(loader, action::get);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code action} with {@code loader} as the context class loader. */
    public static void run(ClassLoader loader, ThrowingRunnable action) throws Exception {
        call(loader, () -> {
            action.run();
            return null;
        });
    }

    /** A runnable that may throw. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }
}
