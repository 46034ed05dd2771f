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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A vendor compiles a plugin against the SPI jar alone, drops it into {@code plugins/<name>/} of the image, and
 * restarts: the plugin is discovered in its own module layer, created with its context, started, and fed.
 */
class DroppedPluginIT {

    private static final Path PLUGIN_DIR = PulseProcess.IMAGE.resolve("plugins/e2e-drop");

    private static final String SOURCE = """
        package com.acme.drop;

        import io.pulse.spi.Health;
        import io.pulse.spi.Plugin;
        import io.pulse.spi.PluginContext;
        import io.pulse.spi.publish.LivePublisher;
        import io.pulse.spi.publish.LivePublisherFactory;
        import io.pulse.spi.stats.Sample;
        import io.pulse.spi.stats.SampleBatch;

        import java.nio.file.Files;
        import java.nio.file.StandardOpenOption;
        import java.util.List;

        public class DropPlugin implements Plugin {
            @Override
            public List<LivePublisherFactory> livePublisherFactories() {
                return List.of(new LivePublisherFactory() {
                    public String id() { return "e2e-drop"; }
                    public LivePublisher create(PluginContext context) {
                        return new LivePublisher() {
                            public void start() throws Exception {
                                Files.writeString(context.dataDir().resolve("started"), "yes");
                            }
                            public Health health() { return Health.up(); }
                            public void publish(SampleBatch batch) throws Exception {
                                StringBuilder line = new StringBuilder();
                                for (Sample s : batch.samples()) {
                                    line.append(s.stat()).append(' ').append(s.tags()).append(' ').append(s.value()).append('\\n');
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

    @AfterEach
    void removePlugin() throws Exception {
        deleteTree(PLUGIN_DIR);
    }

    @Test
    void aJarDroppedIntoPluginsIsDiscoveredOnTheNextStart(@TempDir Path work) throws Exception {
        Path jar = buildPluginJar(work);
        Files.createDirectories(PLUGIN_DIR);
        Files.copy(jar, PLUGIN_DIR.resolve("acme-drop-1.0.jar"));

        Path data = work.resolve("data");
        try (PulseProcess pulse = PulseProcess.startServer(data, "--publishers", "e2e-drop", "-p", "1")) {
            assertEquals("yes", Files.readString(data.resolve("e2e-drop/started")));
            assertTrue(pulse.stderr().contains("e2e-drop"), "the log names the dropped plugin:\n" + pulse.stderr());

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
                assertTrue(got.startsWith("cpu_used {host=dropper, service=web1} 0.25"), got);
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
