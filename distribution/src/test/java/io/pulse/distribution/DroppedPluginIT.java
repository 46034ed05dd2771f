package io.pulse.distribution;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A vendor compiles a plugin against the SPI jar alone, drops it into {@code plugins/<name>/} of the image, and
 * restarts: the plugin is discovered in its own module layer; its own options (a flag with a short form and an
 * environment name, a secret, a ranged number) appear in {@code --help}, a bad value is one clear line, setting its
 * trigger selects it, it is created with its context, started and fed, and its secret never reaches the log.
 */
class DroppedPluginIT {

    private static final Path PLUGIN_DIR = PulseProcess.IMAGE.resolve("plugins/e2e-drop");

    private static final String SOURCE = """
        package com.acme.drop;

        import io.pulse.spi.Health;
        import io.pulse.spi.Plugin;
        import io.pulse.spi.PluginContext;
        import io.pulse.spi.Selection;
        import io.pulse.spi.option.Option;
        import io.pulse.spi.option.OptionType;
        import io.pulse.spi.publish.LivePublisher;
        import io.pulse.spi.publish.LivePublisherFactory;
        import io.pulse.spi.stats.Sample;
        import io.pulse.spi.stats.SampleBatch;

        import java.nio.file.Files;
        import java.nio.file.StandardOpenOption;
        import java.util.List;

        public class DropPlugin implements Plugin {
            // Setting the label (flag, short flag, its own env name or file key) selects the publisher.
            static final Option<String> LABEL = Option.builder("label", OptionType.string())
                .flag("drop-label", 'D').env("ACME_DROP_LABEL")
                .description("label written before every published sample").build();
            static final Option<String> API_KEY = Option.builder("api-key", OptionType.string()).secret()
                .flag("drop-api-key").description("the key of the acme service").build();
            static final Option<Integer> EVERY = Option.builder("every", OptionType.integer(1, 100))
                .defaultValue(1).description("publish every n-th batch").build();

            @Override
            public List<LivePublisherFactory> livePublisherFactories() {
                return List.of(new LivePublisherFactory() {
                    public String id() { return "e2e-drop"; }
                    public String description() { return "writes live samples to its data directory"; }
                    public List<Option<?>> options() { return List.of(LABEL, API_KEY, EVERY); }
                    public Selection selection() { return Selection.whenSet(LABEL); }
                    public LivePublisher create(PluginContext context) {
                        String label = context.options().get(LABEL);
                        String key = context.options().find(API_KEY).orElse("none");
                        return new LivePublisher() {
                            public void start() throws Exception {
                                // A careless plugin logging its secret: the kernel masks it in the log.
                                System.getLogger("com.acme.drop").log(System.Logger.Level.INFO,
                                    "connecting to acme with key " + key);
                                Files.writeString(context.dataDir().resolve("started"), "yes");
                            }
                            public Health health() { return Health.up(); }
                            public void publish(SampleBatch batch) throws Exception {
                                StringBuilder line = new StringBuilder();
                                for (Sample s : batch.samples()) {
                                    line.append(label).append(' ').append(s.stat()).append(' ').append(s.tags())
                                        .append(' ').append(s.value()).append('\\n');
                                }
                                Files.writeString(context.dataDir().resolve("published"), line,
                                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                            }
                            public void close() { }
                        };
                    }
                });
            }
        }
        """;

    private static final String API_KEY = "acme-key-0123456789";

    @AfterEach
    void removePlugin() throws Exception {
        deleteTree(PLUGIN_DIR);
    }

    @Test
    void aJarDroppedIntoPluginsIsDiscoveredOnTheNextStart(@TempDir Path work) throws Exception {
        Path jar = buildPluginJar(work);
        Files.createDirectories(PLUGIN_DIR);
        Files.copy(jar, PLUGIN_DIR.resolve("acme-drop-1.0.jar"));

        PulseProcess.Result help = PulseProcess.run("--help");
        assertEquals(0, help.exitCode(), help.stderr());
        String plugin = help.stdout().substring(help.stdout().indexOf("publisher 'e2e-drop'"));
        assertTrue(plugin.contains("-D, --drop-label string") && plugin.contains("--drop-api-key")
            && plugin.contains("--e2e-drop.every int"), "help lists the plugin's options under it:\n" + help.stdout());

        PulseProcess.Result bad = PulseProcess.run("-s", "-D", "edge", "--e2e-drop.every", "0");
        assertEquals(2, bad.exitCode(), bad.stderr());
        assertEquals("pulse: e2e-drop.every: expected a whole number from 1 to 100, got '0' (from command line)",
            bad.stderr().strip().lines().filter(l -> l.startsWith("pulse:")).findFirst().orElse(bad.stderr()));

        Path data = work.resolve("data");
        // Selected by its own environment variable; the secret comes from a flag.
        try (PulseProcess pulse = PulseProcess.startServer(java.util.Map.of("ACME_DROP_LABEL", "edge"), data,
                PulseProcess.freePort(), PulseProcess.freePort(), "--drop-api-key", API_KEY, "-p", "1")) {
            assertEquals("yes", Files.readString(data.resolve("e2e-drop/started")));
            assertTrue(pulse.stderr().contains("selected publisher 'e2e-drop' because --drop-label (-D) is set"
                + " (environment variable ACME_DROP_LABEL)"), "the log says why the plugin runs:\n" + pulse.stderr());
            assertTrue(pulse.stderr().contains("connecting to acme with key ****"), pulse.stderr());
            assertFalse(pulse.stderr().contains(API_KEY), "the secret is in no log line:\n" + pulse.stderr());

            // An original-style relay (raw protocol) answers one poll; the dropped publisher receives the samples.
            try (Socket relay = new Socket("127.0.0.1", pulse.relayPort)) {
                relay.setSoTimeout(20_000);
                OutputStream out = relay.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(relay.getInputStream(), StandardCharsets.US_ASCII));
                out.write("id dropper\nadd cpu_used:,service:web1\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertEquals("ok", in.readLine());
                assertTrue(in.readLine().startsWith("beat "));
                String line;
                while (!(line = in.readLine()).startsWith("get ")) {
                    // skip anything else the server may send first
                }
                assertEquals("get cpu_used", line);
                out.write("got cpu_used-cpu_used:0.2500\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Path published = data.resolve("e2e-drop/published");
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (!Files.exists(published) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                String got = Files.readString(published);
                assertTrue(got.startsWith("edge cpu_used {host=dropper, service=web1} 0.25"), got);
            }
        }
    }

    private static Path buildPluginJar(Path work) throws Exception {
        Path src = work.resolve("src/com/acme/drop/DropPlugin.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, SOURCE);
        Path classes = work.resolve("classes");
        Files.createDirectories(classes);
        Path spiJar;
        try (Stream<Path> jars = Files.list(PulseProcess.IMAGE.getParent().resolve("modules"))) {
            spiJar = jars.filter(p -> p.getFileName().toString().startsWith("pulse-spi-")).findFirst().orElseThrow();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", "21", "-cp", spiJar.toString(), "-d", classes.toString(), src.toString());
        assertEquals(0, rc, "the plugin compiles against the SPI jar alone");

        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        Path jar = work.resolve("acme-drop-1.0.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/io.pulse.spi.Plugin"));
            out.write("com.acme.drop.DropPlugin\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    private static void deleteTree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
