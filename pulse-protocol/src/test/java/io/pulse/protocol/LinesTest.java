package io.pulse.protocol;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small lines: splitting, id, add, get, beat and the error lines. */
class LinesTest {

    @Test
    void aLineSplitsOnceOnItsFirstSpace() {
        assertEquals(new CommandLine("id", "my relay 1"), CommandLine.split("id my relay 1"));
        assertEquals(new CommandLine("ping", null), CommandLine.split("ping"));
        assertEquals(new CommandLine("got", ""), CommandLine.split("got "));
        assertEquals(new CommandLine("", null), CommandLine.split(""));
        assertEquals(new CommandLine("", "ping"), CommandLine.split(" ping"));
        assertEquals(new CommandLine("hello", "there"), CommandLine.split("hello there"));
        for (String line : List.of("id my relay 1", "ping", "got ", "", " ping", "close now")) {
            assertEquals(line, CommandLine.split(line).text(), "split and text are inverses");
        }
        assertFalse(CommandLine.split("ping").hasRest());
        assertTrue(CommandLine.split("ping x").hasRest(), "so ping x is not ping");
        assertTrue(CommandLine.split("ping ").hasRest());
        assertEquals("remove disk", CommandLine.of(Commands.REMOVE, "disk").text());
        assertEquals("flush", CommandLine.of(Commands.FLUSH).text());
    }

    @Test
    void knownCommandWordsAreTheSharedConstants() {
        // so that splitting a line allocates nothing for its word
        assertSame(Commands.GOT, CommandLine.split(new String("got c-x:1")).word());
        assertSame(Commands.PING, CommandLine.split(new String("ping")).word());
        assertSame(Commands.OVERRIDE, CommandLine.split(new String("override 1 c:1")).word());
        assertEquals("gotten", CommandLine.split("gotten x").word());
        assertEquals("go", CommandLine.split("go x").word());
    }

    @Test
    void theFirstLineIdentifiesOrIsRefused() {
        assertEquals("id lester.tester", new IdLine("lester.tester").line());
        assertNull(IdLine.refusal(CommandLine.split("id lester.tester")));
        assertNull(IdLine.refusal(CommandLine.split("id my relay 1")));
        assertEquals(ErrorLines.IDENTIFY_FIRST, IdLine.refusal(CommandLine.split("hello there")));
        assertEquals(ErrorLines.IDENTIFY_FIRST, IdLine.refusal(CommandLine.split("ping")));
        assertEquals(ErrorLines.IDENTIFY_FIRST, IdLine.refusal(CommandLine.split("identify me")));
        for (String missing : List.of("id", "id ", "id   ")) {
            assertEquals(ErrorLines.MISSING_ID, IdLine.refusal(CommandLine.split(missing)), missing);
        }
        assertEquals("identify first with the 'id' command", ErrorLines.IDENTIFY_FIRST);
        assertEquals("missing id", ErrorLines.MISSING_ID);
        assertThrows(IllegalArgumentException.class, () -> new IdLine(""));
        assertThrows(IllegalArgumentException.class, () -> new IdLine("a\nb"));
        assertThrows(IllegalArgumentException.class, () -> new IdLine("a\rb"));
    }

