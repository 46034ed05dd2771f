package io.pulse.kernel.logging;

import io.pulse.kernel.config.LogLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OneLineFormatterTest {

    @AfterEach
    void restore() {
        Logging.configure(LogLevel.INFO, System.err);
    }

    @Test
    void oneLineWithTimeLevelShortNameAndMessage() {
        LogRecord record = new LogRecord(Level.WARNING, "relay {0} dropped\nafter silence");
        record.setParameters(new Object[] {"web1"});
        record.setLoggerName("io.pulse.kernel.relay.RelayServer");
        record.setInstant(java.time.Instant.parse("2024-05-01T12:00:00.123Z"));

        String line = new OneLineFormatter(false).format(record);

        assertEquals("2024-05-01T12:00:00.123Z WARN  [RelayServer] relay web1 dropped after silence"
            + System.lineSeparator(), line);
    }

    @Test
    void exceptionsStayOnTheLineUnlessDebugging() {
        LogRecord record = new LogRecord(Level.SEVERE, "write failed");
        record.setLoggerName("x.Y");
        record.setThrown(new IllegalStateException("disk full"));

        String quiet = new OneLineFormatter(false).format(record);
        assertTrue(quiet.endsWith("ERROR [Y] write failed: java.lang.IllegalStateException: disk full"
            + System.lineSeparator()), quiet);
        assertEquals(1, quiet.lines().count());

        String verbose = new OneLineFormatter(true).format(record);
        assertTrue(verbose.lines().count() > 1, "the stack trace follows at debug level");
    }

    @Test
    void levelsAreNamedLikeSystemLogger() {
        assertEquals("TRACE", OneLineFormatter.levelName(Level.FINEST));
        assertEquals("DEBUG", OneLineFormatter.levelName(Level.FINE));
        assertEquals("INFO", OneLineFormatter.levelName(Level.INFO));
        assertEquals("WARN", OneLineFormatter.levelName(Level.WARNING));
        assertEquals("ERROR", OneLineFormatter.levelName(Level.SEVERE));
    }

    @Test
    void systemLoggerRecordsGoToTheConfiguredStreamAtTheConfiguredLevel() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Logging.configure(LogLevel.WARN, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        System.Logger logger = System.getLogger("io.pulse.kernel.test.Probe");

        logger.log(System.Logger.Level.INFO, "not shown");
        logger.log(System.Logger.Level.WARNING, "shown {0}", 42);

        String out = buffer.toString(StandardCharsets.UTF_8);
        assertFalse(out.contains("not shown"), out);
        assertTrue(out.contains("WARN  [Probe] shown 42"), out);
        assertEquals(1, out.lines().count(), out);
    }
}
