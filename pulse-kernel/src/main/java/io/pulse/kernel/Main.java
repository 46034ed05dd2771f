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
        Launcher.Outcome outcome = new Launcher(LaunchEnvironment.system()).launch(args);
        if (outcome instanceof Launcher.Running running) {
            Runtime.getRuntime().addShutdownHook(new Thread(running.server()::stop, "pulse-shutdown"));
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
