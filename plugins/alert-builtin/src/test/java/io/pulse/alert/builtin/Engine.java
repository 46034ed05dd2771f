package io.pulse.alert.builtin;

import io.pulse.spi.alert.AlertLevel;
import io.pulse.spi.alert.AlertOperator;
import io.pulse.spi.alert.AlertRule;
import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.SampleBatch;
import io.pulse.spi.stats.Tags;
import io.pulse.storage.tck.SettableClock;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A started builtin backend on a test context, driven like the kernel drives it: relay answers published to the feed
 * and delivered on the test's thread, the evaluation task run when the test says, time moved by hand.
 */
final class Engine implements AutoCloseable {

    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    final TestContext context;
    final BuiltinAlertBackend backend;

    private Engine(TestContext context, int feedCapacity) throws Exception {
        this.context = context;
        BuiltinAlertBackendFactory factory = new BuiltinAlertBackendFactory();
        this.backend = feedCapacity > 0
            ? new BuiltinAlertBackend(context, new io.pulse.alert.builtin.webhook.WebhookSettings(
                context.options().get(BuiltinAlertBackendFactory.TIMEOUT),
                context.options().get(BuiltinAlertBackendFactory.RETRIES),
                context.options().get(BuiltinAlertBackendFactory.RETRY_BACKOFF), 16), feedCapacity)
            : (BuiltinAlertBackend) factory.create(context);
        backend.start();
    }

    /** A backend made by the factory, as the kernel makes it. */
    static Engine start(Path dir, Map<String, String> options) throws Exception {
        return new Engine(new TestContext(dir, new SettableClock(START), options), 0);
    }

    static Engine start(Path dir) throws Exception {
        return start(dir, Map.of("retry-backoff", "10ms"));
    }

    /** A backend with a feed queue of {@code capacity} batches. */
    static Engine startWithFeedCapacity(Path dir, int capacity) throws Exception {
        return new Engine(new TestContext(dir, new SettableClock(START), Map.of("retry-backoff", "10ms")), capacity);
    }

    /** The same data directory, a new process: the clock goes on from where this one is. */
    Engine restart(Path dir) throws Exception {
        close();
        SettableClock clock = new SettableClock(context.clock.instant());
        return new Engine(new TestContext(dir, clock, Map.of("retry-backoff", "10ms")), 0);
    }

    static AlertRule rule(String id, Map<String, String> tags, double threshold, Duration duration, String post) {
        return new AlertRule(id, "cpu_used", tags, AlertLevel.CRIT, AlertOperator.GT, threshold, duration, post);
    }

    /** One relay answer now: {@code cpu_used} of each host, delivered to the engine. */
    void answer(Map<String, Double> valueByHost) {
        long now = context.clock.millis();
        List<Sample> samples = new ArrayList<>();
        valueByHost.forEach((host, v) -> samples.add(new Sample("cpu_used", Tags.of("host", host), now, v)));
        context.feed.publish(new SampleBatch("relay", now, samples));
        context.feed.deliver();
    }

    /** A poll interval passes: the clock moves and the periodic evaluation runs. */
    void tick() {
        context.clock.advance(TestContext.POLL);
        context.scheduler.run("alert-evaluation");
    }

    /** {@code seconds} poll intervals of {@code host} answering {@code value}, evaluated after each answer. */
    void feed(String host, double value, int seconds) {
        for (int i = 0; i < seconds; i++) {
            answer(Map.of(host, value));
            tick();
        }
    }

    @Override
    public void close() {
        backend.close();
        context.feed.close();
    }
}
