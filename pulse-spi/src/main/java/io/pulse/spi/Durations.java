package io.pulse.spi;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Duration literals as InfluxQL writes them and as the original pulse accepted them in {@code start}, {@code stop}
 * and alert durations: one or more {@code <whole number><unit>} parts, units {@code ns}, {@code u} or {@code µ}
 * (microseconds), {@code ms}, {@code s}, {@code m}, {@code h}, {@code d}, {@code w}; e.g. {@code 30s}, {@code 1h30m},
 * {@code 7d}. A plain {@code 0} is zero. Negative durations are not literals.
 */
@Api
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+)(ns|ms|us|u|µ|s|m|h|d|w)");

    private Durations() {
    }

    /**
     * Parses a duration literal.
     *
     * @param text a duration literal such as {@code 1h30m}
     * @return the duration
     * @throws IllegalArgumentException naming the text and the accepted form
     */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("expected a duration like 30s, 5m, 1h or 7d, got nothing");
        }
        String s = text.strip();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(s);
        Duration total = Duration.ZERO;
        int at = 0;
        try {
            while (at < s.length()) {
                if (!m.find(at) || m.start() != at) {
                    throw new IllegalArgumentException(invalid(text));
                }
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ns" -> Duration.ofNanos(n);
                    case "u", "us", "µ" -> Duration.ofNanos(Math.multiplyExact(n, 1_000L));
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    case "w" -> Duration.ofDays(Math.multiplyExact(n, 7L));
                    default -> throw new IllegalArgumentException(invalid(text));
                });
                at = m.end();
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("duration '" + text + "' is too large");
        }
        if (at == 0) {
            throw new IllegalArgumentException(invalid(text));
        }
        return total;
    }

    /**
     * Formats a duration as the shortest exact literal, e.g. {@code 90s} -> {@code "1m30s"}, {@code 7d} ->
     * {@code "1w"}, zero -> {@code "0s"}. Sub-millisecond parts are written in {@code u} and {@code ns}.
     *
     * @param duration the duration
     * @return the formatted text
     */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("negative duration " + duration);
        }
        if (duration.isZero()) {
            return "0s";
        }
        long nanos = duration.toNanos();
        StringBuilder out = new StringBuilder();
        long[] sizes = {604_800_000_000_000L, 86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L,
            1_000_000_000L, 1_000_000L, 1_000L, 1L};
        String[] units = {"w", "d", "h", "m", "s", "ms", "u", "ns"};
        for (int i = 0; i < sizes.length; i++) {
            long n = nanos / sizes[i];
            if (n > 0) {
                out.append(n).append(units[i]);
                nanos -= n * sizes[i];
            }
        }
        return out.toString();
    }

    private static String invalid(String text) {
        return "expected a duration like 30s, 5m, 1h or 7d (units ns, u, ms, s, m, h, d, w), got '" + text + "'";
    }
}
