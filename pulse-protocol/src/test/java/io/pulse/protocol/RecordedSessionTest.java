package io.pulse.protocol;

import io.pulse.protocol.sessions.RecordedSession;
import io.pulse.protocol.sessions.RecordedSession.Direction;
import io.pulse.protocol.sessions.RecordedSession.Step;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The session file format, and the shipped session read back with this module's own parsers. */
class RecordedSessionTest {

    @Test
    void stepsCommentsAndBlankLines() {
        RecordedSession session = RecordedSession.parse("t", "# header\n\nR> id a b\nS> ok\n  \nR> got \n#end");
        assertEquals(List.of(new Step(Direction.RELAY_TO_SERVER, "id a b", 3), new Step(Direction.SERVER_TO_RELAY, "ok", 4),
                new Step(Direction.RELAY_TO_SERVER, "got ", 6)), session.steps());
        assertEquals(List.of("id a b", "got "), session.linesFrom(Direction.RELAY_TO_SERVER));
        assertEquals("line 4: S> ok", session.steps().get(1).toString());
    }

    @Test
    void anythingElseIsAnErrorNamingTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecordedSession.parse("t", "R> id a\nR>ping\n"));
        assertEquals("t:2: expected 'R> ', 'S> ', '#' or a blank line, got \"R>ping\"", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RecordedSession.parse("t", "R> id a\r\n"));
        assertThrows(IllegalArgumentException.class, () -> RecordedSession.parse("t", "# nothing\n"));
        assertThrows(IllegalArgumentException.class, () -> RecordedSession.load("no-such.session"));
    }

    /**
     * Every line of the shipped session is one this module writes and reads identically, so the kernel's and the
     * relay's replays compare against well-formed protocol.
     */
    @Test
    void theOriginalExampleIsWellFormedProtocol() {
        RecordedSession session = RecordedSession.load(RecordedSession.ORIGINAL_EXAMPLE);
        List<String> added = new ArrayList<>();
        int gotLines = 0;
        for (Step step : session.steps()) {
            CommandLine line = CommandLine.split(step.line());
            assertEquals(step.line(), line.text(), step.toString());
            switch (line.word()) {
                case Commands.ID -> {
                    assertNull(IdLine.refusal(line), step.toString());
                    assertEquals(step.line(), new IdLine(line.rest()).line());
                }
                case Commands.ADD -> {
                    AddLine add = AddLine.parse(line.rest());
                    assertNotNull(add, step.toString());
                    assertTrue(CollectorNames.isValid(add.name()), step.toString());
                    assertEquals(step.line(), add.line(), "written as the Java relay writes it: " + step);
                    added.add(add.name());
                }
                case Commands.REMOVE -> assertTrue(added.remove(line.rest()), "removes an added collector: " + step);
                case Commands.GET -> assertEquals(step.line(), GetLine.parse(line.rest()).line(), step.toString());
                case Commands.GOT -> {
                    GotLine.Writer writer = new GotLine.Writer();
                    int rejected = GotLine.parse(line.rest(), writer::add);
                    assertEquals(0, rejected, step.toString());
                    assertEquals(step.line(), writer.line(), "values written as the Java relay writes them: " + step);
                    gotLines++;
                }
                case Commands.BEAT -> assertEquals(step.line(), BeatLine.parse(line.rest()).line(), step.toString());
                case Commands.OVERRIDE -> {
                    OverrideLine.Parsed parsed = OverrideLine.parse(line.rest());
                    assertEquals(List.of(), parsed.rejected());
                    assertEquals(step.line(), parsed.override().line(), step.toString());
                }
                case Commands.OK, Commands.PONG, Commands.PING, Commands.CLOSE, Commands.FLUSH ->
                        assertFalse(line.hasRest(), "a bare word: " + step);
                default -> throw new AssertionError("not a protocol line: " + step);
            }
        }
        assertEquals(1, gotLines);
        assertEquals(List.of(), added, "the relay removed every collector before closing");
        Step last = session.steps().getLast();
        assertEquals(new Step(Direction.RELAY_TO_SERVER, Commands.CLOSE, last.lineNumber()), last);
    }
}
