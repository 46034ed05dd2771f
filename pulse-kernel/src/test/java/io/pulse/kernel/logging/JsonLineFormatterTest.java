package io.pulse.kernel.logging;

import io.pulse.kernel.config.LogFormat;
import io.pulse.kernel.config.LogLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonLineFormatterTest {

    @AfterEach
    void restore() {
        SecretMask.register(List.of());
        Logging.configure(LogLevel.INFO, System.err);
    }

    @Test
    void oneObjectOnOneLineWithTimeLevelLoggerAndMessage() {
        LogRecord record = new LogRecord(Level.WARNING, "relay {0} dropped");
        record.setParameters(new Object[] {"web1"});
        record.setLoggerName("io.pulse.kernel.relay.RelayServer");
        record.setInstant(Instant.parse("2024-05-01T12:00:00.123Z"));

        String line = new JsonLineFormatter(false).format(record);

        assertEquals("{\"time\":\"2024-05-01T12:00:00.123Z\",\"level\":\"WARN\",\"logger\":"
            + "\"io.pulse.kernel.relay.RelayServer\",\"message\":\"relay web1 dropped\"}" + System.lineSeparator(), line);
    }

    @Test
    void escapesQuotesBackslashesNewlinesAndControlCharacters() {
        String nasty = "a \"quoted\" C:\\path\nnext\tline\r\u0001\u2028end";
        LogRecord record = new LogRecord(Level.INFO, nasty);
        record.setLoggerName("x.Y");

        String line = new JsonLineFormatter(false).format(record);

        assertEquals(1, line.lines().count(), line);
        assertTrue(line.contains("\"message\":\"a \\\"quoted\\\" C:\\\\path\\nnext\\tline\\r\\u0001\\u2028end\""), line);
        assertEquals(nasty, parse(line).get("message"), "the message reads back as it was");
    }

    @Test
    void anExceptionIsTheErrorFieldAndItsStackOnlyWhenDebugging() {
        LogRecord record = new LogRecord(Level.SEVERE, "write failed");
        record.setLoggerName("x.Y");
        record.setThrown(new IllegalStateException("disk \"full\""));

        Map<String, String> quiet = parse(new JsonLineFormatter(false).format(record));
        assertEquals("java.lang.IllegalStateException: disk \"full\"", quiet.get("error"));
        assertEquals("ERROR", quiet.get("level"));
        assertFalse(quiet.containsKey("stack"));

        String verbose = new JsonLineFormatter(true).format(record);
        assertEquals(1, verbose.lines().count(), "the stack trace stays on the line: " + verbose);
        assertTrue(parse(verbose).get("stack").contains("JsonLineFormatterTest"), verbose);
    }

    @Test
    void secretsAreMaskedEvenWhenEscapingWouldChangeThem() {
        SecretMask.register(List.of("pa\"ss\\word", "plainsecret"));
        LogRecord record = new LogRecord(Level.INFO, "token pa\"ss\\word and plainsecret");
        record.setLoggerName("x.Y");
        record.setThrown(new RuntimeException("connect with plainsecret failed"));

        String line = new JsonLineFormatter(false).format(record);

        assertFalse(line.contains("plainsecret") || line.contains("ss\\\\word"), line);
        assertEquals("token **** and ****", parse(line).get("message"));
        assertEquals("java.lang.RuntimeException: connect with **** failed", parse(line).get("error"));
    }

    @Test
    void loggingConfiguredForJsonWritesParsableLinesAtTheLevel() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Logging.configure(LogLevel.WARN, LogFormat.JSON, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        System.Logger logger = System.getLogger("io.pulse.kernel.test.Probe");

        logger.log(System.Logger.Level.INFO, "not shown");
        logger.log(System.Logger.Level.WARNING, "shown {0}", 42);

        String out = buffer.toString(StandardCharsets.UTF_8);
        assertEquals(1, out.lines().count(), out);
        Map<String, String> fields = parse(out.strip());
        assertEquals("WARN", fields.get("level"));
        assertEquals("io.pulse.kernel.test.Probe", fields.get("logger"));
        assertEquals("shown 42", fields.get("message"));
        assertTrue(Instant.parse(fields.get("time")).isAfter(Instant.parse("2020-01-01T00:00:00Z")));
    }

    @Test
    void theFormatOptionTakesTextOrJsonOnly() {
        assertEquals(LogFormat.JSON, LogFormat.parse("json").orElseThrow());
        assertEquals(LogFormat.TEXT, LogFormat.parse("text").orElseThrow());
        assertTrue(LogFormat.parse("xml").isEmpty());
        assertEquals("json", io.pulse.kernel.config.KernelOptions.LOG_FORMAT.type().parse("json"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> io.pulse.kernel.config.KernelOptions.LOG_FORMAT.type().parse("xml"));
    }

    /** A strict reader of one flat JSON object whose values are strings; fails on anything else. */
    static Map<String, String> parse(String line) {
        String s = line.strip();
        Map<String, String> out = new LinkedHashMap<>();
        int[] at = {0};
        expect(s, at, '{');
        while (true) {
            String key = string(s, at);
            expect(s, at, ':');
            out.put(key, string(s, at));
            if (s.charAt(at[0]) == ',') {
                at[0]++;
                continue;
            }
            expect(s, at, '}');
            break;
        }
        assertEquals(s.length(), at[0], "nothing after the object: " + s);
        return out;
    }

    private static void expect(String s, int[] at, char c) {
        assertEquals(c, s.charAt(at[0]), "at " + at[0] + " of " + s);
        at[0]++;
    }

    private static String string(String s, int[] at) {
        expect(s, at, '"');
        StringBuilder value = new StringBuilder();
        while (true) {
            char c = s.charAt(at[0]++);
            if (c == '"') {
                return value.toString();
            }
            assertTrue(c >= 0x20, "raw control character in " + s);
            if (c != '\\') {
                value.append(c);
                continue;
            }
            char e = s.charAt(at[0]++);
            switch (e) {
                case '"', '\\', '/' -> value.append(e);
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'u' -> {
                    value.append((char) Integer.parseInt(s.substring(at[0], at[0] + 4), 16));
                    at[0] += 4;
                }
                default -> throw new AssertionError("bad escape \\" + e + " in " + s);
            }
        }
    }
}
