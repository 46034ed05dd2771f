package io.pulse.kernel.relay;

/**
 * The relay server's limits: how many relays may be connected at once, how many collectors one relay may expose,
 * and how fast one relay may send lines. Beyond each, the relay gets an error line naming the limit and is closed,
 * and the refusal is counted ({@link RelayLimiter}); see {@code docs/reliability.md#limits}.
 *
 * @param maxRelays             relays registered at once ({@code --max-relays}); at least 1
 * @param maxCollectorsPerRelay collectors one relay may expose at once ({@code --max-collectors-per-relay}); at
 *                              least 1
 * @param maxLinesPerSecond     the sustained rate of lines one relay may send ({@code --max-lines-per-second});
 *                              at least 1. Bursts up to {@link #lineBurst()} lines are allowed on top.
 */
public record RelayLimits(int maxRelays, int maxCollectorsPerRelay, int maxLinesPerSecond) {

    /** {@code --max-relays}: five times the ten thousand relays one server is measured with (docs/performance.md). */
    public static final int DEFAULT_MAX_RELAYS = 50_000;
    /** {@code --max-collectors-per-relay}. */
    public static final int DEFAULT_MAX_COLLECTORS_PER_RELAY = 1_000;
    /** {@code --max-lines-per-second}: hundreds of times what a well-behaved relay sends (a few lines a second). */
    public static final int DEFAULT_MAX_LINES_PER_SECOND = 1_000;

    /** The defaults above. */
    public static final RelayLimits DEFAULTS = new RelayLimits(DEFAULT_MAX_RELAYS, DEFAULT_MAX_COLLECTORS_PER_RELAY,
            DEFAULT_MAX_LINES_PER_SECOND);

    public RelayLimits {
        if (maxRelays < 1) {
            throw new IllegalArgumentException("max relays must be at least 1, got " + maxRelays);
        }
        if (maxCollectorsPerRelay < 1) {
            throw new IllegalArgumentException("max collectors per relay must be at least 1, got "
                    + maxCollectorsPerRelay);
        }
        if (maxLinesPerSecond < 1) {
            throw new IllegalArgumentException("max lines per second must be at least 1, got " + maxLinesPerSecond);
        }
    }

    /**
     * How many lines a relay may send at once on top of the rate: two seconds' worth, plus one {@code add} for each
     * collector it may expose - a relay (re)connecting sends all its {@code add} lines in one go, and that must
     * never count against it however the two limits are set.
     */
    public long lineBurst() {
        return 2L * maxLinesPerSecond + maxCollectorsPerRelay;
    }
}
