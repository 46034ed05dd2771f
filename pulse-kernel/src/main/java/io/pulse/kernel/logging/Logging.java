package io.pulse.kernel.logging;

import io.pulse.kernel.config.LogFormat;
import io.pulse.kernel.config.LogLevel;

import java.io.PrintStream;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Sets up logging for the whole process: {@link System.Logger} (what Pulse and its plugins use) is backed by
 * {@code java.util.logging}, whose root logger gets a single handler writing one line per record to stderr at the
 * configured level. Libraries that log through JUL (Helidon) end up in the same stream. Every line passes through
 * {@link SecretMask}, so no secret option's value reaches the log.
 */
public final class Logging {

    private Logging() {
    }

    /**
     * Replaces the root logger's handlers with one that writes to {@code err} at {@code level}.
     * Called by the launcher (once per run; tests call it again with their own stream).
     */
    public static void configure(LogLevel level, PrintStream err) {
        configure(level, LogFormat.TEXT, err);
    }

    /**
     * Replaces the root logger's handlers with one that writes to {@code err} at {@code level}, each record as a text
     * line ({@link OneLineFormatter}) or a JSON object on one line ({@link JsonLineFormatter}).
     */
    public static synchronized void configure(LogLevel level, LogFormat format, PrintStream err) {
        Logger root = Logger.getLogger("");
        for (Handler existing : root.getHandlers()) {
            // Only the root's handlers are replaced: handlers others put on named loggers stay.
            root.removeHandler(existing);
            existing.close();
        }
        root.setLevel(level.julLevel());
        boolean withStackTraces = level.julLevel().intValue() <= Level.FINE.intValue();
        Formatter formatter = format == LogFormat.JSON ? new JsonLineFormatter(withStackTraces)
            : new OneLineFormatter(withStackTraces);
        Handler handler = new StreamHandler(err, formatter);
        handler.setLevel(level.julLevel());
        root.addHandler(handler);
    }

    /** Writes each record straight to the stream, flushing so lines appear as they happen. */
    private static final class StreamHandler extends Handler {
        private final PrintStream out;

        StreamHandler(PrintStream out, Formatter formatter) {
            this.out = out;
            setFormatter(formatter);
        }

        @Override
        public void publish(LogRecord record) {
            if (!isLoggable(record)) {
                return;
            }
            String line;
            try {
                line = SecretMask.apply(getFormatter().format(record));
            } catch (RuntimeException e) {
                reportError("cannot format a log record", e, ErrorManager.FORMAT_FAILURE);
                return;
            }
            synchronized (out) {
                out.print(line);
                out.flush();
            }
        }

        @Override
        public void flush() {
            out.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
