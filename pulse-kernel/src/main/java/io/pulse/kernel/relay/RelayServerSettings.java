package io.pulse.kernel.relay;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How the relay server listens and talks to relays.
 *
 * @param listenAddress where relays dial in ({@code --server-listen-address}); port 0 picks a free port
 * @param pollInterval  how often each relay is sent {@code get} ({@code --poll-interval}); positive
 * @param beatInterval  the heartbeat announced with {@code beat <N>} ({@code --beat-interval}); whole seconds, at
 *                      least 1 s. A relay silent for twice this long is dropped.
 * @param maxLineLength the longest line accepted from a relay, in bytes, without its {@code \n} / {@code \r\n};
 *                      at least {@value #MIN_MAX_LINE_LENGTH}. Longer lines get an error line and the connection
 *                      is closed.
 * @param limits        relays at once, collectors per relay, lines per second per relay ({@link RelayLimits})
 */
public record RelayServerSettings(InetSocketAddress listenAddress, Duration pollInterval, Duration beatInterval,
                                  int maxLineLength, RelayLimits limits) {

    /** The default maximum line length: 64 KiB. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 64 * 1024;

    /** The smallest maximum line length accepted (an {@code id} line with a reasonable id must fit). */
    public static final int MIN_MAX_LINE_LENGTH = 64;

    public RelayServerSettings {
        Objects.requireNonNull(listenAddress, "listenAddress");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(beatInterval, "beatInterval");
        Objects.requireNonNull(limits, "limits");
        if (pollInterval.isNegative() || pollInterval.toMillis() < 1) {
            throw new IllegalArgumentException("poll interval must be at least 1 ms, got " + pollInterval);
        }
        if (beatInterval.getSeconds() < 1 || beatInterval.getNano() != 0) {
            throw new IllegalArgumentException(
                    "beat interval must be a whole number of seconds, at least 1 s, got " + beatInterval);
        }
        if (maxLineLength < MIN_MAX_LINE_LENGTH) {
            throw new IllegalArgumentException(
                    "max line length must be at least " + MIN_MAX_LINE_LENGTH + " bytes, got " + maxLineLength);
        }
    }

    /** With the default {@link RelayLimits#DEFAULTS limits}. */
    public RelayServerSettings(InetSocketAddress listenAddress, Duration pollInterval, Duration beatInterval,
                               int maxLineLength) {
        this(listenAddress, pollInterval, beatInterval, maxLineLength, RelayLimits.DEFAULTS);
    }

    /** How long a relay may stay silent (no bytes at all) before it is dropped: twice the beat interval. */
    public Duration silenceTimeout() {
        return beatInterval.multipliedBy(2);
    }
}
