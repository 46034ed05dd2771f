package io.pulse.alert.builtin;

import io.pulse.alert.builtin.FaultyReceiver.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhook receivers that fail below HTTP (issue 13, faults), on real loopback sockets: one that accepts and never
 * answers, one that resets the connection. Each delivery gives up after the configured timeout (or its retries),
 * is counted in {@code webhook_failures} (exported as {@code pulse_builtin_webhook_failures_total}), and neither
 * evaluation nor another alert's webhooks wait for it. The server-level version, with relays being polled and stored
 * meanwhile, is FaultsIT's {@code webhookReceiversThatHangOrResetBlockNothing}.
 */
class WebhookFaultsTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Duration FIVE_S = Duration.ofSeconds(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @Test
    void aReceiverThatAcceptsAndNeverAnswersTimesOutIsCountedAndDelaysNobody(@TempDir Path dir) throws Exception {
        try (FaultyReceiver hung = new FaultyReceiver(Fault.HANG); Receiver fine = Receiver.ok();
             Engine e = Engine.start(dir, Map.of("timeout", "3s", "retries", "0"))) {
            e.backend.create(Engine.rule("a-hangs", Map.of(), 0.5, FIVE_S, hung.url()));
            e.backend.create(Engine.rule("b-fine", Map.of(), 0.5, FIVE_S, fine.url()));

            e.answer(Map.of("web1", 0.9)); // both alerts fire
            assertEquals("CRITICAL", fine.next(WAIT).get("level"));
            await("the hung receiver's connection", () -> hung.connections() == 1);
            e.feed("web1", 0.1, 12);       // evaluation goes on: both recover
            assertEquals("OK", fine.next(WAIT).get("level"), "b recovered while a's receiver hung");
            assertEquals(0, failures(e), "nobody waited for the hung delivery to give up");

            await("the hung delivery to fail", () -> failures(e) == 1);
            Duration hungFor = Duration.ofNanos(System.nanoTime() - hung.firstAcceptedNanos());
            assertTrue(hungFor.compareTo(TIMEOUT.minusMillis(200)) >= 0, "gave up after the timeout, not " + hungFor);
            assertTrue(hungFor.compareTo(TIMEOUT.plusSeconds(5)) < 0, "gave up at the timeout, not " + hungFor);
            assertTrue(e.backend.webhooks().lastFailure().contains("HttpTimeoutException"),
                e.backend.webhooks().lastFailure());

            // a's recovery was queued behind its hung alert (per-series order) and gets the same treatment.
            await("a's recovery to fail too", () -> failures(e) == 2);
            assertEquals(2, hung.connections());
            assertEquals(2, e.context.metrics.counter("webhook_deliveries"));
            assertTrue(e.backend.health().isUp(), e.backend.health().detail());
            assertTrue(e.backend.health().detail().contains("2 webhook(s) delivered, 2 failed"),
                e.backend.health().detail());
        }
    }

    @Test
    void aReceiverThatResetsTheConnectionIsRetriedThenCounted(@TempDir Path dir) throws Exception {
        try (FaultyReceiver resetting = new FaultyReceiver(Fault.RESET); Receiver fine = Receiver.ok();
             Engine e = Engine.start(dir, Map.of("timeout", "3s", "retries", "2", "retry-backoff", "10ms"))) {
            e.backend.create(Engine.rule("a-resets", Map.of(), 0.5, FIVE_S, resetting.url()));
            e.backend.create(Engine.rule("b-fine", Map.of(), 0.5, FIVE_S, fine.url()));

            e.answer(Map.of("web1", 0.9));
            assertEquals("CRITICAL", fine.next(WAIT).get("level"));
            await("the reset delivery to fail for good", () -> failures(e) == 1);
            assertEquals(3, resetting.connections(), "the first attempt and two retries");
            String failure = e.backend.webhooks().lastFailure();
            assertTrue(failure.startsWith("POST " + resetting.url() + ": ") && failure.endsWith(" after 3 attempt(s)"),
                failure);
            assertFalse(failure.contains("HttpTimeoutException"), "a reset is not waited out: " + failure);
            assertEquals(1, e.context.metrics.counter("webhook_deliveries"));

            e.feed("web1", 0.1, 12);
            assertEquals("OK", fine.next(WAIT).get("level"), "evaluation and the other webhook go on");
            await("the recovery's delivery to fail too", () -> failures(e) == 2);
            assertEquals(6, resetting.connections());
            assertTrue(e.backend.health().isUp(), e.backend.health().detail());
        }
    }

    private static long failures(Engine e) {
        return e.context.metrics.counter("webhook_failures");
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }
}
