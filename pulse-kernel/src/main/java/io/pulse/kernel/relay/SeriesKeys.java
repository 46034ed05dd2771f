package io.pulse.kernel.relay;

import io.pulse.spi.stats.Tags;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * One connection's map from the name of a {@code got} item ({@code <collector>-<stat>}, as bytes in the line) to the
 * stat and tags of its samples, so that a relay answering the same twenty items every second costs one byte
 * comparison per item instead of a collector lookup and two new Strings; and every sample of a series carries the
 * very same stat String and Tags instance, which makes the storage's series lookup an identity comparison.
 *
 * <p>The tags of an item depend on the relay's collectors ({@link ConnectedRelay#sampleTags}); the relay replaces
 * its collector map whenever one is added or removed, so the cache starts over when it sees another map. It holds
 * at most {@value #MAX_ENTRIES} names and starts over when full, so a relay sending ever new names cannot make it
 * grow without bound.
 *
 * <p>A relay answers every poll with the same items in the same order, so before hashing a name the cache compares
 * it with the name that had the item's position in the previous answer ({@link #key(byte[], int, int, int, int)}):
 * in the steady state one byte comparison per item and no hash.
 *
 * <p>Not thread-safe: the connection's reader thread only.
 */
final class SeriesKeys {

    /** The stat and tags of one item name. */
    record Key(String stat, Tags tags) {
    }

    static final int MAX_ENTRIES = 1024;
    private static final int INITIAL_SLOTS = 32;

    private final ConnectedRelay relay;
    private Map<String, ExposedCollector> builtFor;
    private byte[][] names = new byte[INITIAL_SLOTS][];
    private Key[] keys = new Key[INITIAL_SLOTS];
    private int size;
    /** By item position in the previous answer: the name there (an instance of {@link #names}) and its key. */
    private byte[][] namesAt = new byte[INITIAL_SLOTS / 2][];
    private Key[] keysAt = new Key[INITIAL_SLOTS / 2];

    SeriesKeys(ConnectedRelay relay) {
        this.relay = relay;
    }

    /**
     * The key of the item whose collector is {@code line[start, dash)} and stat {@code line[dash + 1, colon)}.
     */
    Key key(byte[] line, int start, int dash, int colon) {
        return key(line, start, dash, colon, -1);
    }

    /**
     * {@link #key(byte[], int, int, int)} for the item at {@code position} (0 for an answer's first item, and so on;
     * negative: unknown): when the previous answer had the same name there, its key without a hash lookup.
     */
    Key key(byte[] line, int start, int dash, int colon, int position) {
        Map<String, ExposedCollector> collectors = relay.collectors();
        if (collectors != builtFor) {
            clear();
            builtFor = collectors;
        }
        if (position >= 0 && position < namesAt.length) {
            byte[] name = namesAt[position];
            if (name != null && Arrays.equals(name, 0, name.length, line, start, colon)) {
                return keysAt[position];
            }
        }
        Key key = lookUp(line, start, dash, colon);
        if (position >= 0 && position < MAX_ENTRIES && size > 0) {
            remember(position, line, start, colon, key);
        }
        return key;
    }

    /** Notes that {@code key}'s name (just looked up, so cached unless the cache started over) is at position. */
    private void remember(int position, byte[] line, int start, int colon, Key key) {
        if (position >= namesAt.length) {
            int length = Math.min(MAX_ENTRIES, Math.max(position + 1, namesAt.length * 2));
            namesAt = Arrays.copyOf(namesAt, length);
            keysAt = Arrays.copyOf(keysAt, length);
        }
        int slot = slotOf(line, start, colon);
        if (slot >= 0 && keys[slot] == key) {
            namesAt[position] = names[slot];
            keysAt[position] = key;
        }
    }

    /** The slot holding the name {@code line[start, end)}, or -1. */
    private int slotOf(byte[] line, int start, int end) {
        int mask = names.length - 1;
        for (int slot = hash(line, start, end) & mask; ; slot = (slot + 1) & mask) {
            byte[] name = names[slot];
            if (name == null) {
                return -1;
            }
            if (Arrays.equals(name, 0, name.length, line, start, end)) {
                return slot;
            }
        }
    }

    private Key lookUp(byte[] line, int start, int dash, int colon) {
        int hash = hash(line, start, colon);
        int mask = names.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            byte[] name = names[slot];
            if (name == null) {
                return add(slot, line, start, dash, colon);
            }
            if (Arrays.equals(name, 0, name.length, line, start, colon)) {
                return keys[slot];
            }
        }
    }

    private Key add(int slot, byte[] line, int start, int dash, int colon) {
        String collector = new String(line, start, dash - start, StandardCharsets.UTF_8);
        String stat = new String(line, dash + 1, colon - dash - 1, StandardCharsets.UTF_8);
        Tags tags = relay.sampleTags(collector);
        if (size >= MAX_ENTRIES) {
            clear();
            return new Key(stat, tags);  // next time it is cached afresh
        }
        // kept for the connection's life: the interned copy, which the fleet's other relays share (see ExposedCollector.of)
        Key key = new Key(stat.intern(), tags);
        names[slot] = Arrays.copyOfRange(line, start, colon);
        keys[slot] = key;
        if (++size * 2 > names.length) {
            grow();
        }
        return key;
    }

    private void grow() {
        byte[][] oldNames = names;
        Key[] oldKeys = keys;
        names = new byte[oldNames.length * 2][];
        keys = new Key[oldNames.length * 2];
        int mask = names.length - 1;
        for (int i = 0; i < oldNames.length; i++) {
            byte[] name = oldNames[i];
            if (name != null) {
                int slot = hash(name, 0, name.length) & mask;
                while (names[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                names[slot] = name;
                keys[slot] = oldKeys[i];
            }
        }
    }

    private void clear() {
        if (size > 0) {
            names = new byte[INITIAL_SLOTS][];
            keys = new Key[INITIAL_SLOTS];
            size = 0;
            Arrays.fill(namesAt, null);
            Arrays.fill(keysAt, null);
        }
    }

    int size() {
        return size;
    }

    private static int hash(byte[] bytes, int from, int to) {
        int h = 1;
        for (int i = from; i < to; i++) {
            h = 31 * h + bytes[i];
        }
        return h ^ (h >>> 16);
    }
}
