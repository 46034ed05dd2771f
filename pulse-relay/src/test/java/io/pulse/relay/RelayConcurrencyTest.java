package io.pulse.relay;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many threads adding and removing collectors at once while the server polls. */
class RelayConcurrencyTest {

    private static final int THREADS = 16;
    private static final int OPERATIONS = 200;
    private static final int NAMES = 40;

    @Test
    void theServersViewMatchesTheRelaysAfterConcurrentAddsAndRemoves() throws Exception {
        try (OriginalServer server = OriginalServer.start()) {
            var connecting = RelayHandshakeTest.connectAsync(server.address(), "busy");
            OriginalServer.Peer peer = server.acceptIdentified("busy", 30);
            try (Relay relay = connecting.get()) {
                StringBuilder all = new StringBuilder();
                for (int i = 0; i < NAMES; i++) {
                    all.append(i == 0 ? "" : ",").append("c").append(i);
                }
                String getAll = "get " + all + "\n";

                ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
                CountDownLatch go = new CountDownLatch(1);
                List<Thread> workers = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    workers.add(Thread.ofPlatform().start(() -> {
                        try {
                            go.await();
                            ThreadLocalRandom random = ThreadLocalRandom.current();
                            for (int op = 0; op < OPERATIONS; op++) {
                                String name = "c" + random.nextInt(NAMES);
                                if (random.nextBoolean()) {
                                    try {
                                        relay.addCollector(name, List.of("t:" + name), () -> 1.0);
                                    } catch (DuplicateCollectorException expected) {
                                        // another thread got there first
                                    }
                                } else {
                                    relay.removeCollector(name);
                                }
                            }
                        } catch (Throwable e) {
                            unexpected.add(e);
                        }
                    }));
                }
                go.countDown();
                // Poll while they work, as a server would; answers are read below.
                for (int i = 0; i < 5; i++) {
                    peer.write(getAll);
                }
                for (Thread worker : workers) {
                    worker.join();
                }
                assertTrue(unexpected.isEmpty(), unexpected.toString());

                // Replay what the server saw. The flush's ok comes after every add/remove line already written.
                peer.write("flush\n");
                Set<String> serverView = new TreeSet<>();
                int adds = 0;
                while (true) {
                    String line = peer.readLine();
                    if (line.equals("ok")) {
                        break;
                    }
                    if (line.startsWith("add ")) {
                        String name = line.substring(4, line.indexOf(':'));
                        assertTrue(serverView.add(name), "added twice without a remove: " + name);
                        assertEquals("add " + name + ":t:" + name, line);
                        adds++;
                    } else if (line.startsWith("remove ")) {
                        assertTrue(serverView.remove(line.substring(7)), "removed without an add: " + line);
                    } else {
                        assertTrue(line.startsWith("got "), line);
                    }
                }
                assertTrue(adds > NAMES, "the test exercised re-adds: " + adds);
                assertEquals(new TreeSet<>(relay.collectorNames()), serverView);

                // And a poll now answers exactly the registered collectors.
                relay.addCollector("last", List.of(), () -> 2.0); // never an empty set to poll
                assertEquals("add last:", peer.readLine());
                serverView.add("last");
                peer.write(getAll.replace("\n", ",last\n"));
                String got = peer.readLine();
                Set<String> answered = new TreeSet<>();
                if (got.startsWith("got ")) {
                    for (String item : got.substring(4).split(",")) {
                        answered.add(item.substring(0, item.indexOf('-')));
                    }
                }
                assertEquals(serverView, answered);
            }
        }
    }
}
