package io.pulse.protocol;

/**
 * The command words: the first word of every line. Compile-time constants, so both ends {@code switch} on them.
 *
 * <p>Relay to server: {@link #AUTH} (only to a server that requires a token), {@link #ID}, {@link #ADD}, {@link #REMOVE}, {@link #GOT}, {@link #PING}, {@link #CLOSE},
 * and {@link #OK} (the Java relay acknowledges {@code flush} and {@code override}). Server to relay: {@link #OK},
 * {@link #BEAT}, {@link #GET}, {@link #PONG}, {@link #FLUSH}, {@link #OVERRIDE}, and the {@link ErrorLines}.
 * {@code ok}, {@code ping}, {@code pong}, {@code close} and {@code flush} are whole lines on their own.
 */
public final class Commands {

    /**
     * {@code auth <token>}: the relay's first line when the server requires a relay token ({@link AuthLine}); the
     * server answers {@code ok}, then the relay sends {@code id}. Not part of the original protocol.
     */
    public static final String AUTH = "auth";
    /** {@code id <relay id>}: the relay's first line ({@link IdLine}), or its second after {@code auth}. */
    public static final String ID = "id";
    /** {@code ok}: the server accepted the {@code id}; from the Java relay, {@code flush}/{@code override} done. */
    public static final String OK = "ok";
    /** {@code beat <seconds>}: the server's heartbeat interval, right after {@code ok} ({@link BeatLine}). */
    public static final String BEAT = "beat";
    /** {@code ping}: the relay's heartbeat. */
    public static final String PING = "ping";
    /** {@code pong}: the server's answer to {@code ping}. */
    public static final String PONG = "pong";
    /** {@code close} (anything after it is ignored): the relay leaves. */
    public static final String CLOSE = "close";
    /** {@code add <name>[:<tags>]}: the relay exposes a collector ({@link AddLine}). */
    public static final String ADD = "add";
    /** {@code remove <name>}: the relay stops exposing a collector. */
    public static final String REMOVE = "remove";
    /** {@code get <c1>,<c2>,...}: the server polls those collectors ({@link GetLine}). */
    public static final String GET = "get";
    /** {@code got <c>-<stat>:<value>,...}: the relay's answer to {@code get} ({@link GotLine}). */
    public static final String GOT = "got";
    /** {@code flush}: the server asks the relay to drop the collectors' current values. */
    public static final String FLUSH = "flush";
    /** {@code override <seconds> <c>:<interval>,...}: collect faster for a while ({@link OverrideLine}). */
    public static final String OVERRIDE = "override";

    /** Every word above, for {@link #known}. */
    private static final String[] WORDS = {ID, AUTH, OK, BEAT, PING, PONG, CLOSE, ADD, REMOVE, GET, GOT, FLUSH, OVERRIDE};

    private Commands() {
    }

    /**
     * The command word {@code line[0, end)} as the shared constant when it is one of the words above, so that
     * splitting a line allocates no string for its command (this runs for every line a server reads); any other
     * word is copied out.
     */
    static String known(String line, int end) {
        for (String word : WORDS) {
            if (word.length() == end && line.startsWith(word)) {
                return word;
            }
        }
        return line.substring(0, end);
    }
}
