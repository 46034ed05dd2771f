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

    /**
     * A collector of relay {@code relayId}, its sample tags derived from the sent tags. Its name and tag texts are
     * the JVM's interned copies ({@link String#intern}): a fleet's relays expose the same collector names and tags
     * (10,000 relays with 20 collectors each name {@code cpu_used} 10,000 times), and a String per relay and
     * collector was about a third of the kernel's memory per series, all of it created in a fleet's first seconds
     * for the young collections to copy (docs/performance.md, "Fourth round"). Interned strings that nothing refers
     * to any more are collected like others.
     */
    static ExposedCollector of(String relayId, String name, List<String> sentTags) {
        List<String> tags = interned(sentTags);
        return new ExposedCollector(name.intern(), tags, sampleTags(relayId, tags));
    }

    /**
     * This collector under another name: the same sent tags and sample tags (for a relay that exposes several
     * collectors with the same tags, so that it holds one {@link Tags} for all of them, see
     * {@link ConnectedRelay#expose}).
     */
    ExposedCollector renamed(String otherName) {
        return new ExposedCollector(otherName.intern(), sentTags, sampleTags);
    }

    private static List<String> interned(List<String> texts) {
        String[] copies = new String[texts.size()];
        for (int i = 0; i < copies.length; i++) {
            copies[i] = texts.get(i).intern();
        }
        return List.of(copies);
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
            tags.put(tag.substring(0, colon).intern(), tag.substring(colon + 1).intern());
        }
        return Tags.of(tags);
    }

    CollectorInfo info() {
        return new CollectorInfo(name, sentTags);
    }
}
