package io.pulse.kernel.config;

import io.pulse.spi.ServerSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Every server setting, validated and typed. Built by {@link SettingsParser} from the merged configuration;
 * immutable (lists are copied).
 *
 * @param aggregateInterval   {@code -a}: the down-sampling bucket
 * @param beatInterval        {@code -b}: the relay heartbeat, at least 2 s
 * @param configFile          {@code -c}: the config file used, if any
 * @param corsAllow           {@code -C}
 * @param httpListenAddress   {@code -H} (the HTTP front end binds it)
 * @param influxAddress       {@code -i}
 * @param insecure            {@code -I}
 * @param kapacitorAddress    {@code -k}; empty when unset
 * @param logLevel            {@code -l}
 * @param mistAddress         {@code -m}; empty when unset
 * @param mistToken           {@code -M}
 * @param pollInterval        {@code -p}; 0 given means 60 s
 * @param retention           {@code -r}: how long aggregates are kept
 * @param server              {@code -s}
 * @param serverListenAddress {@code -S}: where relays connect
 * @param token               {@code -t}
 * @param storage             the storage plugin to use
 * @param alerts              the alert plugin to use, if any
 * @param publishers          the live publishers to use, in order
 * @param frontEnds           the front ends to use, in order
 * @param dataDir             {@code --data-dir}
 * @param pluginsDir          {@code --plugins-dir}
 * @param rawRetention        {@code --raw-retention}
 * @param maxLineLength       {@code --max-line-length}, bytes
 * @param tlsCert             {@code --tls-cert}, if set (always together with the key)
 * @param tlsKey              {@code --tls-key}, if set
 */
public record PulseSettings(Duration aggregateInterval, Duration beatInterval, Optional<Path> configFile,
                            String corsAllow, ListenAddress httpListenAddress, String influxAddress, boolean insecure,
                            String kapacitorAddress, LogLevel logLevel, String mistAddress, String mistToken,
                            Duration pollInterval, Duration retention, boolean server,
                            ListenAddress serverListenAddress, String token, PluginChoice storage,
                            Optional<PluginChoice> alerts, List<PluginChoice> publishers,
                            List<PluginChoice> frontEnds, Path dataDir, Path pluginsDir, Duration rawRetention,
                            int maxLineLength, Optional<Path> tlsCert, Optional<Path> tlsKey) {

    public PulseSettings {
        Objects.requireNonNull(aggregateInterval, "aggregateInterval");
        Objects.requireNonNull(beatInterval, "beatInterval");
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(corsAllow, "corsAllow");
        Objects.requireNonNull(httpListenAddress, "httpListenAddress");
        Objects.requireNonNull(influxAddress, "influxAddress");
        Objects.requireNonNull(kapacitorAddress, "kapacitorAddress");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(mistAddress, "mistAddress");
        Objects.requireNonNull(mistToken, "mistToken");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(serverListenAddress, "serverListenAddress");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(alerts, "alerts");
        publishers = List.copyOf(publishers);
        frontEnds = List.copyOf(frontEnds);
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(pluginsDir, "pluginsDir");
        Objects.requireNonNull(rawRetention, "rawRetention");
        Objects.requireNonNull(tlsCert, "tlsCert");
        Objects.requireNonNull(tlsKey, "tlsKey");
    }

    /** The subset every plugin sees, as the SPI's {@link ServerSettings}. */
    public ServerSettings toServerSettings(String version) {
        return new ServerSettings(pollInterval, beatInterval, aggregateInterval, retention, rawRetention, dataDir,
            version);
    }
}
