package io.pulse.publish.mist;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The double behaves as the reference says Mist does; the publisher's tests are only as good as this. */
class MistDoubleTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration QUIET = Duration.ofMillis(300);

    private MistDouble mist;

    @AfterEach
    void stop() throws Exception {
        if (mist != null) {
            mist.close();
        }
    }

    @Test
    void deliversToSubsetSubscribersSortedWithoutEchoAndNewlineOptional() throws Exception {
        mist = MistDouble.start("");
        try (MistSubscriber metrics = MistSubscriber.connect(mist.port(), "", List.of("metrics"));
             MistSubscriber other = MistSubscriber.connect(mist.port(), "", List.of("metrics", "nope"));
             MistSubscriber publisher = MistSubscriber.connect(mist.port(), "", List.of("metrics"))) {
            publisher.send("{\"command\":\"publish\",\"tags\":[\"z\",\"metrics\",\"a\"],\"data\":\"1\"}"
                + "{\"command\":\"publish\",\"tags\":[\"metrics\"],\"data\":\"2\"}");
            assertEquals("{\"command\":\"publish\",\"tags\":[\"a\",\"metrics\",\"z\"],\"data\":\"1\"}", metrics.next(WAIT));
            assertEquals("{\"command\":\"publish\",\"tags\":[\"metrics\"],\"data\":\"2\"}", metrics.next(WAIT));
            assertNull(other.next(QUIET), "not a subset");
            assertNull(publisher.next(QUIET), "no echo to the publisher");
        }
    }

    @Test
    void unknownCommandsGetAnErrorAndTheConnectionStaysOpen() throws Exception {
        mist = MistDouble.start("");
        try (MistSubscriber client = MistSubscriber.connect(mist.port(), "", List.of("x"))) {
            client.send("{\"command\":\"bogus\",\"tags\":[\"t\"],\"data\":\"d\"}\n");
            assertEquals("{\"command\":\"bogus\",\"tags\":[\"t\"],\"data\":\"d\",\"error\":\"Unknown Command\"}",
                client.next(WAIT));
            client.send("{\"command\":\"list\"}");
            assertEquals("{\"command\":\"list\",\"data\":\"x\"}", client.next(WAIT));
            client.send("{\"command\":\"auth\",\"data\":\"x\"}{\"command\":\"unsubscribe\",\"tags\":[\"x\"]}"
                + "{\"command\":\"ping\"}");
            assertEquals("{\"command\":\"ping\",\"data\":\"pong\"}", client.next(WAIT), "auth and unsubscribe: no reply");
        }
    }

    @Test
    void closesWithoutReplyOnWhatMistRefuses() throws Exception {
        mist = MistDouble.start("");
        List<String> refused = List.of("{\"command\":\"ping\"", "{\"command\":\"publish\",\"tags\":[\"a\"],\"data\":1}",
            "{\"command\":\"publish\",\"tags\":\"a\",\"data\":\"1\"}", "{\"command\":\"publish\",\"tags\":[1]}",
            "[\"ping\"]", "{\"command\":\"ping\"}}");
        int expectedClosed = 0;
        for (String bad : refused) {
            try (MistSubscriber client = MistSubscriber.connect(mist.port(), "", List.of("x"))) {
                client.send(bad + "\n{\"command\":\"ping\"}\n");
                expectedClosed++;
                awaitEnded(client, bad);
                if (bad.equals("{\"command\":\"ping\"}}")) {
                    // the first object is valid and answered; the stray '}' then breaks the stream
                    assertEquals("{\"command\":\"ping\",\"data\":\"pong\"}", client.next(WAIT));
                }
                assertNull(client.next(QUIET), "no reply to " + bad);
            }
        }
        assertEquals(expectedClosed, mist.closedConnections());
    }

    @Test
    void aWrongFirstMessageTokenClosesSilently() throws Exception {
        mist = MistDouble.start("right");
        try (MistSubscriber ok = MistSubscriber.connect(mist.port(), "right", List.of("x"))) {
            assertTrue(!ok.ended());
        }
        try (MistSubscriber client = MistSubscriber.connect(mist.port(), "", List.of("x"))) {
            throw new AssertionError("the subscribe as first message must not pass: " + client);
        } catch (AssertionError expected) {
            assertTrue(expected.getMessage().contains("did not confirm"), expected.getMessage());
        }
        assertEquals(1, mist.closedConnections());
    }

    private static void awaitEnded(MistSubscriber client, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!client.ended() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(client.ended(), "the double closed the connection after " + what);
    }
}
