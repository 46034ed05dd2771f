package io.pulse.spi.option;

import io.pulse.spi.Api;
import io.pulse.spi.Durations;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an {@link Option}'s text becomes a typed value, and back: the parser (which also checks ranges and choices),
 * the formatter used for defaults in {@code --help} and the generated config file, and the name of the value in
 * {@code --help} ({@code duration}, {@code host:port}, ...).
 *
 * <p>A parser throws {@link IllegalArgumentException} whose message says what is accepted and what was given, without
 * the option's name, e.g. {@code "expected a duration from 10s to 24h, got '5s'"}; the kernel puts the name and the
 * value's origin in front. Blank text never reaches a parser of a non-text type: it means "not set" (see
 * {@link OptionValues}). Immutable and thread-safe.
 *
 * @param <T> the value type
 */
@Api
public final class OptionType<T> {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]?)(i?b)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?\\d+");

    private final String valueName;
    private final boolean text;
    private final Function<String, T> parser;
    private final Function<T, String> formatter;

    private OptionType(String valueName, boolean text, Function<String, T> parser, Function<T, String> formatter) {
        this.valueName = Objects.requireNonNull(valueName, "valueName");
        this.text = text;
        this.parser = Objects.requireNonNull(parser, "parser");
        this.formatter = Objects.requireNonNull(formatter, "formatter");
    }

    /**
     * {@return a type of the plugin's own}
     *
     * @param <T> the value type
     * @param valueName how {@code --help} names the value, e.g. {@code "host:port"}
     * @param parser    text to value; throws {@link IllegalArgumentException} saying what is accepted
     * @param formatter value to text, such that {@code parser} reads it back
     */
    public static <T> OptionType<T> of(String valueName, Function<String, T> parser, Function<T, String> formatter) {
        return new OptionType<>(valueName, false, parser, formatter);
    }

    /** {@return free text, taken as given (an empty value is a value, e.g. an explicitly empty token)} */
    public static OptionType<String> string() {
        return new OptionType<>("string", true, s -> s, s -> s);
    }

    /**
     * {@return one of the given words, case-sensitive}
     *
     * @param choices the choices
     */
    public static OptionType<String> oneOf(String... choices) {
        List<String> allowed = List.of(choices);
        return new OptionType<>(String.join("|", allowed), false, s -> {
            String value = s.strip();
            if (!allowed.contains(value)) {
                throw new IllegalArgumentException("expected one of " + String.join(", ", allowed) + ", got '" + s + "'");
            }
            return value;
        }, s -> s);
    }

    /** {@return {@code true} or {@code false}, case-insensitive} */
    public static OptionType<Boolean> bool() {
        return new OptionType<>("", false, s -> switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false, got '" + s + "'");
        }, String::valueOf);
    }

    /**
     * {@return a whole number from {@code min} to {@code max}}
     *
     * @param min the smallest number accepted
     * @param max the largest number accepted
     */
    public static OptionType<Integer> integer(int min, int max) {
        return new OptionType<>("int", false, s -> {
            String expected = "expected a whole number from " + min + " to " + max + ", got '" + s + "'";
            long n;
            try {
                n = Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(expected);
            }
            if (n < min || n > max) {
                throw new IllegalArgumentException(expected);
            }
            return (int) n;
        }, String::valueOf);
    }

    /**
     * {@return a size in bytes: a whole number with an optional {@code k}, {@code m} or {@code g} suffix (powers of 1024),
     * e.g. {@code 64m}, from {@code min} to {@code max} bytes}
     *
     * @param min the smallest size accepted, in bytes
     * @param max the largest size accepted, in bytes
     */
    public static OptionType<Long> bytes(long min, long max) {
        return new OptionType<>("size", false, s -> {
            String expected = "expected a size from " + formatBytes(min) + " to " + formatBytes(max)
                + " like 512k, 256m or 2g, got '" + s + "'";
            Matcher m = SIZE.matcher(s.strip());
            long value;
            try {
                if (!m.matches()) {
                    throw new NumberFormatException();
                }
                int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                    case "k" -> 10;
                    case "m" -> 20;
                    case "g" -> 30;
                    default -> 0;
                };
                value = Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException(expected);
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException(expected);
            }
            return value;
        }, OptionType::formatBytes);
    }

    /**
     * {@return a {@link Durations duration literal} ({@code 30s}, {@code 5m}, {@code 1h30m}) from {@code min} to {@code max}}
     *
     * @param min the shortest duration accepted
     * @param max the longest duration accepted
     */
    public static OptionType<Duration> duration(Duration min, Duration max) {
        return new OptionType<>("duration", false, s -> {
            Duration d;
            try {
                d = Durations.parse(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(rangeText(min, max, s));
            }
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException(rangeText(min, max, s));
            }
            return d;
        }, Durations::format);
    }

    /**
     * {@return an interval as the original pulse's flags took it: a plain whole number in {@code unit} ({@code 60} seconds),
     * or a duration literal ({@code 90s}); from {@code min} to {@code max}}
     *
     * @param unit the unit
     * @param min the shortest interval accepted
     * @param max the longest interval accepted
     */
    public static OptionType<Duration> interval(ChronoUnit unit, Duration min, Duration max) {
        String unitName = unit.toString().toLowerCase(Locale.ROOT);
        return new OptionType<>("int|duration", false, s -> {
            String value = s.strip();
            String expected = "expected a whole number of " + unitName + " or a duration like " + example(unit)
                + ", got '" + s + "'";
            Duration d;
            if (WHOLE_NUMBER.matcher(value).matches()) {
                if (value.startsWith("-")) {
                    throw new IllegalArgumentException("must not be negative, got " + value);
                }
                try {
                    d = unit.getDuration().multipliedBy(Long.parseLong(value));
                } catch (NumberFormatException | ArithmeticException e) {
                    throw new IllegalArgumentException("'" + value + "' is too large");
                }
            } else if (value.startsWith("-")) {
                throw new IllegalArgumentException("must not be negative, got '" + value + "'");
            } else {
                try {
                    d = Durations.parse(value);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(expected);
                }
            }
            if (d.compareTo(min) < 0) {
                throw new IllegalArgumentException("must be at least " + Durations.format(min) + ", got "
                    + Durations.format(d));
            }
            if (d.compareTo(max) > 0) {
                throw new IllegalArgumentException("must be at most " + Durations.format(max) + ", got "
                    + Durations.format(d));
            }
            return d;
        }, d -> {
            // Written in the flag's unit when it is a whole number of them, as the original wrote it.
            long units = d.dividedBy(unit.getDuration());
            return unit.getDuration().multipliedBy(units).equals(d) ? Long.toString(units) : Durations.format(d);
        });
    }

    /** {@return an {@code http://} or {@code https://} URL with a host and no query or fragment} */
    public static OptionType<URI> httpUrl() {
        return new OptionType<>("url", false, s -> {
            String value = s.strip();
            String expected = "expected an http:// or https:// URL such as http://127.0.0.1:8086, got '" + s + "'";
            try {
                URI uri = new URI(value);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                    throw new IllegalArgumentException(expected);
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(expected);
            }
        }, URI::toString);
    }

    /** {@return a {@link HostPort host:port} address} */
    public static OptionType<HostPort> hostPort() {
        return new OptionType<>("host:port", false, HostPort::parse, HostPort::toString);
    }

    /** {@return a file or directory path (not checked for existence: the owner checks what it needs)} */
    public static OptionType<Path> path() {
        return new OptionType<>("path", false, s -> {
            try {
                return Path.of(s.strip());
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("'" + s + "' is not a valid path: " + e.getReason());
            }
        }, Path::toString);
    }

    /** {@return a time-zone id such as {@code UTC}, {@code Europe/Berlin} or {@code +02:00}} */
    public static OptionType<ZoneId> zone() {
        return new OptionType<>("zone", false, s -> {
            try {
                return ZoneId.of(s.strip());
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("expected a time zone id such as UTC, Europe/Berlin or +02:00, got '"
                    + s + "'");
            }
        }, ZoneId::getId);
    }

    /**
     * {@return comma-separated words matching {@code word} (e.g. plugin ids), duplicates removed, order kept; an empty text is
     * an empty list}
     *
     * @param word        what each word must match
     * @param description what a word is, for messages, e.g. {@code "a plugin id (lower-case letters, digits and '-')"}
     */
    public static OptionType<List<String>> words(Pattern word, String description) {
        return new OptionType<>("a,b,...", true, s -> {
            Set<String> out = new LinkedHashSet<>();
            for (String part : s.split(",")) {
                String w = part.strip();
                if (w.isEmpty()) {
                    continue;
                }
                if (!word.matcher(w).matches()) {
                    throw new IllegalArgumentException("'" + w + "' is not " + description);
                }
                out.add(w);
            }
            return List.copyOf(new ArrayList<>(out));
        }, list -> String.join(",", list));
    }

    /** {@return how {@code --help} names the value, e.g. {@code duration}; empty for booleans, which stand alone} */
    public String valueName() {
        return valueName;
    }

    /** {@return whether blank text is a value of this type (free text and word lists) rather than "not set"} */
    public boolean acceptsBlank() {
        return text;
    }

    /** {@return whether this is {@link #bool()}: a flag of this type may stand alone ({@code -s}) and means true} */
    public boolean isBoolean() {
        return valueName.isEmpty();
    }

    /**
     * Parses text into a value.
     *
     * @param text the text as an operator wrote it
     * @return the value
     * @throws IllegalArgumentException saying what is accepted and what was given
     */
    public T parse(String text) {
        T value = parser.apply(Objects.requireNonNull(text, "text"));
        if (value == null) {
            throw new IllegalArgumentException("no value for '" + text + "'");
        }
        return value;
    }

    /**
     * Formats a value so that {@link #parse} reads it back.
     *
     * @param value a value of this type
     * @return the formatted text
     */
    public String format(T value) {
        return formatter.apply(value);
    }

    /**
     * Formats a value of unknown static type (the kernel holds options as {@code Option<?>}).
     *
     * @param value a value of this type, statically unknown
     * @return the formatted text
     */
    @SuppressWarnings("unchecked")
    public String formatAny(Object value) {
        return formatter.apply((T) value);
    }

    private static String rangeText(Duration min, Duration max, String given) {
        return "expected a duration from " + Durations.format(min) + " to " + Durations.format(max) + " (like 30s, 5m"
            + " or 1h), got '" + given + "'";
    }

    private static String example(ChronoUnit unit) {
        return switch (unit) {
            case MINUTES -> "30m";
            case WEEKS -> "30d";
            case HOURS -> "90m";
            default -> "90s";
        };
    }

    private static String formatBytes(long bytes) {
        if (bytes > 0 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "g";
        }
        if (bytes > 0 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "m";
        }
        if (bytes > 0 && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + "k";
        }
        return Long.toString(bytes);
    }
}
