/**
 * The Pulse kernel: configuration, the relay TCP protocol (registry, polling, heartbeat), the ingestion pipeline,
 * plugin discovery (the boot layer plus one module layer per {@code plugins/<name>/} folder) and the server's
 * lifecycle. It knows plugins only through {@code io.pulse.spi}: no HTTP, no storage, no vendor code here.
 */
module io.pulse.kernel {
    requires io.pulse.spi;
    requires io.pulse.protocol;
    requires io.helidon.config;
    // The YAML parser is found by ServiceLoader; jlink links only modules someone requires.
    requires io.helidon.config.yaml;
    requires java.logging;
    // GC, thread and non-heap metrics (read when /metrics is asked, not at start-up).
    requires java.management;

    uses io.pulse.spi.Plugin;

    // java.util.logging instantiates the log manager named by java.util.logging.manager (see PulseLogManager).
    exports io.pulse.kernel.logging to java.logging;
}
