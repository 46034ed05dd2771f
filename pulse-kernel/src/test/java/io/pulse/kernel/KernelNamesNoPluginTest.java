package io.pulse.kernel;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel only assembles: what a plugin is, which flags it has and when it runs is what the plugin declares. So
 * the kernel's sources - code, messages and comments alike - name no plugin and none of a plugin's settings; a
 * mention would be the first step back to the kernel owning them. (ArchUnit sees only class references; this reads
 * the text, strings and javadoc included.)
 */
class KernelNamesNoPluginTest {

    /**
     * The plugins' names and their settings. TLS itself is not a plugin word: the relay listener's TLS is the
     * kernel's own ({@code --relay-tls-cert}, {@code --relay-tls-key}); the HTTP front end's {@code tls-cert} and
     * {@code tls-key} (not preceded by {@code relay-}) stay forbidden.
     */
    static final Pattern PLUGIN_WORDS = Pattern.compile(
        "influx|kapacitor|mist|cors|(?<!relay-)\\btls-(cert|key)\\b|http-listen|listen-address.*http"
            + "|\\\"memory\\\"|\\\"http\\\"",
        Pattern.CASE_INSENSITIVE);

    @Test
    void kernelSourcesNameNoPluginOrPluginSetting() throws IOException {
        Path main = Path.of("src/main");
        assertTrue(Files.isDirectory(main), "runs from the module directory: " + Path.of("").toAbsolutePath());
        List<String> mentions = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(main)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = PLUGIN_WORDS.matcher(lines.get(i));
                if (m.find()) {
                    mentions.add(main.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertTrue(files.size() > 40, "found the kernel's sources: " + files.size());
        assertEquals(List.of(), mentions, "the kernel names a plugin or one of its settings");
    }

    @Test
    void thePatternCatchesPluginSettingsButNotTheRelayListenersTls() {
        for (String plugin : List.of("--tls-cert", "tls-key: cannot read", "Set --TLS-CERT", "http-listen-address",
            "influxdb.address", "Kapacitor", "mist-address", "--cors-allow", "\"memory\"", "\"http\"")) {
            assertTrue(PLUGIN_WORDS.matcher(plugin).find(), "not caught: " + plugin);
        }
        for (String kernel : List.of("--relay-tls-cert", "relay-tls-key: cannot read", "TLS on the relay listener",
            "import io.pulse.spi.tls.PemFiles;", "SSLSocket tls = accept();", "tlsRefused")) {
            assertFalse(PLUGIN_WORDS.matcher(kernel).find(), "wrongly caught: " + kernel);
        }
    }
}
