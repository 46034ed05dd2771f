package io.pulse.relay.host;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Network bytes from {@code /proc/net/dev}, summed over every interface but loopback ({@code lo}):
 * <ul>
 *   <li>{@code rx_bytes}, {@code tx_bytes} - received and sent since boot (counters);</li>
 *   <li>{@code rx_bytes_per_second}, {@code tx_bytes_per_second} - rates since the previous reading; absent on the
 *       first reading and when a counter went backwards (an interface disappeared or was reset).</li>
 * </ul>
 * Thread-safe: readings are serialised.
 */
final class NetworkTraffic {

    /** Received and sent bytes summed over the non-loopback interfaces. */
    record Totals(long received, long sent) {

        /**
         * @param procNetDev the text of {@code /proc/net/dev}
         */
        static Totals parse(String procNetDev) {
            long received = 0;
            long sent = 0;
            for (String line : procNetDev.split("\n")) {
                int colon = line.indexOf(':');
                if (colon < 0 || line.contains("|")) {
                    continue; // the two header lines
                }
                String device = line.substring(0, colon).trim();
                if (device.equals("lo")) {
                    continue;
                }
                String[] fields = line.substring(colon + 1).trim().split("\\s+");
                if (fields.length < 9) {
                    throw new IllegalArgumentException("short /proc/net/dev line: " + line);
                }
                received += Long.parseLong(fields[0]);
                sent += Long.parseLong(fields[8]);
            }
            return new Totals(received, sent);
        }
    }

    private final ProcFs proc;
    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock();
    private Totals previous;
    private long previousNanos;

    NetworkTraffic(ProcFs proc) {
        this(proc, System::nanoTime);
    }

    NetworkTraffic(ProcFs proc, LongSupplier nanoTime) {
        this.proc = proc;
        this.nanoTime = nanoTime;
    }

    /** The totals and, from the second reading on, the rates. */
    Map<String, Double> values() {
        Totals now = Totals.parse(proc.read("net/dev"));
        long nowNanos = nanoTime.getAsLong();
        Map<String, Double> values = new HashMap<>();
        values.put("rx_bytes", (double) now.received());
        values.put("tx_bytes", (double) now.sent());
        lock.lock();
        try {
            if (previous != null && nowNanos > previousNanos) {
                double seconds = (nowNanos - previousNanos) / 1e9;
                long receivedDelta = now.received() - previous.received();
                long sentDelta = now.sent() - previous.sent();
                if (receivedDelta >= 0 && sentDelta >= 0) {
                    values.put("rx_bytes_per_second", receivedDelta / seconds);
                    values.put("tx_bytes_per_second", sentDelta / seconds);
                }
            }
            previous = now;
            previousNanos = nowNanos;
        } finally {
            lock.unlock();
        }
        return values;
    }
}
