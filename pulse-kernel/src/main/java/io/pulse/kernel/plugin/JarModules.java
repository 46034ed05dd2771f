package io.pulse.kernel.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The modules of the plugin jars read so far, so that a jar found again in another plugin folder - one library
 * shipped with two plugins, byte for byte the same file - is not read a second time.
 *
 * <p>Why: reading a jar's module ({@code ModuleFinder.of(jar).findAll()}) opens it and walks every entry to derive its
 * packages, before the JIT has compiled any of that code. kotlin-stdlib (a multi-release jar of a thousand entries)
 * took 40-100 ms of the main thread that way and okhttp 30-60 ms, and two plugin folders that use one client library
 * both hold it with its dependencies (as two of the image's own folders did with kotlin-stdlib, okhttp and okio before
 * their plugins were linked into the image: docs/performance.md, "Start-up", the fifth round). A jar with the same file name, size and bytes as one read before gets the descriptor derived then, in a
 * {@link JarModuleReference} of its own: its classes and resources are still read from its own file, by its own
 * folder's class loader, so the folders stay as isolated as before. Comparing the bytes reads both files once, which
 * costs a few milliseconds where deriving the descriptor again cost tens.
 *
 * <p>Used by one thread ({@link PluginLoader}, for one load of the plugins directory).
 */
final class JarModules {

    private final Map<String, List<ReadJar>> readByFileName = new HashMap<>();

    /**
     * The modules in one jar, as {@code ModuleFinder.of(jar).findAll()} finds them.
     *
     * @throws FindException when the jar cannot be read as a module (as {@code ModuleFinder} throws it)
     */
    Set<ModuleReference> find(Path jar) {
        String fileName = jar.getFileName().toString();
        long size = size(jar);
        for (ReadJar read : readByFileName.getOrDefault(fileName, List.of())) {
            if (read.size == size && sameBytes(read.jar, jar)) {
                Set<ModuleReference> again = new HashSet<>();
                for (ModuleReference module : read.modules) {
                    again.add(new JarModuleReference(module.descriptor(), jar));
                }
                return again;
            }
        }
        Set<ModuleReference> modules = ModuleFinder.of(jar).findAll();
        readByFileName.computeIfAbsent(fileName, name -> new ArrayList<>()).add(new ReadJar(jar, size, modules));
        return modules;
    }

    private static long size(Path jar) {
        try {
            return Files.size(jar);
        } catch (IOException e) {
            throw new FindException("cannot read " + jar + ": " + e.getMessage(), e);
        }
    }

    private static boolean sameBytes(Path one, Path other) {
        try {
            return Files.mismatch(one, other) == -1L;
        } catch (IOException | UncheckedIOException e) {
            return false; // then the jar is read the usual way, which reports what is wrong with it
        }
    }

    /** A jar read with {@link ModuleFinder}, and what it held. Not a record: nothing compares these. */
    private static final class ReadJar {
        private final Path jar;
        private final long size;
        private final Set<ModuleReference> modules;

        ReadJar(Path jar, long size, Set<ModuleReference> modules) {
            this.jar = jar;
            this.size = size;
            this.modules = modules;
        }
    }
}
