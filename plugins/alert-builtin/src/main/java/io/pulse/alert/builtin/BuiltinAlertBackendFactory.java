package io.pulse.alert.builtin;

import io.pulse.alert.builtin.webhook.WebhookSettings;
import io.pulse.spi.PluginContext;
import io.pulse.spi.Selection;
import io.pulse.spi.alert.AlertBackend;
import io.pulse.spi.alert.AlertBackendFactory;
import io.pulse.spi.option.Option;
import io.pulse.spi.option.OptionType;
import io.pulse.spi.option.OptionValues;

import java.time.Duration;
import java.util.List;

/**
 * The built-in alert backend: the default for {@code --alerts} (an alert plugin triggered by its own option, such as
 * Kapacitor's {@code -k}, wins over it). Its options are about webhook delivery only; how alerts are evaluated is
 * fixed and documented (docs/alerts-builtin.md), so alerts behave the same on every installation.
 */
public final class BuiltinAlertBackendFactory implements AlertBackendFactory {

    static final Option<Duration> TIMEOUT = Option.builder("timeout",
            OptionType.duration(Duration.ofMillis(100), Duration.ofMinutes(1)))
        .defaultValue(Duration.ofSeconds(5))
        .description("time limit of one webhook attempt, connecting included")
        .build();
    static final Option<Integer> RETRIES = Option.builder("retries", OptionType.integer(0, 10))
        .defaultValue(3)
        .description("how often a failed webhook is retried (a failure: no connection, a timeout, a status other than 2xx)")
        .build();
    static final Option<Duration> RETRY_BACKOFF = Option.builder("retry-backoff",
            OptionType.duration(Duration.ofMillis(10), Duration.ofMinutes(1)))
        .defaultValue(Duration.ofSeconds(1))
        .description("delay before the first webhook retry, doubled for each further one, with random jitter")
        .build();

    /** Pending webhook deliveries at once; see {@link WebhookSettings#maxInFlight()}. */
    static final int MAX_IN_FLIGHT = 1024;
    /** Batches that may wait for the engine; more than a minute of a large fleet's answers. */
    static final int FEED_CAPACITY = 1024;

    @Override
    public String id() {
        return "builtin";
    }

    @Override
    public String description() {
        return "evaluates alerts on the live samples and notifies webhooks (Kapacitor's payload)";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(TIMEOUT, RETRIES, RETRY_BACKOFF);
    }

    @Override
    public Selection selection() {
        return Selection.byDefault();
    }

    @Override
    public AlertBackend create(PluginContext context) {
        OptionValues o = context.options();
        WebhookSettings webhooks = new WebhookSettings(o.get(TIMEOUT), o.get(RETRIES), o.get(RETRY_BACKOFF),
            MAX_IN_FLIGHT);
        return new BuiltinAlertBackend(context, webhooks, FEED_CAPACITY);
    }
}
