package io.pulse.alert.builtin.webhook;

import java.time.Duration;
import java.util.Objects;

/**
 * How webhooks are delivered.
 *
 * @param timeout      the limit for one attempt, connecting included
 * @param retries      attempts after the first one that failed
 * @param retryBackoff the delay before the first retry; doubled for each further one, with jitter
 * @param maxInFlight  deliveries pending at once (in progress or waiting for a retry); more are refused and counted
 *                     as failed, so a storm of changes against a dead receiver cannot grow without bound
 */
public record WebhookSettings(Duration timeout, int retries, Duration retryBackoff, int maxInFlight) {
    public WebhookSettings {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        if (retries < 0 || maxInFlight < 1) {
            throw new IllegalArgumentException("retries must be >= 0 and maxInFlight >= 1");
        }
    }
}
