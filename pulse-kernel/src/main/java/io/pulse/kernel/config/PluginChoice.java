package io.pulse.kernel.config;

import java.util.Objects;

/**
 * A plugin id chosen by the configuration, and why (for the start-up log and for "not found" errors).
 *
 * @param id     the factory id, e.g. {@code influxdb}
 * @param reason completes "selected because ...", e.g. {@code "--influx-address is set (command line)"}
 */
public record PluginChoice(String id, String reason) {
    public PluginChoice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reason, "reason");
    }
}
