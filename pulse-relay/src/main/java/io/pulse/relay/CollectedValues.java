package io.pulse.relay;

import io.pulse.protocol.CollectorNames;
import io.pulse.protocol.GotLine;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The values of some collectors gathered in one round, and their two renderings: the {@code got} line sent to
 * the server and the entries of {@link Relay#info()}.
 *
 * <p>Gathering asks every collector at once and waits for all of them up to one shared deadline; a collector that
 * throws or does not answer in time is left out (and logged), the others are kept. Immutable once gathered.
 */
final class CollectedValues {

    private static final System.Logger LOG = System.getLogger(CollectedValues.class.getName());

    private final Map<CollectorEntry, Map<String, Double>> values;

    private CollectedValues(Map<CollectorEntry, Map<String, Double>> values) {
        this.values = values;
    }

    /**
     * @param entries collectors to ask, in the order their values should appear
     * @param timeout how long to wait for all of them together
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    static CollectedValues gather(List<CollectorEntry> entries, Duration timeout) throws InterruptedException {
        List<CompletableFuture<Map<String, Double>>> pending = new ArrayList<>(entries.size());
        for (CollectorEntry entry : entries) {
            pending.add(entry.values());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<CollectorEntry, Map<String, Double>> gathered = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            CollectorEntry entry = entries.get(i);
            try {
                long left = Math.max(deadline - System.nanoTime(), 0);
                gathered.put(entry, pending.get(i).get(left, TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                LOG.log(Level.WARNING, "collector \"" + entry.name() + "\" failed; its values are skipped this time",
                        e.getCause());
            } catch (TimeoutException e) {
                LOG.log(Level.WARNING, "collector \"" + entry.name() + "\" did not answer within " + timeout
                        + "; its values are skipped this time");
            }
        }
        return new CollectedValues(gathered);
    }

    /**
     * The answer to {@code get}: {@code got <collector>-<name>:<value>,...} without its terminator ({@link GotLine}),
     * items in collector order and, within a set collector, sorted by name; a point collector's item is
     * {@code <collector>-<collector>}. Values that are not finite and entry names the server could not parse are
     * left out. Null when no item is left: the relay then answers nothing, as the original did.
     */
    String gotLine() {
        GotLine.Writer got = new GotLine.Writer();
        for (Map.Entry<CollectorEntry, Map<String, Double>> collected : values.entrySet()) {
            String collector = collected.getKey().name();
            for (Map.Entry<String, Double> value : sorted(collector, collected.getValue()).entrySet()) {
                String stat = value.getKey().isEmpty() ? collector : value.getKey();
                if (!CollectorNames.isValidStat(stat)) {
                    LOG.log(Level.WARNING, "collector \"" + collector + "\" returned the entry name \"" + stat
                            + "\", which cannot contain - : , or line breaks; skipped");
                    continue;
                }
                double number = value.getValue();
                if (!Double.isFinite(number)) {
                    LOG.log(Level.DEBUG, () -> "collector \"" + collector + "\" returned " + number + " for \"" + stat
                            + "\"; not a finite number, not sent");
                    continue;
                }
                got.add(collector, stat, number);
            }
        }
        return got.isEmpty() ? null : got.line();
    }

    /**
     * Adds the values as {@link Relay#info()} names them: {@code <collector>} for a point (or a set entry with the
     * empty name), {@code <collector>-<name>} for a set entry. Every value is kept, finite or not.
     */
    void putInfo(Map<String, Double> info) {
        values.forEach((entry, collected) -> sorted(entry.name(), collected).forEach((key, value) ->
                info.put(key.isEmpty() ? entry.name() : entry.name() + "-" + key, value)));
    }

    /** The entries sorted by name, without null names or values (logged: they are the collector's bug). */
    private static Map<String, Double> sorted(String collector, Map<String, Double> collected) {
        Map<String, Double> sorted = new TreeMap<>();
        collected.forEach((key, value) -> {
            if (key == null || value == null) {
                LOG.log(Level.WARNING, "collector \"" + collector + "\" returned a null name or value (" + key
                        + "=" + value + "); skipped");
            } else {
                sorted.put(key, value);
            }
        });
        return sorted;
    }
}
