package io.pulse.kernel.relay;

import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.Tags;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the text of a {@code got} answer into samples, by the original server's rules:
 * <ul>
 *   <li>items are separated by {@code ,};</li>
 *   <li>an item must split on {@code :} into exactly two parts, name and value;</li>
 *   <li>the name must split on {@code -} into exactly two parts, collector and stat; the stat must not be empty;</li>
 *   <li>the sample's tags are the collector's (see {@link Collector#sampleTags}); for a collector the relay never
 *   added, just {@code host:<relay id>}.</li>
 * </ul>
 * Where Pulse differs (decisions.md): a value must be a finite number, written as Go's {@code strconv.ParseFloat}
 * would accept it (decimal or hexadecimal floating point, no spaces, no suffixes). The original stored
 * unparsable values as -1; Pulse skips such items and every other malformed item, and counts them.
 *
 * <p>Stateless and thread-safe.
 */
final class GotParser {

    private GotParser() {
    }

    /** Samples parsed from one answer, and how many items were skipped. */
    record Result(List<Sample> samples, int rejected) {
    }

    /**
     * Parses the items of {@code got <items>}.
     *
     * @param items      the text after {@code got }
     * @param hostTags   the tags of samples from unknown collectors ({@code host:<relay id>})
     * @param collectors the relay's collectors by name
     * @param timeMillis the samples' time (when the server received the answer)
     */
    static Result parse(String items, Tags hostTags, Map<String, Collector> collectors, long timeMillis) {
        List<Sample> samples = new ArrayList<>();
        int rejected = 0;
        int start = 0;
        while (start <= items.length()) {
            int comma = items.indexOf(',', start);
            int end = comma < 0 ? items.length() : comma;
            Sample sample = parseItem(items.substring(start, end), hostTags, collectors, timeMillis);
            if (sample == null) {
                rejected++;
            } else {
                samples.add(sample);
            }
            start = end + 1;
        }
        return new Result(samples, rejected);
    }

    /** One {@code <collector>-<stat>:<value>} item, or null when it does not parse. */
    private static Sample parseItem(String item, Tags hostTags, Map<String, Collector> collectors, long timeMillis) {
        int colon = item.indexOf(':');
        if (colon < 0 || item.indexOf(':', colon + 1) >= 0) {
            return null;
        }
        String name = item.substring(0, colon);
        int dash = name.indexOf('-');
        if (dash < 0 || name.indexOf('-', dash + 1) >= 0) {
            return null;
        }
        String stat = name.substring(dash + 1);
        if (stat.isEmpty()) {
            return null;
        }
        double value = parseValue(item.substring(colon + 1));
        if (!Double.isFinite(value)) {
            return null;
        }
        Collector collector = collectors.get(name.substring(0, dash));
        Tags tags = collector == null ? hostTags : collector.sampleTags();
        return new Sample(stat, tags, timeMillis, value);
    }

    /**
     * The value, or NaN when it is not a number Go's {@code ParseFloat} would accept. Java's
     * {@link Double#parseDouble} is more lenient in three ways, which are refused here: surrounding whitespace, a
     * {@code d}/{@code f} type suffix, and {@code Infinity}/{@code NaN} spelled Java's way (non-finite values are
     * refused anyway).
     */
    static double parseValue(String text) {
        if (text.isEmpty()) {
            return Double.NaN;
        }
        char first = text.charAt(0);
        char last = text.charAt(text.length() - 1);
        if (first <= ' ' || last <= ' ' || last == 'd' || last == 'D' || last == 'f' || last == 'F') {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
