package io.pulse.kernel.ingest;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DropOldestQueueTest {

    @Test
    void offersEvictTheOldestWhenFull() {
        DropOldestQueue<Integer> queue = new DropOldestQueue<>(2);
        assertNull(queue.offer(1));
        assertNull(queue.offer(2));
        assertEquals(1, queue.offer(3));
        assertEquals(2, queue.size());
        assertEquals(2, queue.capacity());
    }

    @Test
    void awaitSizeReturnsOnceTheQueueHoldsThatManyAndTakesNothing() throws Exception {
        DropOldestQueue<Integer> queue = new DropOldestQueue<>(10);
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try {
                queue.awaitSize(3, 1, TimeUnit.HOURS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        queue.offer(1);
        queue.offer(2);
        Thread.sleep(50);
        assertFalse(waiting.isDone(), "two of three");
        queue.offer(3);
        waiting.get(5, TimeUnit.SECONDS);
        assertEquals(3, queue.size());
    }

    @Test
    void awaitSizeReturnsAtTheTimeoutOrWhenClosed() throws Exception {
        DropOldestQueue<Integer> queue = new DropOldestQueue<>(10);
        long start = System.nanoTime();
        queue.awaitSize(1, 30, TimeUnit.MILLISECONDS);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(30), "waited out the timeout");

        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try {
                queue.awaitSize(5, 1, TimeUnit.HOURS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        queue.close();
        waiting.get(5, TimeUnit.SECONDS);
        assertNull(queue.take(), "closed and empty");
    }
}
