package io.pulse.storage.tck;

import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.SampleBatch;
import io.pulse.spi.stats.SampleSubscription;
import io.pulse.spi.stats.Tags;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test feed keeps the kernel's promises: per-subscriber bounded queues, order, drops counted, failures isolated. */
class ManualSampleFeedTest {

    private final ManualSampleFeed feed = new ManualSampleFeed();

    private static SampleBatch batch(long time) {
        return new SampleBatch("web1", time, List.of(new Sample("cpu_used", Tags.of("host", "web1"), time, time / 10.0)));
    }

    @Test
    void deliversEveryPublishedBatchInOrderOnlyWhenAsked() {
        List<Long> seen = new ArrayList<>();
        feed.subscribe("alerts", 10, b -> seen.add(b.timeMillis()));
        feed.publish(batch(1));
        feed.publish(batch(2));
        assertEquals(List.of(), seen, "nothing is delivered before deliver()");
        assertEquals(2, feed.deliver());
        assertEquals(List.of(1L, 2L), seen);
        assertEquals(0, feed.deliver(), "each batch is delivered once");
    }

    @Test
    void aFullQueueDropsItsOwnOldestBatchesAndCountsThem() {
        List<Long> slow = new ArrayList<>();
        List<Long> roomy = new ArrayList<>();
        SampleSubscription small = feed.subscribe("slow", 2, b -> slow.add(b.timeMillis()));
        feed.subscribe("roomy", 10, b -> roomy.add(b.timeMillis()));
        for (long t = 1; t <= 5; t++) {
            feed.publish(batch(t));
        }
        feed.deliver();
        assertEquals(List.of(4L, 5L), slow);
        assertEquals(3, small.dropped());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), roomy, "another subscriber loses nothing");
    }

    @Test
    void aBatchPublishedBeforeSubscribingIsNotDelivered() {
        feed.publish(batch(1));
        List<Long> seen = new ArrayList<>();
        feed.subscribe("late", 4, b -> seen.add(b.timeMillis()));
        feed.publish(batch(2));
        feed.deliver();
        assertEquals(List.of(2L), seen);
    }

    @Test
    void aThrowingListenerIsRecordedAndStillGetsTheNextBatch() {
        List<Long> seen = new ArrayList<>();
        feed.subscribe("flaky", 4, b -> {
            seen.add(b.timeMillis());
            if (b.timeMillis() == 1) {
                throw new IllegalStateException("boom");
            }
        });
        feed.publish(batch(1));
        feed.publish(batch(2));
        assertEquals(2, feed.deliver());
        assertEquals(List.of(1L, 2L), seen);
        assertEquals(1, feed.failures().size());
        assertEquals("boom", feed.failures().get(0).getMessage());
    }

    @Test
    void aClosedSubscriptionReceivesNothingMore() {
        List<Long> seen = new ArrayList<>();
        SampleSubscription s = feed.subscribe("gone", 4, b -> seen.add(b.timeMillis()));
        feed.publish(batch(1));
        s.close();
        s.close();
        feed.publish(batch(2));
        assertEquals(0, feed.deliver());
        assertEquals(List.of(), seen);
        assertEquals(List.of(), feed.subscribers());
    }

    @Test
    void capacityBelowOneAndAClosedFeedAreRefused() {
        IllegalArgumentException capacity = assertThrows(IllegalArgumentException.class,
            () -> feed.subscribe("zero", 0, b -> { }));
        assertTrue(capacity.getMessage().contains("at least 1, got 0"), capacity.getMessage());
        feed.subscribe("open", 1, b -> { });
        assertEquals(List.of("open"), feed.subscribers());
        feed.close();
        assertEquals(List.of(), feed.subscribers());
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> feed.subscribe("x", 1, b -> { }));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
        assertThrows(IllegalStateException.class, () -> feed.publish(batch(1)));
    }
}
