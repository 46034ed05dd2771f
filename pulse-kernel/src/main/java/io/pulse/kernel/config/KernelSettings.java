package io.pulse.kernel.config;

import io.pulse.spi.ConfigException;
import io.pulse.spi.Durations;
import io.pulse.spi.ServerSettings;
import io.pulse.spi.option.HostPort;
import io.pulse.spi.option.OptionValues;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The kernel's own settings, validated and typed (see {@link KernelOptions}); immutable.
 *
 * @param aggregateInterval   {@code -a}: the down-sampling bucket
 * @param beatInterval        {@code -b}: the relay heartbeat, whole seconds, at least 2 s
 * @param configFile          {@code -c}: the config file used, if any
 * @param logLevel            {@code -l}
 * @param pollInterval        {@code -p}; 0 given means 60 s
 * @param retention           {@code -r}: how long aggregates are kept
 * @param server              {@code -s}
 * @param serverListenAddress {@code -S}: where relays connect
 * @param storage             {@code --storage}, if given
 * @param alerts              {@code --alerts}, if given
 * @param publishers          {@code --publishers}, if given (an empty list is "none")
 * @param frontEnds           {@code --front-ends}, if given
 * @param dataDir             {@code --data-dir}
 * @param pluginsDir          {@code --plugins-dir}
 * @param rawRetention        {@code --raw-retention}
 * @param maxLineLength       {@code --max-line-length}, bytes
 */
public record KernelSettings(Duration aggregateInterval, Duration beatInterval, Optional<Path> configFile,
                             LogLevel logLevel, Duration pollInterval, Duration retention, boolean server,
                             HostPort serverListenAddress, Optional<String> storage, Optional<String> alerts,
                             Optional<List<String>> publishers, Optional<List<String>> frontEnds, Path dataDir,
                             Path pluginsDir, Duration rawRetention, int maxLineLength) {

    private static final Duration DEFAULT_POLL = Duration.ofSeconds(60);

    public KernelSettings {
        Objects.requireNonNull(aggregateInterval, "aggregateInterval");
        Objects.requireNonNull(beatInterval, "beatInterval");
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(serverListenAddress, "serverListenAddress");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(publishers, "publishers");
        Objects.requireNonNull(frontEnds, "frontEnds");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(pluginsDir, "pluginsDir");
        Objects.requireNonNull(rawRetention, "rawRetention");
    }

    /**
     * Reads the kernel's values and checks what spans more than one value's type.
     *
     * @throws ConfigException naming the option
     */
    public static KernelSettings from(KernelOptions kernel, OptionValues values, ResolvedConfig config) {
        Duration beat = values.get(KernelOptions.BEAT_INTERVAL);
        if (beat.getNano() != 0) {
            // The relay protocol announces the heartbeat as whole seconds ("beat <N>").
            throw new ConfigException(KernelOptions.BEAT_INTERVAL.key() + ": must be a whole number of seconds, got "
                + Durations.format(beat) + from(config, KernelOptions.BEAT_INTERVAL.key()));
        }
        Duration poll = values.get(KernelOptions.POLL_INTERVAL);
        if (poll.isZero()) {
            poll = DEFAULT_POLL;
        } else if (poll.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigException(KernelOptions.POLL_INTERVAL.key() + ": must be at least 1s (or 0 for the default"
                + " 60), got " + Durations.format(poll) + from(config, KernelOptions.POLL_INTERVAL.key()));
        }
        return new KernelSettings(values.get(KernelOptions.AGGREGATE_INTERVAL), beat,
            values.find(KernelOptions.CONFIG_FILE), values.get(KernelOptions.LOG_LEVEL), poll,
            values.get(KernelOptions.RETENTION), values.get(KernelOptions.SERVER),
            values.get(KernelOptions.SERVER_LISTEN_ADDRESS), values.find(KernelOptions.STORAGE),
            values.find(KernelOptions.ALERTS),
            values.isSet(KernelOptions.PUBLISHERS) ? values.find(KernelOptions.PUBLISHERS) : Optional.empty(),
            values.isSet(KernelOptions.FRONT_ENDS) ? values.find(KernelOptions.FRONT_ENDS) : Optional.empty(),
            values.find(KernelOptions.DATA_DIR).orElse(kernel.defaultDataDir()),
            values.find(KernelOptions.PLUGINS_DIR).orElse(kernel.defaultPluginsDir()), values.get(KernelOptions.RAW_RETENTION),
            values.get(KernelOptions.MAX_LINE_LENGTH));
    }

    /** The subset every component sees, as the SPI's {@link ServerSettings}. */
    public ServerSettings toServerSettings(String version) {
        return new ServerSettings(pollInterval, beatInterval, aggregateInterval, retention, rawRetention, version);
    }

    private static String from(ResolvedConfig config, String key) {
        return config.isSet(key) ? " (from " + config.origin(key) + ")" : "";
    }
}
