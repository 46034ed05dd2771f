package io.pulse.kernel.relay;

import io.pulse.kernel.testing.Await;
import io.pulse.kernel.testing.RawRelay;
import io.pulse.protocol.AddLine;
import io.pulse.protocol.CommandLine;
import io.pulse.protocol.Commands;
import io.pulse.protocol.OverrideLine;
import io.pulse.protocol.sessions.RecordedSession;
import io.pulse.protocol.sessions.RecordedSession.Step;
import io.pulse.spi.frontend.CollectorInfo;
import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.Tags;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recorded session shared with the relay library's tests (pulse-protocol's test-jar), replayed from the relay's
 * side against a real server over a real socket: the test sends each {@code R>} line as raw bytes and checks that
 * the server's next line is the {@code S>} line, byte for byte, and that nothing else arrives.
 *
 * <p>Most server lines come by themselves ({@code ok}, {@code beat}, the first {@code get} soon after the first
 * {@code add}, {@code pong}); {@code flush} and {@code override} come from the server's control API, which the test
 * calls when the session reaches them - after the server has taken in every {@code add} and {@code remove} sent so
 * far, as a server in the recorded exchange had.
 */
class RecordedSessionReplayTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void theOriginalExampleAgainstARealServer() throws Exception {
        RecordedSession session = RecordedSession.load(RecordedSession.ORIGINAL_EXAMPLE);
        // Beat 4 s as recorded; poll every 60 s, so that only the first poll (under a second after the first add)
        // happens during the replay.
        try (RelayServerFixture fixture = RelayServerFixture.standard();
             RawRelay relay = new RawRelay(fixture.address())) {
            Replay replay = new Replay(fixture, relay);
            for (Step step : session.steps()) {
                if (step.fromRelay()) {
                    replay.relaySends(step);
                } else {
                    replay.serverSends(step);
                }
            }
            relay.expectClosed();
            Await.until("the relay unregistered", WAIT, () -> fixture.server.relays().isEmpty());

            // The got line's items, as the pipeline passed them to storage, tagged as the add lines said.
            List<Sample> samples = fixture.storage.awaitSamples(4, 5, TimeUnit.SECONDS);
            long time = samples.get(0).timeMillis();
            Tags host = Tags.of("host", "lester.tester");
            Tags disk = Tags.of("host", "lester.tester", "mount", "root");
            assertEquals(List.of(
                    new Sample("cpu_used", Tags.of("host", "lester.tester", "service", "web1"), time, 0.25),
                    new Sample("ram_used", host, time, 0.9405),
                    new Sample("disk_free", disk, time, 1.2346),
                    new Sample("disk_used", disk, time, 50)), samples);

            assertEquals(1, fixture.metric("answers.received"));
            assertEquals(4, fixture.metric("items.accepted"));
            assertEquals(0, fixture.metric("items.rejected"));
            assertEquals(0, fixture.metric("lines.unknown"));
            assertEquals(0, fixture.metric("lines.invalid"));
            assertEquals(1, fixture.metric("polls.sent"));
            assertEquals(1, fixture.metric("flushes.sent"));
            assertEquals(1, fixture.metric("overrides.started"));
        }
    }

    /** The relay's side of the replay, and what the server should know so far. */
    private static final class Replay {
        private final RelayServerFixture fixture;
        private final RawRelay relay;
        private final List<String> exposed = new ArrayList<>();
        private String id;

        Replay(RelayServerFixture fixture, RawRelay relay) {
            this.fixture = fixture;
            this.relay = relay;
        }

        void relaySends(Step step) throws Exception {
            relay.send(step.line() + "\n");
            CommandLine line = CommandLine.split(step.line());
            switch (line.word()) {
                case Commands.ID -> id = line.rest();
                case Commands.ADD -> exposed.add(AddLine.parse(line.rest()).name());
                case Commands.REMOVE -> exposed.remove(line.rest());
                default -> {
                    // the other relay lines change nothing the server reports
                }
            }
        }

        void serverSends(Step step) throws Exception {
            CommandLine line = CommandLine.split(step.line());
            switch (line.word()) {
                case Commands.FLUSH -> {
                    awaitServerCaughtUp(step);
                    assertTrue(fixture.server.flush(id), step + ": the relay is connected");
                }
                case Commands.OVERRIDE -> {
                    awaitServerCaughtUp(step);
                    OverrideLine override = OverrideLine.parse(line.rest()).override();
                    fixture.server.override(override.duration(), override.intervals());
                }
                default -> {
                    // ok, beat, get and pong: the server sends them by itself
                }
            }
            assertEquals(step.line(), relay.readLine(), step.toString());
        }

        /** Waits until the server has taken in every add and remove the relay sent so far. */
        private void awaitServerCaughtUp(Step step) {
            Await.until("the server's collectors before " + step, WAIT, () -> {
                var relays = fixture.server.relays();
                return relays.size() == 1
                        && relays.get(0).collectors().stream().map(CollectorInfo::name).sorted().toList()
                        .equals(exposed.stream().sorted().toList());
            });
        }
    }
}
