package io.pulse.protocol;

import java.time.Duration;

/**
 * {@code beat <seconds>}: the server's heartbeat interval, sent right after {@code ok}. The relay then pings every
 * that many seconds and treats the connection as dead when no line at all arrives within half of it after a ping;
 * the server drops a relay silent for twice as long. The server writes whole seconds ({@code beat 30}); decimals
 * are read as well.
 *
 * @param interval positive
 */
public record BeatLine(Duration interval) {

    public BeatLine {
        Seconds.positive(interval, "beat interval");
    }

    /** {@code beat <seconds>} without the terminator. */
    public String line() {
        return Commands.BEAT + ' ' + Seconds.format(interval);
    }

    /**
     * Reads the text after {@code beat }.
     *
     * @throws IllegalArgumentException when it is not a positive number of seconds
     */
    public static BeatLine parse(String rest) {
        return new BeatLine(Seconds.parse(rest));
    }
}
