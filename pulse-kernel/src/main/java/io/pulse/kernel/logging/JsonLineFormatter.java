package io.pulse.kernel.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One JSON object per log record, on one line, for log shippers ({@code --log-format json}):
 *
 * <pre>{"time":"2024-05-01T12:00:00.123Z","level":"INFO","logger":"io.pulse.kernel.server.PulseServer","message":"storage 'memory' started"}</pre>
 *
 * A record with an exception adds {@code "error"} (its type and message) and, when {@code withStackTraces} (debug and
 * trace levels), {@code "stack"}: newlines in it are escaped, so a record is still one line. Every field value passes
 * through {@link SecretMask} before it is escaped, so a secret is masked even when escaping would change how it is
 * written. Thread-safe.
 */
public final class JsonLineFormatter extends Formatter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
        .withZone(ZoneOffset.UTC);

    private final boolean withStackTraces;

    public JsonLineFormatter(boolean withStackTraces) {
        this.withStackTraces = withStackTraces;
    }

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(160).append('{');
        field(line, "time", TIME.format(Instant.ofEpochMilli(record.getMillis())));
        line.append(',');
        field(line, "level", OneLineFormatter.levelName(record.getLevel()));
        line.append(',');
        field(line, "logger", record.getLoggerName() == null || record.getLoggerName().isEmpty()
            ? "root" : record.getLoggerName());
        line.append(',');
        String message = formatMessage(record);
        field(line, "message", message == null ? "" : message);
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            line.append(',');
            field(line, "error", String.valueOf(thrown));
            if (withStackTraces) {
                StringWriter trace = new StringWriter();
                thrown.printStackTrace(new PrintWriter(trace));
                line.append(',');
                field(line, "stack", trace.toString());
            }
        }
        return line.append('}').append(System.lineSeparator()).toString();
    }

    private static void field(StringBuilder line, String name, String value) {
        line.append('"').append(name).append("\":");
        quote(line, SecretMask.apply(value));
    }

    /** Appends {@code value} as a JSON string (RFC 8259): quotes, backslashes and control characters escaped. */
    static void quote(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
