package io.pulse.alert.builtin;

import io.pulse.alert.builtin.store.AlertFile;
import io.pulse.alert.builtin.store.CorruptAlertFileException;
import io.pulse.spi.alert.AlertBackendException;
import io.pulse.spi.alert.AlertNotFoundException;
import io.pulse.spi.alert.AlertRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backend end to end within the module: feed in, real webhooks out, the file across restarts. */
class BuiltinAlertBackendTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration FIVE_S = Duration.ofSeconds(5);

    @Test
    void notifiesTheCrossingAndTheRecoveryWithKapacitorsPayload(@TempDir Path dir) throws Exception {
        try (Receiver receiver = Receiver.ok(); Engine e = Engine.start(dir)) {
            e.backend.create(Engine.rule("cpu-high", Map.of("host", "web1"), 0.5, FIVE_S, receiver.url()));
            e.feed("web1", 0.2, 3);
            Instant firedAt = e.context.clock.instant();
            e.answer(Map.of("web1", 2.0)); // mean of 0.2, 0.2, 0.2, 2.0 = 0.65

            Map<String, Object> fired = receiver.next(WAIT);
            assertEquals("[web1] cpu_used", fired.get("id"));
            assertEquals("[web1] cpu_used is CRITICAL value:0.65", fired.get("message"));
            assertEquals("alert cpu-high: mean of cpu_used over 5s is 0.65, gt 0.5", fired.get("details"));
            assertEquals(firedAt.toString(), fired.get("time"));
            assertEquals(0.0, fired.get("duration"));
            assertEquals("OK", fired.get("previousLevel"));
            assertEquals("CRITICAL", fired.get("level"));
            Map<?, ?> series = (Map<?, ?>) ((List<?>) ((Map<?, ?>) fired.get("data")).get("series")).getFirst();
            assertEquals("cpu_used", series.get("name"));
            assertEquals(Map.of("host", "web1"), series.get("tags"));
            assertEquals(List.of("time", "mean_cpu_used"), series.get("columns"));
            assertEquals(List.of(List.of(firedAt.toString(), 0.65)), series.get("values"));

            e.tick();
            e.feed("web1", 0.1, 30);
            Map<String, Object> recovered = receiver.next(WAIT);
            assertEquals("OK", recovered.get("level"));
            assertEquals("CRITICAL", recovered.get("previousLevel"));
            assertTrue(((String) recovered.get("message")).startsWith("[web1] cpu_used is OK value:0.1"),
                recovered.toString());
            long incident = Duration.between(firedAt, Instant.parse((String) recovered.get("time"))).toNanos();
            assertEquals((double) incident, recovered.get("duration"), "ns since the alert fired");
            assertNull(receiver.nextRaw(Duration.ofMillis(300)), "state changes only");
            assertEquals(2, receiver.requests());
        }
    }

    @Test
    void aMeanHoveringAtTheThresholdDoesNotFlap(@TempDir Path dir) throws Exception {
        try (Receiver receiver = Receiver.ok(); Engine e = Engine.start(dir)) {
            e.backend.create(Engine.rule("hover", Map.of("host", "web1"), 0.5, FIVE_S, receiver.url()));
            // 0.6 and 0.4 alternately: the 5-sample mean is 0.52, 0.48, 0.52, ... - true, false, true.
            for (int i = 0; i < 40; i++) {
                e.answer(Map.of("web1", i % 2 == 0 ? 0.6 : 0.4));
                e.tick();
            }
            assertEquals("CRITICAL", receiver.next(WAIT).get("level"), "fires once");
            e.feed("web1", 0.0, 15);
            // Per-series delivery is ordered: a flapping OK/CRITICAL would have arrived before this.
            Map<String, Object> next = receiver.next(WAIT);
            assertEquals("OK", next.get("level"));
            assertEquals("CRITICAL", next.get("previousLevel"));
            assertEquals(2, receiver.requests(), "two notifications in all, not one per crossing");
        }
    }

    @Test
    void definitionsAndStatesSurviveARestartWithoutFiringAgain(@TempDir Path dir) throws Exception {
        try (Receiver receiver = Receiver.ok()) {
            Engine first = Engine.start(dir);
            AlertRule rule = first.backend.create(Engine.rule("keep", Map.of("host", "web1"), 0.5, FIVE_S, receiver.url()));
            first.feed("web1", 0.9, 2);
            assertEquals("CRITICAL", receiver.next(WAIT).get("level"));
            String saved = Files.readString(dir.resolve("builtin").resolve(AlertFile.NAME));
            assertTrue(saved.contains("\"firing\":[{\"tags\":{\"host\":\"web1\"},\"level\":\"CRITICAL\""), saved);

            try (Engine second = first.restart(dir)) {
                assertEquals(List.of(rule), second.backend.list());
                assertTrue(second.backend.health().detail().startsWith("1 alert(s), 1 series firing"),
                    second.backend.health().detail());
                second.feed("web1", 0.9, 10);
                second.feed("web1", 0.1, 20);
                Map<String, Object> next = receiver.next(WAIT);
                assertEquals("OK", next.get("level"), "the first notification after the restart is the recovery");
                assertEquals(2, receiver.requests());
            }
        }
    }

    @Test
    void aHangingReceiverDelaysNeitherEvaluationNorOtherAlerts(@TempDir Path dir) throws Exception {
        try (Receiver hanging = Receiver.hanging(); Receiver fine = Receiver.ok();
             Engine e = Engine.start(dir, Map.of("timeout", "1m", "retries", "0"))) {
            e.backend.create(Engine.rule("a-hangs", Map.of(), 0.5, FIVE_S, hanging.url()));
            e.backend.create(Engine.rule("b-fine", Map.of(), 0.5, FIVE_S, fine.url()));

            long started = System.nanoTime();
            e.answer(Map.of("web1", 0.9));
            assertEquals("CRITICAL", fine.next(WAIT).get("level"));
            assertTrue(hanging.nextRaw(WAIT) != null, "the hanging receiver got its request");
            e.feed("web1", 0.1, 12);
            assertEquals("OK", fine.next(WAIT).get("level"), "b recovers while a's receiver still hangs");
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(20)) < 0);
        }
    }

    @Test
    void aFailedDeliveryIsRetriedWithBackoff(@TempDir Path dir) throws Exception {
        try (Receiver receiver = Receiver.failing(2);
             Engine e = Engine.start(dir, Map.of("retries", "3", "retry-backoff", "10ms"))) {
            e.backend.create(Engine.rule("retry", Map.of(), 0.5, FIVE_S, receiver.url()));
            e.answer(Map.of("web1", 0.9));
            String first = receiver.nextRaw(WAIT);
            assertEquals(first, receiver.nextRaw(WAIT), "the same notification again");
            assertEquals(first, receiver.nextRaw(WAIT));
            awaitHealth(e, "1 webhook(s) delivered");
            assertFalse(e.backend.health().detail().contains("failed"), e.backend.health().detail());
        }
    }

    @Test
    void aDeliveryThatKeepsFailingIsCountedInHealthAndAlertsGoOn(@TempDir Path dir) throws Exception {
        try (Receiver receiver = Receiver.failing(Integer.MAX_VALUE);
             Engine e = Engine.start(dir, Map.of("retries", "1", "retry-backoff", "10ms"))) {
            e.backend.create(Engine.rule("dead", Map.of(), 0.5, FIVE_S, receiver.url()));
            e.answer(Map.of("web1", 0.9));
            awaitHealth(e, "1 failed, last: POST " + receiver.url() + ": HTTP 500 after 2 attempt(s)");
            assertEquals(2, receiver.requests());
            assertTrue(e.backend.health().isUp(), "alerts still work");
            assertTrue(e.backend.health().detail().contains("1 series firing"), e.backend.health().detail());
        }
    }

    @Test
    void anAlertWithoutTagsAlertsPerSeries(@TempDir Path dir) throws Exception {
        try (Receiver receiver = Receiver.ok(); Engine e = Engine.start(dir)) {
            e.backend.create(Engine.rule("all", Map.of(), 0.5, FIVE_S, receiver.url()));
            e.answer(Map.of("web1", 0.9, "web2", 0.1));
            assertEquals("[web1] cpu_used", receiver.next(WAIT).get("id"));
            e.tick();
            e.answer(Map.of("web1", 0.9, "web2", 0.1));
            e.tick();
            e.answer(Map.of("web1", 0.9, "web2", 3.0)); // web2's mean: 1.066
            Map<String, Object> second = receiver.next(WAIT);
            assertEquals("[web2] cpu_used", second.get("id"));
            assertEquals("CRITICAL", second.get("level"));
            assertEquals(2, receiver.requests());
        }
    }

    @Test
    void aSeriesThatFallsSilentNeitherFiresNorResolves(@TempDir Path dir) throws Exception {
        try (Receiver receiver = Receiver.ok(); Engine e = Engine.start(dir)) {
            e.backend.create(Engine.rule("silent", Map.of("host", "web1"), 0.5, FIVE_S, receiver.url()));
            e.answer(Map.of("web1", 0.9));
            assertEquals("CRITICAL", receiver.next(WAIT).get("level"));
            for (int i = 0; i < 30; i++) {
                e.tick(); // nothing arrives: the window empties
            }
            e.feed("web1", 0.1, 12);
            assertEquals("OK", receiver.next(WAIT).get("level"), "the next change is the recovery on new samples");
            assertEquals(2, receiver.requests());
        }
    }

    @Test
    void holdsAFeedSubscriptionOnlyWhileAlertsExist(@TempDir Path dir) throws Exception {
        try (Receiver receiver = Receiver.ok(); Engine first = Engine.start(dir)) {
            assertEquals(List.of(), first.context.feed.subscribers(), "no alert: relay answers are not delivered");
            first.answer(Map.of("web1", 0.9));

            first.backend.create(Engine.rule("a", Map.of("host", "web1"), 0.5, FIVE_S, receiver.url()));
            assertEquals(List.of("alert-engine"), first.context.feed.subscribers(), "the first alert subscribes");
            first.answer(Map.of("web1", 0.9));
            assertEquals("CRITICAL", receiver.next(WAIT).get("level"));

            first.backend.delete("a");
            first.answer(Map.of("web1", 0.9));
            assertEquals(List.of(), first.context.feed.subscribers(), "the next batch after the last alert unsubscribes");
            assertFalse(first.backend.subscribed());

            first.backend.create(Engine.rule("b", Map.of("host", "web2"), 0.5, FIVE_S, receiver.url()));
            first.answer(Map.of("web2", 0.9));
            assertEquals("CRITICAL", receiver.next(WAIT).get("level"), "a new alert is evaluated again");
            try (Engine second = first.restart(dir)) {
                assertEquals(List.of("alert-engine"), second.context.feed.subscribers(),
                    "alerts loaded from the file subscribe at start");
            }
        }
    }

    @Test
    void droppedBatchesAreCountedAndEvaluationGoesOn(@TempDir Path dir) throws Exception {
        try (Receiver receiver = Receiver.ok(); Engine e = Engine.startWithFeedCapacity(dir, 2)) {
            e.backend.create(Engine.rule("slow", Map.of("host", "web1"), 0.5, FIVE_S, receiver.url()));
            // The engine falls behind: ten answers queue up, the eight oldest are lost.
            for (int i = 0; i < 10; i++) {
                long now = e.context.clock.millis();
                e.context.feed.publish(new io.pulse.spi.stats.SampleBatch("relay", now, List.of(
                    new io.pulse.spi.stats.Sample("cpu_used", io.pulse.spi.stats.Tags.of("host", "web1"), now,
                        i < 8 ? 0.1 : 0.9))));
                e.context.clock.advance(Duration.ofMillis(100));
            }
            assertEquals(2, e.context.feed.deliver());
            assertEquals("CRITICAL", receiver.next(WAIT).get("level"), "the two batches that arrived decide");
            assertTrue(e.backend.health().detail().contains("8 sample batch(es) dropped"), e.backend.health().detail());
        }
    }

    @Test
    void operationsAndTheirErrors(@TempDir Path dir) throws Exception {
        try (Engine e = Engine.start(dir)) {
            // An unreachable receiver is no reason to refuse an alert.
            AlertRule b = e.backend.create(Engine.rule("b", Map.of(), 1, FIVE_S, "http://127.0.0.1:1/nobody"));
            AlertRule a = e.backend.create(Engine.rule("a", Map.of("host", "x"), 1, FIVE_S, "http://127.0.0.1:1/"));
            AlertRule generated = e.backend.create(Engine.rule(null, Map.of(), 1, FIVE_S, "http://127.0.0.1:1/"));
            assertTrue(generated.id().matches("[0-9a-f-]{36}"), generated.id());

            AlertBackendException duplicate = assertThrows(AlertBackendException.class,
                () -> e.backend.create(Engine.rule("a", Map.of(), 2, FIVE_S, "http://127.0.0.1:1/")));
            assertFalse(duplicate.unavailable(), "refused (400), not unavailable");
            assertTrue(duplicate.getMessage().contains("'a' already exists"), duplicate.getMessage());

            assertEquals(List.of(generated, a, b).stream().map(AlertRule::id).sorted().toList(),
                e.backend.list().stream().map(AlertRule::id).toList(), "sorted by id");
            AlertRule changed = Engine.rule("a", Map.of("host", "y"), 7, FIVE_S, "http://127.0.0.1:1/");
            assertEquals(changed, e.backend.update(changed));
            assertEquals(changed, e.backend.get("a").orElseThrow());

            assertThrows(AlertNotFoundException.class,
                () -> e.backend.update(Engine.rule("nope", Map.of(), 1, FIVE_S, "http://127.0.0.1:1/")));
            assertThrows(AlertNotFoundException.class, () -> e.backend.delete("nope"));
            e.backend.delete("b");
            assertTrue(e.backend.get("b").isEmpty());
            assertEquals(2, e.backend.list().size());
            assertTrue(Files.readString(e.context.dataDir().resolve(AlertFile.NAME)).contains("\"host\":\"y\""));
        }
    }

    @Test
    void aDamagedAlertsFileStopsStartUpNamingIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("builtin").resolve(AlertFile.NAME);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"format\":1,\"alerts\":[{\"id\":\"x\",\n");
        CorruptAlertFileException e = assertThrows(CorruptAlertFileException.class, () -> Engine.start(dir));
        assertTrue(e.getMessage().startsWith("the alerts file " + file + " is damaged: "), e.getMessage());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("move it aside"), e.getMessage());
    }

    private static void awaitHealth(Engine e, String text) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!e.backend.health().detail().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("health never said '" + text + "': " + e.backend.health().detail());
            }
            Thread.sleep(20);
        }
    }
}
