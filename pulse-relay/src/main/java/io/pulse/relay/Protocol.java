package io.pulse.relay;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;

/**
 * The words and line shapes of the relay protocol (see docs/protocol.md): one command per line, {@code \n}
 * terminated, a command split once on its first space into the command word and its argument.
 */
final class Protocol {

    // Relay -> server
    static final String ID = "id";
    static final String ADD = "add";
    static final String REMOVE = "remove";
    static final String GOT = "got";
    static final String PING = "ping";
    static final String CLOSE = "close";
    // Server -> relay
    static final String OK = "ok";
    static final String PONG = "pong";
    static final String BEAT = "beat";
    static final String GET = "get";
    static final String FLUSH = "flush";
    static final String OVERRIDE = "override";

    /** Name {@link Relay#info()} uses for the connection state; no collector may take it. */
    static final String CONNECTED_KEY = "_connected";

    private Protocol() {
    }

    static String idLine(String id) {
        return ID + " " + id + "\n";
    }

    /** {@code add <name>:<tags joined by ,>} - always with the colon, as the original relay sent it. */
    static String addLine(String name, List<String> tags) {
        return ADD + " " + name + ":" + String.join(",", tags) + "\n";
    }

    static String removeLine(String name) {
        return REMOVE + " " + name + "\n";
    }

    /**
     * True when the original relay library refused the name: it contains {@code -}, {@code :} or {@code ,}
     * (separators in {@code add} and {@code got} lines), or is {@code _connected}.
     */
    static boolean isReservedName(String name) {
        return name.equals(CONNECTED_KEY) || containsSeparator(name);
    }

    /** True if the text contains one of the {@code got} item separators {@code -}, {@code :} or {@code ,}. */
    static boolean containsSeparator(String text) {
        return text.indexOf('-') >= 0 || text.indexOf(':') >= 0 || text.indexOf(',') >= 0;
    }

    /** True if the text would end a protocol line early. */
    static boolean containsLineBreak(String text) {
        return text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
    }

    /**
     * Reads a positive number of seconds as the protocol writes them ({@code 30}); decimals ({@code 0.5}) are
     * accepted too.
     *
     * @throws IllegalArgumentException if it is not a positive number of seconds representable as a Duration
     */
    static Duration parseSeconds(String text) {
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number of seconds: \"" + text + "\"");
        }
        if (seconds.signum() <= 0) {
            throw new IllegalArgumentException("seconds must be positive: \"" + text + "\"");
        }
        try {
            long nanos = seconds.movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact();
            if (nanos <= 0) {
                throw new IllegalArgumentException("seconds too small: \"" + text + "\"");
            }
            return Duration.ofNanos(nanos);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("seconds too large: \"" + text + "\"");
        }
    }
}
