package io.pulse.distribution;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Docs that are true: every config-file example in docs/*.md and README.md starts the built image. A config example is
 * every {@code yaml}/{@code yml} block except Prometheus' own ({@code # prometheus.yml} or {@code scrape_configs:}),
 * and every {@code json} block with a {@code "server"} key (the other JSON blocks are API bodies). Each runs with
 * {@code -c} and {@code -s} on free ports and a temporary data directory (these flags win over the file); an example
 * naming an InfluxDB address gets {@code -i} to a closed loopback port instead, since its host does not exist here
 * (the plugin starts and buffers, so every other key of the example is still checked). A refused example (an exit, or
 * no 200 on /ping) fails its test.
 */
class DocsExamplesIT {

    /** The repository root: distribution/ is the working directory of the build's tests. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern BLOCK = Pattern.compile("(?ms)^```(yaml|yml|json)[ \\t]*\\n(.*?)^```");
    private static final Pattern JSON_CONFIG = Pattern.compile("(?m)^\\s*\\{?\\s*\"server\"\\s*:");
    private static final Pattern PROMETHEUS = Pattern.compile("(?m)^(# prometheus\\.yml|scrape_configs:)");
    private static final Pattern INFLUX_ADDRESS = Pattern.compile("(?m)^\\s*(influx-address|\"influx-address\"|"
        + "address|\"address\")\\s*:");

    @TempDir
    static Path work;

    record Example(String source, int line, String extension, String text) {
    }

    static List<Example> examples() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<Example> examples = new ArrayList<>();
        for (Path file : files) {
            String text = Files.readString(file);
            Matcher block = BLOCK.matcher(text);
            while (block.find()) {
                boolean config = block.group(1).equals("json") ? JSON_CONFIG.matcher(block.group(2)).find()
                    : !PROMETHEUS.matcher(block.group(2)).find();
                if (config) {
                    int line = (int) text.substring(0, block.start()).lines().count() + 1;
                    String extension = block.group(1).equals("json") ? "json" : "yaml";
                    examples.add(new Example(ROOT.relativize(file) + ":" + line, line, extension, block.group(2)));
                }
            }
        }
        return examples;
    }

    @Test
    void findsTheConfigurationExamples() throws IOException {
        List<String> found = examples().stream().map(Example::source).toList();
        assertTrue(found.stream().filter(s -> s.startsWith("docs/configuration.md")).count() >= 2,
            "the YAML and the JSON example of docs/configuration.md are found: " + found);
        assertTrue(found.stream().anyMatch(s -> s.startsWith("docs/operations.md")), "and the operator's: " + found);
        assertTrue(found.stream().anyMatch(s -> s.startsWith("docs/api.md")), "and the API's: " + found);
        assertTrue(found.stream().anyMatch(s -> s.startsWith("docs/storage-influxdb.md")), "and InfluxDB's: " + found);
        assertTrue(found.stream().noneMatch(s -> s.startsWith("docs/live.md")), "not Prometheus' own: " + found);
    }

    @TestFactory
    Stream<DynamicTest> everyConfigExampleStartsTheImage() throws IOException {
        return examples().stream().map(example -> DynamicTest.dynamicTest(example.source(), () -> {
            Path dir = Files.createTempDirectory(work, "example");
            Path config = Files.writeString(dir.resolve("pulse." + example.extension()), example.text());
            List<String> args = new ArrayList<>(List.of("-c", config.toString()));
            if (INFLUX_ADDRESS.matcher(example.text()).find()) {
                args.addAll(List.of("-i", "http://127.0.0.1:" + PulseProcess.freePort()));
            }
            try (PulseProcess pulse = PulseProcess.startServer(dir.resolve("data"), args.toArray(String[]::new))) {
                assertEquals(200, pulse.get("/ping").statusCode(), example.source() + " serves /ping");
                assertTrue(pulse.isAlive(), example.source() + " keeps running:\n" + pulse.stderr());
            } catch (AssertionError refused) {
                throw new AssertionError(example.source() + " is refused by the image:\n" + example.text()
                    + "\n" + refused.getMessage(), refused);
            }
        }));
    }
}
