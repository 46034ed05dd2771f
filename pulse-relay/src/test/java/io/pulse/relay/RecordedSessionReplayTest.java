package io.pulse.relay;

import io.pulse.protocol.AddLine;
import io.pulse.protocol.BeatLine;
import io.pulse.protocol.CommandLine;
import io.pulse.protocol.Commands;
import io.pulse.protocol.GotLine;
import io.pulse.protocol.sessions.RecordedSession;
import io.pulse.protocol.sessions.RecordedSession.Step;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The recorded session shared with the server's tests (pulse-protocol's test-jar), replayed from the server's side
 * against a real {@link Relay}: the test writes each {@code S>} line as raw bytes and checks that the relay's next
 * line is the {@code R>} line, byte for byte ({@link OriginalServer} fails on a {@code \r} or an unfinished line).
 *
 * <p>Most relay lines are answers ({@code got}, {@code ok}) or come by themselves ({@code ping}, every beat); the
 * others are the embedder's doing, so the test does it when the session reaches them: {@code id} is
 * {@link Relay#connect}, {@code add} is {@link Relay#addCollector}, {@code remove} is {@link Relay#removeCollector}
 * and {@code close} is {@link Relay#close()}. The collectors return the values the session's {@code got} lines
 * carry: a collector whose only item is named after itself is a point collector, any other a set collector.
 */
class RecordedSessionReplayTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void theOriginalExampleAgainstARealRelay() throws Exception {
        RecordedSession session = RecordedSession.load(RecordedSession.ORIGINAL_EXAMPLE);
        try (OriginalServer server = OriginalServer.start();
             Replay replay = new Replay(server, valuesIn(session))) {
            for (Step step : session.steps()) {
                if (step.fromServer()) {
                    replay.serverSends(step);
                } else {
                    replay.relaySends(step);
                }
            }
            replay.peer.assertClosedByRelay();
        }
    }

    /** Collector name to its values, from every {@code got} line of the session (a later value wins). */
    private static Map<String, Map<String, Double>> valuesIn(RecordedSession session) {
        Map<String, Map<String, Double>> values = new HashMap<>();
        for (Step step : session.steps()) {
            CommandLine line = CommandLine.split(step.line());
            if (step.fromRelay() && line.word().equals(Commands.GOT)) {
                int rejected = GotLine.parse(line.rest(), (collector, stat, value) ->
                        values.computeIfAbsent(collector, c -> new LinkedHashMap<>()).put(stat, value));
                assertEquals(0, rejected, step.toString());
            }
        }
        return values;
    }

    /** The server's side of the replay; closing it closes the relay, should the replay stop half-way. */
    private static final class Replay implements AutoCloseable {
        private final OriginalServer server;
        private final Map<String, Map<String, Double>> values;
        private CompletableFuture<Relay> connecting;
        private Relay relay;
        private OriginalServer.Peer peer;
        private Duration beat = Relay.DEFAULT_BEAT;

        Replay(OriginalServer server, Map<String, Map<String, Double>> values) {
            this.server = server;
            this.values = values;
        }

        void serverSends(Step step) throws Exception {
            assertNotNull(peer, step + ": the relay has not connected yet");
            CommandLine line = CommandLine.split(step.line());
            if (line.word().equals(Commands.BEAT)) {
                beat = BeatLine.parse(line.rest()).interval();
            }
            peer.write(step.line() + "\n");
        }

        void relaySends(Step step) throws Exception {
            CommandLine line = CommandLine.split(step.line());
            Duration within = WAIT;
            switch (line.word()) {
                case Commands.ID -> {
                    connecting = RelayHandshakeTest.connectAsync(server.address(), line.rest());
                    peer = server.accept();
                }
                case Commands.ADD -> {
                    AddLine add = AddLine.parse(line.rest());
                    relay().addCollector(add.name(), add.tags(), collector(add.name()));
                }
                case Commands.REMOVE -> relay().removeCollector(line.rest());
                case Commands.CLOSE -> relay().close();
                // the heartbeat pings a beat after the connection came up: allow for a whole beat
                case Commands.PING -> within = beat.plus(WAIT);
                default -> {
                    // got and ok answer the server's previous line
                }
            }
            assertEquals(step.line(), peer.readLine(within), step.toString());
        }

        private Relay relay() throws Exception {
            if (relay == null) {
                relay = connecting.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            return relay;
        }

        @Override
        public void close() {
            if (relay != null) {
                relay.close();
            } else if (connecting != null) {
                connecting.thenAccept(Relay::close);
            }
        }

        private Collector collector(String name) {
            Map<String, Double> own = Map.copyOf(values.getOrDefault(name, Map.of()));
            if (own.size() == 1 && own.containsKey(name)) {
                double value = own.get(name);
                return Collector.point(() -> value);
            }
            return Collector.set(() -> own);
        }
    }
}
