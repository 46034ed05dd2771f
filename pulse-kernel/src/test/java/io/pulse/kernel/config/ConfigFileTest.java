package io.pulse.kernel.config;

import io.pulse.spi.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A file of comments only (such as the shipped etc/pulse.yaml) is read without the parser; anything else is parsed. */
class ConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void commentsAndBlankLinesOnlySetNothing() throws IOException {
        Path file = Files.writeString(dir.resolve("pulse.yaml"), "# a comment\n\n   # indented: 1\n\t\n");

        assertTrue(ConfigFile.onlyComments(Files.readString(file)));
        assertEquals(Map.of(), ConfigFile.load(file).values());
    }

    @Test
    void oneSettingAmongCommentsIsParsed() throws IOException {
        Path file = Files.writeString(dir.resolve("pulse.yaml"), "# a comment\npoll-interval: 30 # why\n# more\n");

        assertFalse(ConfigFile.onlyComments(Files.readString(file)));
        assertEquals(Map.of("poll-interval", "30"), ConfigFile.load(file).values());
    }

    @Test
    void aBrokenFileAfterCommentsIsStillRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("pulse.yaml"), "# a comment\npoll-interval: [30\n");

        assertThrows(ConfigException.class, () -> ConfigFile.load(file));
    }
}
