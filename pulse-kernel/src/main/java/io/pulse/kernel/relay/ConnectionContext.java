package io.pulse.kernel.relay;

import io.pulse.spi.stats.SampleBatch;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * What every relay connection shares with the server: settings, registry, poll scheduler, event loops, overrides,
 * counters, where samples go, the clock, and the limits' enforcer. All of it is thread-safe.
 */
record ConnectionContext(RelayServerSettings settings, RelayRegistry registry, PollScheduler polls, RelayLoops loops,
                         OverrideBook overrides, RelayMetrics metrics, Consumer<SampleBatch> sink, Clock clock,
                         RelayLimiter limiter) {
}
