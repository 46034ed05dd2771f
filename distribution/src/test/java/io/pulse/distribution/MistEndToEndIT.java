package io.pulse.distribution;

import io.pulse.publish.mist.MistDouble;
import io.pulse.publish.mist.MistSubscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The "done when" for Mist: {@code bin/pulse -s -m <address> -M <token>} and an original-style relay; a
 * subscriber on the Mist double receives each polled value as the original published it, and the token never shows
 * in the server's output. Loopback only.
 */
class MistEndToEndIT {

    private static final String HOST = "mist-e2e-host";
    private static final String MIST_TOKEN = "mist-e2e-s3cret";

    @Test
    void eachPolledValueIsPublishedToMistWithTheCollectorsTags(@TempDir Path dir) throws Exception {
        try (MistDouble mist = MistDouble.start(MIST_TOKEN);
             PulseProcess pulse = PulseProcess.startServer(dir.resolve("data"), "-p", "1",
                 "-m", "127.0.0.1:" + mist.port(), "-M", MIST_TOKEN);
             MistSubscriber subscriber = MistSubscriber.connect(mist.port(), MIST_TOKEN, List.of("metrics"));
             RawCpuRelay relay = RawCpuRelay.connect(pulse.relayPort, HOST, "cpu_used:,service:web1",
                 answer -> "0.25")) {
            String message = subscriber.next(Duration.ofSeconds(30));
            assertEquals("{\"command\":\"publish\",\"tags\":[\"cpu_used\",\"host:" + HOST + "\",\"metrics\","
                + "\"service:web1\"],\"data\":\"0.25\"}", message, "server log:\n" + pulse.stderr());
            assertEquals(message, subscriber.next(Duration.ofSeconds(10)), "the next poll publishes again");
            assertEquals(0, mist.closedConnections(), "Mist accepted the token and every message");

            String log = pulse.stderr() + pulse.stdout();
            assertTrue(log.contains("publishing to Mist at 127.0.0.1:" + mist.port()), log);
            assertFalse(log.contains(MIST_TOKEN), "the Mist token never appears in the log:\n" + log);
        }
    }

    @Test
    void helpListsTheMistFlagsUnderThePublisher() throws Exception {
        PulseProcess.Result result = PulseProcess.run("--help");
        assertEquals(0, result.exitCode(), result.stderr());
        String help = result.stdout();
        int start = help.indexOf("\npublisher 'mist'");
        assertTrue(start >= 0, "help has a group for the mist publisher:\n" + help);
        int end = help.indexOf("\n\n", start + 1);
        String group = help.substring(start, end < 0 ? help.length() : end);
        assertTrue(group.contains("-m, --mist-address"), group);
        assertTrue(group.contains("-M, --mist-token"), group);
    }
}
