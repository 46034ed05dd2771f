package io.pulse.kernel.relay;

import io.pulse.kernel.testing.Await;
import io.pulse.kernel.testing.RawRelay;
import io.pulse.spi.frontend.CollectorInfo;
import io.pulse.spi.frontend.RelayInfo;
import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.Tags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relay protocol, byte for byte, against a real server over real sockets (relay-protocol.md). Samples are
 * checked where they end up: in a storage write.
 */
class RelayProtocolConformanceTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private RelayServerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = RelayServerFixture.standard();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** relay-protocol.md "Example", line by line (original server and relay, beat 4 s). */
    @Test
    void theReferenceExampleSession() throws Exception {
        try (RawRelay relay = new RawRelay(fixture.address())) {
            relay.send("id lester.tester\n");
            relay.expect("ok");
            relay.expect("beat 4");
            relay.send("add cpu_used:,service:web1\n");
            relay.send("add ram_used:\n");
            relay.send("add disk:mount:root\n");
            relay.expect("get cpu_used,ram_used,disk");
            relay.send("got cpu_used-cpu_used:0.2500,ram_used-ram_used:0.9405,disk-disk_free:1.2346,disk-disk_used:50.0000\n");
            relay.send("ping\n");
            relay.expect("pong");

            List<Sample> samples = fixture.storage.awaitSamples(4, 5, TimeUnit.SECONDS);
            assertEquals(List.of("cpu_used", "ram_used", "disk_free", "disk_used"),
                    samples.stream().map(Sample::stat).toList());
            assertEquals(Tags.of("host", "lester.tester", "service", "web1"), samples.get(0).tags());
            assertEquals(Tags.of("host", "lester.tester"), samples.get(1).tags());
            assertEquals(Tags.of("host", "lester.tester", "mount", "root"), samples.get(2).tags());
            assertEquals(Tags.of("host", "lester.tester", "mount", "root"), samples.get(3).tags());
            assertEquals(List.of(0.25, 0.9405, 1.2346, 50.0), samples.stream().map(Sample::value).toList());
            assertTrue(samples.stream().allMatch(s -> s.timeMillis() == samples.get(0).timeMillis()),
                    "one answer, one receive time");

            RelayInfo info = fixture.server.relays().get(0);
            assertEquals("lester.tester", info.id());
            assertEquals(List.of(new CollectorInfo("cpu_used", List.of("", "service:web1")),
                    new CollectorInfo("disk", List.of("mount:root")),
                    new CollectorInfo("ram_used", List.of())), info.collectors());
            assertNotNull(info.lastPoll());
            assertNotNull(info.lastAnswer());
            assertTrue(info.remoteAddress().startsWith("127.0.0.1:"), info.remoteAddress());

            relay.send("remove cpu_used\nremove ram_used\nremove disk\nclose\n");
            relay.expectClosed();
        }
        Await.until("relay unregistered", WAIT, () -> fixture.server.relays().isEmpty());
        assertEquals(4, fixture.metric("samples.ingested"));
        assertEquals(1, fixture.metric("answers.received"));
        assertEquals(1, fixture.metric("polls.sent"));
    }

    /** "A raw client sending id two\nping\nping\n in one packet got ok\nbeat 4\npong\npong\n". */
    @Test
    void severalLinesInOnePacket() throws Exception {
        try (RawRelay relay = new RawRelay(fixture.address())) {
            relay.send("id two\nping\nping\n");
            assertEquals("ok\nbeat 4\npong\npong\n", relay.readBytes("ok\nbeat 4\npong\npong\n".length()));
            // A marker: the first poll is sent only after the server handled the lines before the add, so anything
            // more it answered to them would come before it.
            relay.send("add m\n");
            relay.expect("get m");
        }
    }

    @Test
    void linesSplitAcrossPackets() throws Exception {
        try (RawRelay relay = new RawRelay(fixture.address())) {
            relay.send("id sp");
            Thread.sleep(30);
            relay.send("lit\npi");
            Thread.sleep(30);
            relay.send("n");
            Thread.sleep(30);
            relay.send("g\nadd c:k:");
            Thread.sleep(30);
            relay.send("v\n");
            relay.expect("ok");
            relay.expect("beat 4");
            relay.expect("pong");
            relay.expect("get c");
            relay.send("got c-");
            Thread.sleep(30);
            relay.send("x:4");
            Thread.sleep(30);
            relay.send("2\n");
            Sample sample = fixture.storage.awaitSamples(1, 5, TimeUnit.SECONDS).get(0);
            assertEquals(new Sample("x", Tags.of("host", "split", "k", "v"), sample.timeMillis(), 42.0), sample);
        }
    }

    @Test
    void crlfIsAcceptedAsNewline() throws Exception {
        try (RawRelay relay = new RawRelay(fixture.address())) {
            relay.send("id crlf\r\nping\r\nadd c:k:v\r\n");
            relay.expect("ok");
            relay.expect("beat 4");
            relay.expect("pong");
            relay.expect("get c");
            relay.send("got c-x:1\r\n");
            Sample sample = fixture.storage.awaitSamples(1, 5, TimeUnit.SECONDS).get(0);
            assertEquals(Tags.of("host", "crlf", "k", "v"), sample.tags(), "no \\r left in id or tags");
            assertEquals(1.0, sample.value());
            assertEquals("crlf", fixture.server.relays().get(0).id());
        }
    }

    @Test
    void badFirstLineIsRefused() throws Exception {
        try (RawRelay relay = new RawRelay(fixture.address())) {
            relay.send("hello there\nping\n");
            relay.expect("identify first with the 'id' command");
            relay.expectClosed();
        }
        try (RawRelay relay = new RawRelay(fixture.address())) {
            relay.send("ping\n");
            relay.expect("identify first with the 'id' command");
            relay.expectClosed();
        }
        assertEquals(2, fixture.metric("relays.rejected"));
        assertTrue(fixture.server.relays().isEmpty());
    }

    @Test
    void missingIdIsRefused() throws Exception {
        for (String first : List.of("id\n", "id \n", "id\r\n")) {
            try (RawRelay relay = new RawRelay(fixture.address())) {
                relay.send(first);
                relay.expect("missing id");
                relay.expectClosed();
            }
        }
        assertEquals(3, fixture.metric("relays.rejected"));
        assertTrue(fixture.server.relays().isEmpty());
    }

    @Test
    void idMayContainSpaces() throws Exception {
        try (RawRelay relay = RawRelay.identified(fixture.address(), "my relay 1")) {
            relay.send("ping\n");
            relay.expect("pong");
            assertEquals("my relay 1", fixture.server.relays().get(0).id());
        }
    }

    @Test
    void overlongLineGetsAnErrorAndTheConnectionIsClosed() throws Exception {
        fixture.close();
        fixture = new RelayServerFixture(Duration.ofSeconds(60), Duration.ofSeconds(4), 100);
        try (RawRelay relay = RawRelay.identified(fixture.address(), "long")) {
            relay.send("ping\n" + "x".repeat(101) + "\nping\n");
            relay.expect("pong");
            relay.expect("line too long (max 100 bytes)");
            relay.expectClosed();
        }
        Await.until("relay unregistered", WAIT, () -> fixture.server.relays().isEmpty());
        // before identification as well
        try (RawRelay relay = new RawRelay(fixture.address())) {
            relay.send("id " + "y".repeat(5000));
            relay.expect("line too long (max 100 bytes)");
            relay.expectClosed();
        }
        assertEquals(2, fixture.metric("lines.too_long"));
        assertEquals(1, fixture.metric("relays.rejected"));
    }

    @Test
    void aLineOfExactlyTheMaximumIsAccepted() throws Exception {
        fixture.close();
        fixture = new RelayServerFixture(Duration.ofSeconds(60), Duration.ofSeconds(4), 100);
        String name100 = "add " + "n".repeat(96);       // 100 bytes
        String name99 = "add " + "m".repeat(95);        // 99 bytes
        try (RawRelay relay = RawRelay.identified(fixture.address(), "edge")) {
            relay.send(name100 + "\n" + name99 + "\r\n" + name100 + "\r\nping\n");
            relay.expect("pong");
            assertEquals(List.of("m".repeat(95), "n".repeat(96)),
                    fixture.server.relays().get(0).collectors().stream().map(CollectorInfo::name).toList());
        }
        assertEquals(0, fixture.metric("lines.too_long"));
    }

    @Test
    void duplicateIdReplacesTheOlderConnection() throws Exception {
        try (RawRelay older = RawRelay.identified(fixture.address(), "dup")) {
            older.send("add a\n");
            try (RawRelay newer = RawRelay.identified(fixture.address(), "dup")) {
                older.expectClosed();
                newer.send("add b\nping\n");
                newer.expect("pong");
                // the older connection's exit must not have unregistered the newer one: wait until its thread ended
                Await.until("the older connection ended", Duration.ofSeconds(5),
                        () -> fixture.server.openConnections() == 1);
                List<RelayInfo> relays = fixture.server.relays();
                assertEquals(1, relays.size());
                assertEquals(newer.socket().getLocalPort(),
                        Integer.parseInt(relays.get(0).remoteAddress().substring("127.0.0.1:".length())));
                assertEquals(List.of(new CollectorInfo("b", List.of())), relays.get(0).collectors());
                assertTrue(fixture.server.flush("dup"));
                newer.expect("flush");
                newer.expect("get b");
            }
        }
        assertEquals(1, fixture.metric("relays.replaced"));
        Await.until("registry empty", WAIT, () -> fixture.server.relays().isEmpty());
    }

    @Test
    void gotEdgeCasesAreSkippedAndCounted() throws Exception {
        try (RawRelay relay = RawRelay.identified(fixture.address(), "edges")) {
            relay.send("add c:k:v\n");
            relay.expect("get c");
            // 12 items: 2 good, 10 bad
            relay.send("got bad,c-x-y:3,c-nan:NaN,c-empty:,unknown-stat:5,c-inf:+Inf,c-ok:1.5,c-:3,c-a:1:2,c-sp: 1,"
                    + "c-suffix:1d,c-big:1e999\n");
            relay.send("ping\n");
            relay.expect("pong");
            List<Sample> samples = fixture.storage.awaitSamples(2, 5, TimeUnit.SECONDS);
            samples = samples.stream().sorted(Comparator.comparing(Sample::stat)).toList();
            assertEquals(2, samples.size(), samples.toString());
            assertEquals("ok", samples.get(0).stat());
            assertEquals(1.5, samples.get(0).value());
            assertEquals(Tags.of("host", "edges", "k", "v"), samples.get(0).tags());
            assertEquals("stat", samples.get(1).stat());
            assertEquals(5.0, samples.get(1).value());
            assertEquals(Tags.of("host", "edges"), samples.get(1).tags(), "unknown collector: host tag only");
        }
        assertEquals(10, fixture.metric("items.rejected"));
        assertEquals(2, fixture.metric("items.accepted"));
    }

    @Test
    void anAnswerWithNothingUsableStoresNothing() throws Exception {
        try (RawRelay relay = RawRelay.identified(fixture.address(), "empty")) {
            relay.send("got \ngot c-x:abc\nping\n");
            relay.expect("pong");
        }
        assertEquals(2, fixture.metric("answers.received"));
        assertEquals(2, fixture.metric("items.rejected"));
        assertEquals(0, fixture.metric("samples.ingested"));
    }

    @Test
    void sampleTagsFollowTheOriginalRules() throws Exception {
        try (RawRelay relay = RawRelay.identified(fixture.address(), "web1")) {
            relay.send("add c:,bare,service:web,host:other,:nokey,a:b:c,empty:\n");
            relay.expect("get c");
            relay.send("got c-v:2\n");
            Sample sample = fixture.storage.awaitSamples(1, 5, TimeUnit.SECONDS).get(0);
            assertEquals(Tags.of("host", "other", "service", "web", "a", "b:c", "empty", ""), sample.tags());
        }
    }

    /** A relay's collectors with the same tags share one Tags (ConnectedRelay.expose): less memory per series. */
    @Test
    void collectorsSentWithTheSameTagsShareTheirSampleTags() throws Exception {
        try (RawRelay relay = RawRelay.identified(fixture.address(), "shared")) {
            relay.send("add a:role:web\nadd b:role:web\nadd c:role:db\n");
            relay.expect("get a,b,c");
            relay.send("got a-v:1,b-v:2,c-v:3\n");
            List<Sample> samples = fixture.storage.awaitSamples(3, 5, TimeUnit.SECONDS);
            assertEquals(Tags.of("host", "shared", "role", "web"), samples.get(0).tags());
            assertSame(samples.get(0).tags(), samples.get(1).tags(), "a and b were sent the same tags");
            assertEquals(Tags.of("host", "shared", "role", "db"), samples.get(2).tags());
        }
    }

    /** The connection maps item names to series once (SeriesKeys): re-adding a collector must still retag. */
    @Test
    void samplesFollowTheCollectorsTagsAsTheyChange() throws Exception {
        try (RawRelay relay = RawRelay.identified(fixture.address(), "retag")) {
            relay.send("add c:role:a\n");
            relay.expect("get c");
            relay.send("got c-v:1,x-v:1\n");
            List<Sample> first = fixture.storage.awaitSamples(2, 5, TimeUnit.SECONDS);
            assertEquals(Tags.of("host", "retag", "role", "a"), first.get(0).tags());
            assertEquals(Tags.of("host", "retag"), first.get(1).tags(), "x is not a collector of this relay");

            relay.send("add c:role:b\nadd x:role:x\n");
            relay.send("got c-v:2,x-v:2\n");
            List<Sample> second = fixture.storage.awaitSamples(4, 5, TimeUnit.SECONDS).subList(2, 4);
            assertEquals(Tags.of("host", "retag", "role", "b"), second.get(0).tags(), "the re-added collector's tags");
            assertEquals(Tags.of("host", "retag", "role", "x"), second.get(1).tags(), "a collector added later");

            relay.send("remove c\ngot c-v:3\n");
            List<Sample> third = fixture.storage.awaitSamples(5, 5, TimeUnit.SECONDS).subList(4, 5);
            assertEquals(Tags.of("host", "retag"), third.get(0).tags(), "a removed collector's samples: host only");

            // more distinct names than the cache holds: every one still gets its own stat
            StringBuilder many = new StringBuilder("got ");
            int names = SeriesKeys.MAX_ENTRIES + 10;
            for (int i = 0; i < names; i++) {
                many.append(i == 0 ? "" : ",").append("x-s").append(i).append(':').append(i);
            }
            relay.send(many + "\n");
            List<Sample> all = fixture.storage.awaitSamples(5 + names, 5, TimeUnit.SECONDS);
            for (int i = 0; i < names; i++) {
                Sample sample = all.get(5 + i);
                assertEquals("s" + i, sample.stat());
                assertEquals(i, sample.value());
                assertEquals(Tags.of("host", "retag", "role", "x"), sample.tags());
            }
        }
    }

    /** SeriesKeys compares each item with the previous answer's at its position first: order changes must not fool it. */
    @Test
    void itemsThatChangePlaceBetweenAnswersKeepTheirOwnStatAndTags() throws Exception {
        try (RawRelay relay = RawRelay.identified(fixture.address(), "reorder")) {
            relay.send("add a:role:a\nadd b:role:b\n");
            relay.send("got a-x:1,b-y:2\ngot b-y:3,a-x:4\ngot bad,a-x:5,b-y:6\ngot b-z:7,a-x:8,a-y:9\ngot a-x:10,b-y:11\n");
            List<Sample> samples = fixture.storage.awaitSamples(11, 5, TimeUnit.SECONDS);
            String[] expected = {"a-x", "b-y", "b-y", "a-x", "a-x", "b-y", "b-z", "a-x", "a-y", "a-x", "b-y"};
            for (int i = 0; i < expected.length; i++) {
                Sample sample = samples.get(i);
                String collector = expected[i].substring(0, 1);
                assertEquals(i + 1, sample.value(), "sample " + i);
                assertEquals(expected[i].substring(2), sample.stat(), "sample " + i);
                assertEquals(Tags.of("host", "reorder", "role", collector), sample.tags(), "sample " + i);
            }
        }
    }

    @Test
    void answersOfChangingLengthEachGiveExactlyTheirOwnSamples() throws Exception {
        // The session reuses what it parses an answer into: longer answers must not be cut short, shorter ones must
        // not carry over a longer one's tail, and a marker answer shows nothing extra came.
        int[] lengths = {3, 45, 2, 45, 45, 1};
        try (RawRelay relay = RawRelay.identified(fixture.address(), "lengths")) {
            relay.send("add a\n");
            StringBuilder lines = new StringBuilder();
            int value = 0;
            for (int length : lengths) {
                lines.append("got ");
                for (int i = 0; i < length; i++) {
                    lines.append(i == 0 ? "" : ",").append("a-s").append(i).append(':').append(++value);
                }
                lines.append('\n');
            }
            lines.append("got a-marker:0\n");
            relay.send(lines.toString());
            List<Sample> samples = fixture.storage.awaitSamples(value + 1, 5, TimeUnit.SECONDS);
            int at = 0;
            for (int length : lengths) {
                for (int i = 0; i < length; i++, at++) {
                    assertEquals(at + 1, samples.get(at).value(), "sample " + at);
                    assertEquals("s" + i, samples.get(at).stat(), "sample " + at);
                }
            }
            assertEquals("marker", samples.get(at).stat(), "the sample after the last answer's");
            assertEquals(value + 1, samples.size());
        }
    }

    @Test
    void unknownAndArgumentlessLinesAreIgnoredAndCounted() throws Exception {
        try (RawRelay relay = RawRelay.identified(fixture.address(), "chatty")) {
            relay.send("hello world\nbogus\nadd\nremove\ngot\nid again\n\nping x\nok\nok flush\nremove nothing\nping\n");
            // The ping is the marker: a reply to any ignored line before it would have come first.
            relay.expect("pong");
        }
        assertEquals(8, fixture.metric("lines.unknown"));
    }

    @Test
    void unusableCollectorNamesAreRefused() throws Exception {
        try (RawRelay relay = RawRelay.identified(fixture.address(), "names")) {
            relay.send("add :tag\nadd a,b:x\nadd good\nping\n");
            relay.expect("pong");
            assertEquals(List.of(new CollectorInfo("good", List.of())), fixture.server.relays().get(0).collectors());
        }
        assertEquals(2, fixture.metric("lines.invalid"));
    }

    @Test
    void removeStopsPollingThatCollector() throws Exception {
        fixture.close();
        fixture = new RelayServerFixture(Duration.ofMillis(300), Duration.ofSeconds(4), 1024);
        try (RawRelay relay = RawRelay.identified(fixture.address(), "rm")) {
            relay.send("add a\nadd b\n");
            relay.expect("get a,b");
            relay.send("remove a\n");
            Await.until("a removed", WAIT, () -> fixture.server.relays().get(0).collectors().size() == 1);
            String line = relay.readLine();
            while ("get a,b".equals(line)) {   // a poll may have been queued before the remove
                line = relay.readLine();
            }
            assertEquals("get b", line);
            relay.send("remove b\n");
            Await.until("b removed", WAIT, () -> fixture.server.relays().get(0).collectors().isEmpty());
            // A witness polled for two regular rounds lets every slot come round, then a ping marks the end:
            // nothing but a poll queued before the remove may precede its pong.
            try (RawRelay witness = RawRelay.identified(fixture.address(), "witness")) {
                witness.send("add w\n");
                for (int i = 0; i < 3; i++) {
                    witness.expect("get w");
                }
            }
            relay.send("ping\n");
            line = relay.readLine();
            while ("get b".equals(line)) {
                line = relay.readLine();
            }
            assertEquals("pong", line, "a relay without collectors is not polled");
        }
    }

    @Test
    void flushIsSentAndNoReplyIsAwaited() throws Exception {
        try (RawRelay relay = RawRelay.identified(fixture.address(), "f")) {
            // ok and beat are written before the relay is registered (nothing may precede them), so seeing them does
            // not yet mean flush() can find the relay.
            Await.until("f registered", WAIT, () -> fixture.server.relays().stream().anyMatch(r -> r.id().equals("f")));
            assertTrue(fixture.server.flush("f"));
            relay.expect("flush");
            assertTrue(fixture.server.flush("f"));
            relay.expect("flush");
            relay.send("ping\n");
            relay.expect("pong");
        }
        assertEquals(false, fixture.server.flush("nobody"));
        assertEquals(2, fixture.metric("flushes.sent"));
    }
}
