package io.pulse.publish.mist;

import io.pulse.spi.ConfigException;
import io.pulse.spi.PluginContext;
import io.pulse.spi.Selection;
import io.pulse.spi.option.HostPort;
import io.pulse.spi.option.Option;
import io.pulse.spi.option.OptionType;
import io.pulse.spi.option.OptionValues;
import io.pulse.spi.publish.LivePublisher;
import io.pulse.spi.publish.LivePublisherFactory;

import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * The {@code mist} publisher, chosen as the original chose it: by setting {@code -m/--mist-address}, or by name with
 * {@code --publishers mist}. {@code -M/--mist-token} is a secret: only this factory sees it, logs mask it.
 */
public final class MistPublisherFactory implements LivePublisherFactory {

    static final Option<HostPort> ADDRESS = Option.builder("address", MistAddress.type())
        .flag("mist-address", 'm')
        .description("Mist server address, e.g. 127.0.0.1:1445 (setting it selects the mist publisher)")
        .build();
    static final Option<String> TOKEN = Option.builder("token", OptionType.string())
        .flag("mist-token", 'M')
        .secret()
        .defaultValue("")
        .description("Mist server token")
        .build();
    static final Option<Duration> CONNECT_TIMEOUT = Option.builder("connect-timeout",
            OptionType.duration(Duration.ofMillis(100), Duration.ofMinutes(1)))
        .defaultValue(Duration.ofSeconds(5))
        .description("time limit of connecting to Mist, authenticating and getting the first pong")
        .build();
    static final Option<Duration> WRITE_TIMEOUT = Option.builder("write-timeout",
            OptionType.duration(Duration.ofMillis(100), Duration.ofMinutes(1)))
        .defaultValue(Duration.ofSeconds(5))
        .description("time limit of one write to Mist; a write that takes longer drops the connection")
        .build();
    static final Option<Duration> KEEPALIVE_INTERVAL = Option.builder("keepalive-interval",
            OptionType.duration(Duration.ofSeconds(1), Duration.ofHours(1)))
        .defaultValue(Duration.ofSeconds(30))
        .description("how often Mist is pinged; no pong by the next ping drops the connection")
        .build();
    static final Option<Duration> RECONNECT_BACKOFF = Option.builder("reconnect-backoff",
            OptionType.duration(Duration.ofMillis(100), Duration.ofMinutes(1)))
        .defaultValue(Duration.ofSeconds(1))
        .description("delay before reconnecting to Mist, doubled after each failed attempt, with random jitter")
        .build();
    static final Option<Duration> RECONNECT_BACKOFF_MAX = Option.builder("reconnect-backoff-max",
            OptionType.duration(Duration.ofMillis(100), Duration.ofHours(1)))
        .defaultValue(Duration.ofMinutes(1))
        .description("longest delay between attempts to reconnect to Mist")
        .build();

    @Override
    public String id() {
        return "mist";
    }

    @Override
    public String description() {
        return "publishes every collected value live to a Mist pub/sub server (TCP)";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(ADDRESS, TOKEN, CONNECT_TIMEOUT, WRITE_TIMEOUT, KEEPALIVE_INTERVAL, RECONNECT_BACKOFF,
            RECONNECT_BACKOFF_MAX);
    }

    @Override
    public Selection selection() {
        return Selection.whenSet(ADDRESS);
    }

    @Override
    public LivePublisher create(PluginContext context) {
        OptionValues o = context.options();
        HostPort address = o.find(ADDRESS).orElseThrow(() -> new ConfigException(
            "mist.address: the mist publisher needs Mist's address: set -m/--mist-address (e.g. 127.0.0.1:1445)"));
        MistSettings settings = new MistSettings(address, o.get(TOKEN), o.get(CONNECT_TIMEOUT), o.get(WRITE_TIMEOUT),
            o.get(KEEPALIVE_INTERVAL), o.get(RECONNECT_BACKOFF), o.get(RECONNECT_BACKOFF_MAX));
        return new MistPublisher(settings, new Backoff(settings.reconnectBackoff(), settings.reconnectMax(),
            new Random()));
    }
}
