package io.pulse.kernel.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * A module in a jar whose descriptor is already known ({@link JarModules}: the same jar was read in another plugin
 * folder), read the way the JDK reads a modular jar on the module path: as a multi-release {@link JarFile} for this
 * runtime's version, resources found at {@code jar:file:...!/name} URIs. The file is opened when the module's class
 * loader first needs it, not before.
 */
final class JarModuleReference extends ModuleReference {

    private final Path jar;

    JarModuleReference(ModuleDescriptor descriptor, Path jar) {
        super(descriptor, jar.toUri());
        this.jar = jar;
    }

    @Override
    public ModuleReader open() throws IOException {
        return new Reader(jar);
    }

    @Override
    public String toString() {
        return "[module " + descriptor().name() + ", location=" + jar.toUri() + "]";
    }

    /** Reads one jar; thread-safe as {@link JarFile} is. */
    private static final class Reader implements ModuleReader {

        private final JarFile file;
        private final URI uri;
        private volatile boolean closed;

        Reader(Path jar) throws IOException {
            this.file = new JarFile(jar.toFile(), true, ZipFile.OPEN_READ, JarFile.runtimeVersion());
            this.uri = jar.toUri();
        }

        private JarEntry entry(String name) throws IOException {
            Objects.requireNonNull(name, "name");
            if (closed) {
                throw new IOException("ModuleReader is closed");
            }
            return file.getJarEntry(name);
        }

        @Override
        public Optional<URI> find(String name) throws IOException {
            JarEntry entry = entry(name);
            if (entry == null) {
                return Optional.empty();
            }
            String path = file.isMultiRelease() ? entry.getRealName() : name;
            if (entry.isDirectory() && !path.endsWith("/")) {
                path += "/";
            }
            try {
                // The entry's name as a URI path (spaces and the like escaped), after the jar's own (escaped) URI.
                String escaped = new URI(null, null, "/" + path, null).getRawPath().substring(1);
                return Optional.of(new URI("jar:" + uri + "!/" + escaped));
            } catch (URISyntaxException e) {
                throw new IOException("no URI for " + name + " in " + uri + ": " + e.getMessage(), e);
            }
        }

        @Override
        public Optional<InputStream> open(String name) throws IOException {
            JarEntry entry = entry(name);
            return entry == null ? Optional.empty() : Optional.of(file.getInputStream(entry));
        }

        @Override
        public Stream<String> list() throws IOException {
            if (closed) {
                throw new IOException("ModuleReader is closed");
            }
            return file.versionedStream().map(JarEntry::getName).toList().stream();
        }

        @Override
        public void close() throws IOException {
            closed = true;
            file.close();
        }
    }
}
