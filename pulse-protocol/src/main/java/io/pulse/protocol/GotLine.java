package io.pulse.protocol;

import java.util.Objects;

/**
 * {@code got <c>-<stat>:<value>,<c>-<stat>:<value>,...}: a relay's answer to {@code get}. A point collector
 * {@code ram} answers {@code ram-ram:25}; a set collector {@code disk} answers one item per entry,
 * {@code disk-disk_free:1.2346,disk-disk_used:50}. Values are written by {@link Values#format}.
 *
 * <p><b>Reading</b> follows the original server's rules, item by item (items are separated by {@code ,}):
 * <ul>
 *   <li>an item must split on {@code :} into exactly two parts, name and value;</li>
 *   <li>the name must split on {@code -} into exactly two parts, collector and stat;</li>
 * </ul>
 * and Pulse's, where it differs from the original on purpose (decisions.md): the stat must not be empty, and the
 * value must be a finite number ({@link Values#parse}; the original stored unparsable values as -1). Any other item
 * is skipped and counted, and the rest of the line is still read.
 *
 * <p>Reading is on the server's hot path (every answer of every relay): it runs on indexes into the line, with no
 * regular expression. The server reads the line's bytes ({@link #parse(byte[], int, int, ByteItemSink)}, same rules),
 * with no String per item at all; {@link #parse(String, ItemSink)} makes the collector, stat and value texts.
 *
 * <p>{@link #parse} is stateless and thread-safe; a {@link Writer} is for one thread.
 */
public final class GotLine {

    private GotLine() {
    }

    /** Receives the items of a {@code got} line that {@link #parse} could read. */
    @FunctionalInterface
    public interface ItemSink {
        /**
         * @param collector the part before {@code -} (may be empty, or a collector the relay never added)
         * @param stat      the part between {@code -} and {@code :}, never empty
         * @param value     a finite value
         */
        void item(String collector, String stat, double value);
    }

    /**
     * Receives the items of a {@code got} line read from bytes ({@link #parse(byte[], int, int, ByteItemSink)}):
     * the item's names are left in the line, so a reader that knows them already (the server maps each relay's
     * collector and stat to its series once) creates no String per item.
     */
    @FunctionalInterface
    public interface ByteItemSink {
        /**
         * @param line  the line's bytes (valid only during the call)
         * @param start where the item starts: the collector is {@code line[start, dash)} (may be empty)
         * @param dash  the {@code -} between collector and stat
         * @param colon the {@code :} after the stat: the stat is {@code line[dash + 1, colon)}, never empty
         * @param value a finite value
         */
        void item(byte[] line, int start, int dash, int colon, double value);
    }

    /**
     * {@link #parse(String, ItemSink)} on the UTF-8 bytes {@code line[from, to)} (the text after {@code got }):
     * the same items, the same rules, the same count of skipped items (the separators are ASCII, and no byte of a
     * multi-byte UTF-8 character is ASCII, so splitting bytes splits the text the same way).
     *
     * @return how many items were skipped (an empty text is one empty, skipped item)
     */
    public static int parse(byte[] line, int from, int to, ByteItemSink sink) {
        int rejected = 0;
        int start = from;
        while (true) {
            int end = parseItem(line, start, to, sink);
            if (end < 0) {
                rejected++;
                end = -end - 1;
            }
            if (end == to) {
                return rejected;
            }
            start = end + 1;
        }
    }

    /**
     * Reads the item starting at {@code start}: one pass up to its end (the next {@code ,}, or {@code to}) finds
     * its first {@code :} and whether there is a second, and its {@code -}s before the {@code :}, so each byte of
     * the name is looked at once (the value's bytes once more by {@link Values#parse}).
     *
     * @return the item's end when it was read, {@code -end - 1} when it is unusable
     */
    private static int parseItem(byte[] line, int start, int to, ByteItemSink sink) {
        int colon = -1;
        int dash = -1;
        boolean usable = true;
        int end = start;
        for (; end < to; end++) {
            byte b = line[end];
            if (b == ',') {
                break;
            } else if (b == ':') {
                if (colon >= 0) {
                    usable = false;  // a second ':'
                }
                colon = end;
            } else if (b == '-' && colon < 0) {
                if (dash >= 0) {
                    usable = false;  // a second '-' in the name
                }
                dash = end;
            }
        }
        if (!usable || colon < 0 || dash < 0 || dash + 1 == colon) {
            return -end - 1;
        }
        double value = Values.parse(line, colon + 1, end);
        if (!Double.isFinite(value)) {
            return -end - 1;
        }
        sink.item(line, start, dash, colon, value);
        return end;
    }

    /**
     * Reads the text after {@code got }, handing each readable item to the sink in line order.
     *
     * @return how many items were skipped (an empty text is one empty, skipped item)
     */
    public static int parse(String items, ItemSink sink) {
        int rejected = 0;
        int start = 0;
        while (true) {
            int comma = items.indexOf(',', start);
            int end = comma < 0 ? items.length() : comma;
            if (!parseItem(items, start, end, sink)) {
                rejected++;
            }
            if (comma < 0) {
                return rejected;
            }
            start = comma + 1;
        }
    }

    /** The item {@code items[start, end)}; false when it is unusable. */
    private static boolean parseItem(String items, int start, int end, ItemSink sink) {
        int colon = items.indexOf(':', start, end);
        if (colon < 0 || items.indexOf(':', colon + 1, end) >= 0) {
            return false;
        }
        int dash = items.indexOf('-', start, colon);
        if (dash < 0 || items.indexOf('-', dash + 1, colon) >= 0 || dash + 1 == colon) {
            return false;
        }
        double value = Values.parse(items.substring(colon + 1, end));
        if (!Double.isFinite(value)) {
            return false;
        }
        sink.item(items.substring(start, dash), items.substring(dash + 1, colon), value);
        return true;
    }

    /**
     * Builds one {@code got} line, item by item. Refuses what the server could not read back, so a relay can never
     * send a line that parses differently from what it meant.
     */
    public static final class Writer {

        private final StringBuilder line = new StringBuilder(64).append(Commands.GOT).append(' ');
        private int items;

        /**
         * Appends {@code <collector>-<stat>:<value>}.
         *
         * @param collector a collector name a relay may register ({@link CollectorNames#isValid})
         * @param stat      a stat name ({@link CollectorNames#isValidStat}); a point collector's is its own name
         * @param value     a finite value
         * @throws IllegalArgumentException for a name or value that cannot be sent
         */
        public Writer add(String collector, String stat, double value) {
            Objects.requireNonNull(collector, "collector");
            Objects.requireNonNull(stat, "stat");
            if (!CollectorNames.isValid(collector)) {
                throw new IllegalArgumentException("collector name \"" + collector + "\" cannot be sent in a got item");
            }
            if (!CollectorNames.isValidStat(stat)) {
                throw new IllegalArgumentException("stat name \"" + stat + "\" of collector \"" + collector
                        + "\" cannot be sent in a got item: it must be non-empty, without - : , or a line break");
            }
            String text = Values.format(value);
            if (items++ > 0) {
                line.append(',');
            }
            line.append(collector).append('-').append(stat).append(':').append(text);
            return this;
        }

        /** True until an item is added: a relay with nothing to report sends no {@code got} at all. */
        public boolean isEmpty() {
            return items == 0;
        }

        /**
         * The line without its terminator.
         *
         * @throws IllegalStateException when no item was added ({@code got} with no item is not sent)
         */
        public String line() {
            if (items == 0) {
                throw new IllegalStateException("a got line needs at least one item");
            }
            return line.toString();
        }
    }
}
