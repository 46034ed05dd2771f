package io.pulse.kernel.plugin;

import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The modules already found in a plugin folder's jars, offered to {@code resolveAndBind} as a {@link ModuleFinder}.
 *
 * <p>Why not {@code ModuleFinder.of(jars)}: {@link PluginLoader} has just opened every jar once to check it (one
 * module per jar, no second version, no SPI copy), and a second finder over the same paths would open them all again
 * and derive every automatic module's descriptor a second time by listing each entry of the jar - tens of
 * milliseconds per folder at start-up (kotlin-stdlib alone has thousands of entries). The references found the first
 * time are the same ones that finder would return.
 */
final class FoundModules implements ModuleFinder {

    private final Map<String, ModuleReference> byName = new TreeMap<>();

    /** Adds a module found in one of the folder's jars (the caller refuses a folder with two of one name). */
    void add(ModuleReference reference) {
        byName.putIfAbsent(reference.descriptor().name(), reference);
    }

    @Override
    public Optional<ModuleReference> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public Set<ModuleReference> findAll() {
        return Set.copyOf(byName.values());
    }
}
