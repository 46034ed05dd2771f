package io.pulse.kernel.relay;

import io.pulse.kernel.testing.Await;
import io.pulse.kernel.testing.LogCapture;
import io.pulse.kernel.testing.RawRelay;
import io.pulse.spi.frontend.RelayInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The original crashed ({@code concurrent map writes}) when ~500 relays connected at once. Here 2,000 relays connect
 * at once, are polled, answer, and all disconnect at once: no registration lost, every answer stored, the registry
 * ends empty, nothing logged at WARNING or above.
 */
class RelayConcurrencyTest {

    private static final int RELAYS = 2000;

    @Test
    void twoThousandRelaysConnectAnswerAndLeaveAtOnce() throws Exception {
        try (LogCapture logs = new LogCapture("io.pulse");
             RelayServerFixture fixture = new RelayServerFixture(Duration.ofSeconds(60), Duration.ofSeconds(30),
                     RelayServerSettings.DEFAULT_MAX_LINE_LENGTH)) {
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch answered = new CountDownLatch(RELAYS);
            CountDownLatch leave = new CountDownLatch(1);
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            List<Thread> clients = new ArrayList<>(RELAYS);
            for (int i = 0; i < RELAYS; i++) {
                int n = i;
                clients.add(Thread.ofVirtual().start(() -> {
                    try {
                        go.await();
                        try (RawRelay relay = new RawRelay(fixture.address())) {
                            relay.send("id relay-" + n + "\nadd c:n:" + n + "\n");
                            relay.expect("ok");
                            relay.expect("beat 30");
                            relay.expect("get c");
                            relay.send("got c-v:" + n + "\n");
                            answered.countDown();
                            leave.await();
                            if (n % 2 == 0) {
                                relay.send("close\n");   // half say goodbye, half just hang up
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                        answered.countDown();
                    }
                }));
            }
            long start = System.nanoTime();
            go.countDown();
            assertTrue(answered.await(30, TimeUnit.SECONDS), "all relays answered");
            assertTrue(failures.isEmpty(), () -> failures.size() + " client failures, first: " + failures.peek());
            long connectMillis = (System.nanoTime() - start) / 1_000_000;

            List<RelayInfo> relays = fixture.server.relays();
            assertEquals(RELAYS, relays.size(), "no registration lost");
            Set<String> ids = new TreeSet<>();
            relays.forEach(r -> ids.add(r.id()));
            assertEquals(RELAYS, ids.size());
            fixture.storage.awaitSamples(RELAYS, 10, TimeUnit.SECONDS);
            assertEquals(RELAYS, fixture.storage.samples().stream().map(s -> s.tags().get("n")).distinct().count());

            long leaveStart = System.nanoTime();
            leave.countDown();
            for (Thread client : clients) {
                client.join(Duration.ofSeconds(10));
            }
            Await.until("registry empty", Duration.ofSeconds(10), () -> fixture.server.relays().isEmpty());
            long leaveMillis = (System.nanoTime() - leaveStart) / 1_000_000;
            assertEquals(RELAYS, fixture.metric("relays.accepted"));
            assertEquals(RELAYS, fixture.metric("relays.disconnected"));
            assertEquals(0, fixture.metric("relays.connected"));
            assertEquals(RELAYS, fixture.metric("samples.ingested"));
            assertEquals(List.of(), logs.messages(), "nothing logged at WARNING or above");
            System.out.printf("%d relays: connected, polled and answered in %d ms; all gone in %d ms%n",
                    RELAYS, connectMillis, leaveMillis);
        }
    }
}
