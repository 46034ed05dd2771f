package io.pulse.kernel;

import io.pulse.kernel.logging.PulseLogManager;

/**
 * The {@code pulse} command ({@code java -m io.pulse.kernel/io.pulse.kernel.Main}). Runs the {@link Launcher};
 * when a server starts, waits until it is stopped by SIGTERM/SIGINT (a shutdown hook stops the components in
 * reverse order), otherwise exits with the launcher's code. {@code System.exit} is needed after a failed start
 * because libraries such as Helidon keep non-daemon threads.
 */
public final class Main {

    private static final String LOG_MANAGER_PROPERTY = "java.util.logging.manager";

    private Main() {
    }

    public static void main(String[] args) {
        if (System.getProperty(LOG_MANAGER_PROPERTY) == null) {
            // Before anything logs: keep logging through the shutdown hook (see PulseLogManager).
            System.setProperty(LOG_MANAGER_PROPERTY, PulseLogManager.class.getName());
        }
        // The hook goes in before the server starts: a SIGTERM during or right after start-up must still stop the
        // components in order (stop() waits for a start in progress; after a failed start it does nothing).
        Launcher.Outcome outcome = new Launcher(LaunchEnvironment.system()).launch(args,
            server -> Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "pulse-shutdown")));
        if (outcome instanceof Launcher.Running running) {
            try {
                running.server().awaitStopped();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.server().stop();
            }
            return;
        }
        System.exit(((Launcher.Exit) outcome).code());
    }
}
