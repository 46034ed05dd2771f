package io.pulse.kernel.relay;

import io.pulse.protocol.AddLine;
import io.pulse.spi.frontend.CollectorInfo;
import io.pulse.spi.stats.Tags;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A collector a connected relay exposes ({@code add <name>:<tags>}), seen from the server: its name, the tags as
 * sent and the tags its samples carry. (The relay library's {@code io.pulse.relay.Collector} is the other end: where
 * a relay gets the values from.)
 *
 * @param name       the collector name
 * @param sentTags   its tags exactly as the relay sent them ({@code k:v}, bare words and empty strings alike)
 * @param sampleTags the tags of its samples (see {@link #sampleTags(String, List)})
 */
record ExposedCollector(String name, List<String> sentTags, Tags sampleTags) {

    ExposedCollector {
        sentTags = List.copyOf(sentTags);
    }

    /** The collector an {@code add} line from relay {@code relayId} exposes. */
    static ExposedCollector of(String relayId, AddLine add) {
        return of(relayId, add.name(), add.tags());
    }

    /** A collector of relay {@code relayId}, its sample tags derived from the sent tags. */
    static ExposedCollector of(String relayId, String name, List<String> sentTags) {
        return new ExposedCollector(name, sentTags, sampleTags(relayId, sentTags));
    }

    /**
     * The tags of a sample, by the original's rules: {@code host:<relay id>} first, then each collector tag split
     * once on {@code :} into key and value (so {@code a:b:c} is key {@code a}, value {@code b:c}); tags without a
     * {@code :} (bare words, empty strings) are dropped; a later tag with the same key wins, so a collector tag
     * {@code host:x} overrides the relay id. A tag with an empty key ({@code :x}) is dropped too: no store accepts
     * an empty tag key.
     */
    static Tags sampleTags(String relayId, List<String> sentTags) {
        Map<String, String> tags = new TreeMap<>();
        tags.put("host", relayId);
        for (String tag : sentTags) {
            int colon = tag.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            tags.put(tag.substring(0, colon), tag.substring(colon + 1));
        }
        return Tags.of(tags);
    }

    CollectorInfo info() {
        return new CollectorInfo(name, sentTags);
    }
}
