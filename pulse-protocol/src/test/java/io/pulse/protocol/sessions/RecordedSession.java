package io.pulse.protocol.sessions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A recorded relay protocol session: the lines that cross the wire between a relay and the server, in order. Both
 * ends' tests replay the same recording (the kernel plays the relay's lines against a real server, the relay
 * library plays the server's lines against a real relay), so the two implementations are checked against one
 * text rather than against each other's assumptions.
 *
 * <p>The format (the files' own header says the same):
 * <pre>
 * R&gt; &lt;line&gt;    the relay sends &lt;line&gt; to the server
 * S&gt; &lt;line&gt;    the server sends &lt;line&gt; to the relay
 * # ...        a comment; blank lines are ignored too
 * </pre>
 * {@code <line>} is everything after the three-character prefix, exactly as on the wire without its {@code \n}.
 *
 * <p>Shipped in pulse-protocol's test-jar, which the kernel and the relay put on their test class path (not the
 * module path: their module-info does not require it). The recordings are resources next to this class, read with
 * {@link Class#getResourceAsStream}, which finds them both there and, in pulse-protocol's own tests, inside the
 * patched {@code io.pulse.protocol} module. JDK only, so it adds nothing to the consumers' test class path.
 *
 * <p>Immutable and thread-safe.
 */
public final class RecordedSession {

    /** The session observed between the original server and relay, with flush and override added. */
    public static final String ORIGINAL_EXAMPLE = "original-example.session";

    /** Which way a line goes. */
    public enum Direction {
        /** {@code R>}: the relay sends it. */
        RELAY_TO_SERVER("R> "),
        /** {@code S>}: the server sends it. */
        SERVER_TO_RELAY("S> ");

        private final String prefix;

        Direction(String prefix) {
            this.prefix = prefix;
        }

        /** The prefix in a session file, with its space. */
        public String prefix() {
            return prefix;
        }
    }

    /**
     * One line crossing the wire.
     *
     * @param direction  who sends it
     * @param line       the line, without its {@code \n}
     * @param lineNumber where it is in the session file (1-based), for failure messages
     */
    public record Step(Direction direction, String line, int lineNumber) {

        public Step {
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(line, "line");
        }

        public boolean fromRelay() {
            return direction == Direction.RELAY_TO_SERVER;
        }

        public boolean fromServer() {
            return direction == Direction.SERVER_TO_RELAY;
        }

        @Override
        public String toString() {
            return "line " + lineNumber + ": " + direction.prefix() + line;
        }
    }

    private final String source;
    private final List<Step> steps;

    private RecordedSession(String source, List<Step> steps) {
        this.source = source;
        this.steps = List.copyOf(steps);
    }

    /**
     * Loads a recording shipped next to this class, e.g. {@link #ORIGINAL_EXAMPLE}.
     *
     * @throws IllegalArgumentException when there is no such recording or it is malformed
     */
    public static RecordedSession load(String name) {
        try (InputStream in = RecordedSession.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded session named " + name + " next to "
                        + RecordedSession.class.getName());
            }
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("reading the recorded session " + name, e);
        }
    }

    /**
     * Reads a recording.
     *
     * @param source names the recording in error messages
     * @throws IllegalArgumentException naming the file and line of anything that is not a step, a comment or blank
     */
    public static RecordedSession parse(String source, String text) {
        List<Step> steps = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int number = i + 1;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.indexOf('\r') >= 0) {
                throw new IllegalArgumentException(source + ":" + number + ": a \\r in a session file (save it with \\n line ends)");
            }
            Direction direction = direction(line);
            if (direction == null) {
                throw new IllegalArgumentException(source + ":" + number + ": expected 'R> ', 'S> ', '#' or a blank line, got \""
                        + line + "\"");
            }
            steps.add(new Step(direction, line.substring(direction.prefix().length()), number));
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException(source + ": no steps");
        }
        return new RecordedSession(source, steps);
    }

    private static Direction direction(String line) {
        for (Direction direction : Direction.values()) {
            if (line.startsWith(direction.prefix())) {
                return direction;
            }
        }
        return null;
    }

    /** The name it was loaded or parsed under. */
    public String source() {
        return source;
    }

    /** Every line crossing the wire, in order. */
    public List<Step> steps() {
        return steps;
    }

    /** The lines one side sends, in order. */
    public List<String> linesFrom(Direction direction) {
        return steps.stream().filter(step -> step.direction() == direction).map(Step::line).toList();
    }

    @Override
    public String toString() {
        return source + " (" + steps.size() + " steps)";
    }
}
