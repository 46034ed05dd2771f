package io.pulse.kernel;

import io.pulse.kernel.cli.VersionInfo;
import io.pulse.kernel.config.LogLevel;
import io.pulse.kernel.logging.Logging;
import io.pulse.spi.Health;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs {@code pulse} in-process, as {@link Main} would, with an injected environment and captured stdout and stderr
 * (where the log goes too). One launch at a time; {@link #close()} stops a server that is still running and puts
 * logging back on the real stderr.
 */
final class LaunchHarness implements AutoCloseable {

    /** What a test sets before launching. */
    final Map<String, String> env = new HashMap<>();
    Optional<Path> pulseHome = Optional.empty();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Launcher.Running running;

    /** Launches with these arguments; a running server is kept for {@link #server()} and stopped by close(). */
    Launcher.Outcome launch(String... args) {
        out.reset();
        err.reset();
        LaunchEnvironment environment = new LaunchEnvironment(env, pulseHome,
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
            Clock.systemUTC(), new VersionInfo("1.2.3", "abc1234"), Duration.ofSeconds(2));
        Launcher.Outcome outcome = new Launcher(environment).launch(args);
        if (outcome instanceof Launcher.Running r) {
            running = r;
        }
        return outcome;
    }

    Launcher.Outcome launch(List<String> args) {
        return launch(args.toArray(String[]::new));
    }

    /** Launches, expects an exit with {@code code}, and returns the single {@code pulse: } line on stderr. */
    String failure(int code, String... args) {
        Launcher.Outcome outcome = launch(args);
        assertEquals(new Launcher.Exit(code), outcome, err());
        List<String> lines = err().lines().filter(l -> l.startsWith("pulse: ")).toList();
        assertEquals(1, lines.size(), err());
        return lines.getFirst().substring("pulse: ".length());
    }

    String failure(int code, List<String> args) {
        return failure(code, args.toArray(String[]::new));
    }

    /** What went to stdout during the last launch. */
    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** What went to stderr (errors and the log) since the last launch. */
    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The server the last launch started. */
    Launcher.Running running() {
        if (running == null) {
            throw new AssertionError("no server is running:\n" + err());
        }
        return running;
    }

    /** The health of the component with this id. */
    Health healthOf(String id) {
        return running().server().health().stream().filter(h -> h.id().equals(id)).findFirst()
            .orElseThrow(() -> new AssertionError("no component " + id + " in " + running.server().health()))
            .health();
    }

    @Override
    public void close() {
        if (running != null) {
            running.server().stop();
            running = null;
        }
        Logging.configure(LogLevel.INFO, System.err);
    }
}
