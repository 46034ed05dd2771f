package io.pulse.kernel.plugin;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Version;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a plugin module was compiled against an SPI this server can run. javac records the version of every
 * required module in the plugin's {@code module-info.class} ({@link ModuleDescriptor.Requires#compiledVersion()});
 * the SPI follows semantic versioning: within one major version it changes only compatibly (new default methods, new
 * types), and while the major version is 0 every minor version may break. So a plugin compiled against
 * {@code major.minor} runs on {@code major.minor'} when the majors match and {@code minor <= minor'} (for major 0:
 * when the minors match). A plugin without a recorded version (an automatic module, or one compiled against an
 * unversioned SPI) is accepted: there is nothing to check. Stateless.
 */
public final class SpiCompatibility {

    static final String SPI_MODULE = "io.pulse.spi";
    private static final Pattern MAJOR_MINOR = Pattern.compile("(\\d+)\\.(\\d+).*");

    private SpiCompatibility() {
    }

    /** The version of the SPI this server runs with, if its module has one (it does in the image). */
    public static Optional<Version> runtimeVersion() {
        return ModuleLayer.boot().findModule(SPI_MODULE).flatMap(m -> m.getDescriptor().version());
    }

    /**
     * Why {@code plugin} cannot run on SPI {@code runtime}; empty when it can (or when either version is unknown).
     */
    public static Optional<String> problem(ModuleDescriptor plugin, Optional<Version> runtime) {
        Optional<Version> compiled = plugin.requires().stream()
            .filter(r -> r.name().equals(SPI_MODULE))
            .findFirst()
            .flatMap(ModuleDescriptor.Requires::compiledVersion);
        if (compiled.isEmpty() || runtime.isEmpty()) {
            return Optional.empty();
        }
        Matcher built = MAJOR_MINOR.matcher(compiled.get().toString());
        Matcher running = MAJOR_MINOR.matcher(runtime.get().toString());
        if (!built.matches() || !running.matches()) {
            return Optional.empty();
        }
        int builtMajor = Integer.parseInt(built.group(1));
        int builtMinor = Integer.parseInt(built.group(2));
        int runningMajor = Integer.parseInt(running.group(1));
        int runningMinor = Integer.parseInt(running.group(2));
        boolean compatible = builtMajor == runningMajor
            && (runningMajor == 0 ? builtMinor == runningMinor : builtMinor <= runningMinor);
        if (compatible) {
            return Optional.empty();
        }
        return Optional.of("module " + plugin.name() + " was compiled against the Pulse SPI " + compiled.get()
            + ", but this server provides SPI " + runtime.get() + ": install a build of the plugin made for SPI "
            + runningMajor + "." + runningMinor);
    }
}