    @Test
    void addSplitsOnTheFirstColonThenOnCommas() {
        assertEquals(new AddLine("cpu_used", List.of("", "service:web1")), AddLine.parse("cpu_used:,service:web1"));
        assertEquals(new AddLine("ram_used", List.of()), AddLine.parse("ram_used:"));
        assertEquals(new AddLine("ram_used", List.of()), AddLine.parse("ram_used"));
        assertEquals(new AddLine("disk", List.of("mount:root")), AddLine.parse("disk:mount:root"));
        assertEquals(new AddLine("c", List.of("", "bare", "a:b:c", "")), AddLine.parse("c:,bare,a:b:c,"));
        assertEquals(new AddLine("a-b", List.of()), AddLine.parse("a-b"), "the server is lenient: it can poll a-b");
        assertNull(AddLine.parse(":tag"), "an empty name cannot be polled");
        assertNull(AddLine.parse(""));
        assertNull(AddLine.parse("a,b:x"), "a name with , cannot be named in a get");

        assertEquals("add cpu_used:,service:web1", new AddLine("cpu_used", List.of("", "service:web1")).line());
        assertEquals("add ram_used:", new AddLine("ram_used", List.of()).line(), "always with the colon");
        assertEquals("add n:,a,b:c", new AddLine("n", List.of("", "a", "b:c")).line());
        for (String line : List.of("add cpu_used:,service:web1", "add ram_used:", "add disk:mount:root")) {
            assertEquals(line, AddLine.parse(CommandLine.split(line).rest()).line());
        }
        assertThrows(IllegalArgumentException.class, () -> new AddLine("", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new AddLine("a:b", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new AddLine("a,b", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new AddLine("n", List.of("a,b")));
        assertThrows(IllegalArgumentException.class, () -> new AddLine("n", List.of("a\nb")));
        assertTrue(AddLine.isValidTag("service:web1"));
        assertTrue(AddLine.isValidTag(""));
        assertFalse(AddLine.isValidTag("a,b"));
        assertFalse(AddLine.isValidTag("a\rb"));
    }

    @Test
    void getNamesCollectorsJoinedByCommas() {
        assertEquals("get cpu_used,ram_used,disk", new GetLine(List.of("cpu_used", "ram_used", "disk")).line());
        assertEquals(new GetLine(List.of("a", "b", "a")), GetLine.parse("a,b,a"));
        assertEquals(new GetLine(List.of("a", "b")), GetLine.parse(",a,,b,"), "empty names name nothing");
        assertNull(GetLine.parse(""));
        assertNull(GetLine.parse(",,"));
        assertThrows(IllegalArgumentException.class, () -> new GetLine(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new GetLine(List.of("")));
        assertThrows(IllegalArgumentException.class, () -> new GetLine(List.of("a,b")));
    }

    @Test
    void beatIsInSeconds() {
        assertEquals("beat 4", new BeatLine(Duration.ofSeconds(4)).line());
        assertEquals("beat 0.25", new BeatLine(Duration.ofMillis(250)).line());
        assertEquals(Duration.ofSeconds(30), BeatLine.parse("30").interval());
        assertEquals(Duration.ofMillis(250), BeatLine.parse(" 0.25 ").interval());
        for (String bad : List.of("", "x", "0", "-1", "NaN", "0.0000000001", "1e400")) {
            assertThrows(IllegalArgumentException.class, () -> BeatLine.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new BeatLine(Duration.ZERO));
    }

    @Test
    void errorLinesAreRecognised() {
        assertEquals("line too long (max 65536 bytes)", ErrorLines.lineTooLong(65536));
        assertTrue(ErrorLines.isErrorLine(ErrorLines.lineTooLong(100)));
        assertTrue(ErrorLines.isErrorLine(ErrorLines.MISSING_ID));
        assertTrue(ErrorLines.isErrorLine(ErrorLines.IDENTIFY_FIRST));
        assertFalse(ErrorLines.isErrorLine("line too long"));
        assertFalse(ErrorLines.isErrorLine("ok"));
        assertEquals(ErrorLines.lineTooLong(7), new LineTooLongException(7).errorLine());
    }

    @Test
    void limitErrorLinesNameTheLimitAndAreRecognised() {
        assertEquals("too many relays (max 50000)", ErrorLines.tooManyRelays(50_000));
        assertEquals("too many collectors (max 1000 per relay)", ErrorLines.tooManyCollectors(1000));
        assertEquals("too many lines (max 1000 per second)", ErrorLines.tooManyLines(1000));
        assertTrue(ErrorLines.isErrorLine(ErrorLines.tooManyRelays(1)));
        assertTrue(ErrorLines.isErrorLine(ErrorLines.tooManyCollectors(7)));
        assertTrue(ErrorLines.isErrorLine(ErrorLines.tooManyLines(123)));
        for (String notOne : List.of("too many relays (max )", "too many relays (max x)", "too many relays",
                "too many collectors (max 5)", "too many lines (max 5 per minute)", "line too long (max  bytes)")) {
            assertFalse(ErrorLines.isErrorLine(notOne), notOne);
        }
    }
}
