package io.pulse.kernel;

import io.pulse.kernel.cli.VersionInfo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the launcher takes from the process, made explicit so tests can run it in-process with their own
 * environment, streams and clock instead of mutating the real ones.
 *
 * @param environment the environment variables
 * @param pulseHome   the installation directory ({@code -Dpulse.home}, set by the launcher script), if any
 * @param out         where help and the version go
 * @param err         where errors and logs go
 * @param clock       the clock plugins and the relay server read
 * @param version     the version and commit
 * @param stopTimeout how long each component gets to stop
 */
public record LaunchEnvironment(Map<String, String> environment, Optional<Path> pulseHome, PrintStream out,
                                PrintStream err, Clock clock, VersionInfo version, Duration stopTimeout) {

    public LaunchEnvironment {
        environment = Map.copyOf(environment);
        Objects.requireNonNull(pulseHome, "pulseHome");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
    }

    /** The real process: {@code System.getenv()}, {@code -Dpulse.home}, stdout, stderr, the UTC system clock. */
    public static LaunchEnvironment system() {
        String home = System.getProperty(io.pulse.kernel.config.KernelOptions.PULSE_HOME_PROPERTY);
        Optional<Path> pulseHome = home == null || home.isBlank() ? Optional.empty() : Optional.of(Path.of(home));
        return new LaunchEnvironment(System.getenv(), pulseHome, System.out, System.err, Clock.systemUTC(),
            VersionInfo.current(), io.pulse.kernel.server.PulseServer.DEFAULT_STOP_TIMEOUT);
    }
}
