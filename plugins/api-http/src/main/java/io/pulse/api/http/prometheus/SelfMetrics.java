package io.pulse.api.http.prometheus;

import io.pulse.spi.frontend.MetricValue;
import io.pulse.spi.metrics.MetricFamily;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The server's own metrics ({@link io.pulse.spi.frontend.FrontEndContext#typedMetrics()}) as Prometheus text, for
 * {@code GET /metrics}. Names follow Prometheus' conventions: {@code pulse_} in front, dots become underscores,
 * counters end in {@code _total}, units are in the name ({@code jvm.uptime.ms} becomes
 * {@code pulse_jvm_uptime_seconds} in seconds, the heap gauges end in {@code _bytes}). Each family has its
 * {@code # HELP} (the kernel's known metrics are described; others say their dotted name) and {@code # TYPE}.
 * Stateless and thread-safe.
 */
public final class SelfMetrics {

    /** The prefix of every name. */
    public static final String PREFIX = "pulse_";

    /** What the kernel's metrics mean, by dotted name; a metric not listed gets a generic help text. */
    private static final Map<String, String> HELP = Map.ofEntries(
        Map.entry("relays.connected", "Relays connected now."),
        Map.entry("relays.accepted", "Relays that identified themselves and were accepted."),
        Map.entry("relays.rejected", "Relays refused at identification."),
        Map.entry("relays.timed_out", "Connections closed for not identifying in time."),
        Map.entry("relays.replaced", "Relays replaced by a newer connection with the same id."),
        Map.entry("relays.stalled", "Relays disconnected for not reading what was sent to them."),
        Map.entry("relays.disconnected", "Relays that disconnected."),
        Map.entry("relays.auth_refused", "Relays refused for a missing or wrong relay token."),
        Map.entry("relays.id_refused", "Relays refused because their id is not in the allow-list."),
        Map.entry("relays.tls_refused", "Connections to the TLS relay listener whose TLS handshake failed."),
        Map.entry("relays.max_relays_refused", "Relays refused because --max-relays relays were connected already."),
        Map.entry("relays.max_collectors_refused",
            "Relays closed for adding a collector beyond --max-collectors-per-relay."),
        Map.entry("relays.max_line_rate_refused", "Relays closed for sending lines faster than --max-lines-per-second."),
        Map.entry("connections.accepted", "TCP connections accepted on the relay port."),
        Map.entry("polls.sent", "Poll requests (get) sent to relays."),
        Map.entry("polls.override.sent", "Poll requests sent for a poll override."),
        Map.entry("answers.received", "Poll answers (got) received from relays."),
        Map.entry("answers.sink_failures", "Poll answers the ingestion pipeline failed to take."),
        Map.entry("items.accepted", "Answer items accepted as samples."),
        Map.entry("items.rejected", "Answer items rejected (bad name or value)."),
        Map.entry("lines.unknown", "Relay lines with an unknown command."),
        Map.entry("lines.invalid", "Relay lines that could not be parsed."),
        Map.entry("lines.too_long", "Relay lines over the length limit."),
        Map.entry("flushes.sent", "Flush commands sent to relays."),
        Map.entry("overrides.started", "Poll overrides started."),
        Map.entry("overrides.active", "Poll overrides in force now."),
        Map.entry("samples.ingested", "Samples taken in by the ingestion pipeline."),
        Map.entry("batches.ingested", "Sample batches taken in by the ingestion pipeline."),
        Map.entry("storage.queue.depth", "Batches waiting to be written to storage."),
        Map.entry("storage.batches.dropped", "Batches dropped because the storage queue was full."),
        Map.entry("storage.samples.dropped", "Samples dropped because the storage queue was full."),
        Map.entry("storage.writes", "Storage writes that succeeded."),
        Map.entry("storage.samples.written", "Samples written to storage."),
        Map.entry("storage.write.failures", "Storage writes that failed."),
        Map.entry("storage.samples.lost", "Samples lost to failed storage writes."),
        Map.entry("storage.writes.partial", "Storage writes that refused some samples."),
        Map.entry("storage.samples.refused", "Samples the storage refused."),
        Map.entry("subscribers.active", "Sample subscribers (live streams, alert engines, publishers) now."),
        Map.entry("subscribers.dropped", "Samples dropped for subscribers too slow to take them."),
        Map.entry("subscribers.failures", "Subscriber calls that threw."),
        Map.entry("scheduler.runs.skipped", "Scheduled runs skipped because the previous one was still running."),
        Map.entry("scheduler.runs.failed", "Scheduled runs that failed."),
        Map.entry("jvm.heap.used", "JVM heap in use."),
        Map.entry("jvm.heap.committed", "JVM heap committed by the operating system."),
        Map.entry("jvm.heap.max", "Largest JVM heap allowed."),
        Map.entry("jvm.uptime.ms", "Time since the server started."));

    private SelfMetrics() {
    }

    /** The exposition of {@code metrics}, one family per metric, in the given order. */
    public static String render(List<MetricValue> metrics) {
        return render(metrics, List.of());
    }

    /**
     * The exposition of {@code metrics}, one family per metric, in the given order, then {@code families}
     * (histograms, labelled and plugins' metrics, named already), each with its samples. A family whose name is taken
     * by one before it is left out with a comment.
     */
    public static String render(List<MetricValue> metrics, List<MetricFamily> families) {
        PrometheusText out = new PrometheusText();
        Set<String> written = new HashSet<>();
        for (MetricValue metric : metrics) {
            String name = name(metric);
            if (!written.add(name)) {
                // Two dotted names that sanitise alike (e.g. a.b and a_b): a family may appear only once.
                out.comment("pulse: " + metric.name() + " left out: its name " + name + " is taken");
                continue;
            }
            out.family(name, type(metric.kind()), help(metric.name()));
            out.sample(name, value(metric));
        }
        for (MetricFamily family : families) {
            String name = PrometheusText.metricName(family.name());
            if (!written.add(name)) {
                out.comment("pulse: metric family " + family.name() + " left out: its name is taken");
                continue;
            }
            out.family(name, family.type().name().toLowerCase(Locale.ROOT), family.help());
            for (MetricFamily.Sample sample : family.samples()) {
                Map<String, String> labels = new LinkedHashMap<>();
                sample.labels().forEach((label, value) -> labels.put(PrometheusText.labelName(label), value));
                out.sample(PrometheusText.metricName(sample.name()), labels, sample.value());
            }
        }
        return out.text();
    }

    /** The Prometheus name of a metric. */
    public static String name(MetricValue metric) {
        String base = metric.name();
        String unit = "";
        if (base.endsWith(".ms")) {
            base = base.substring(0, base.length() - ".ms".length());
            unit = "_seconds";
        } else if (base.startsWith("jvm.heap.") && !base.endsWith(".bytes")) {
            unit = "_bytes";
        }
        String name = PrometheusText.metricName(PREFIX + base.replace('.', '_') + unit);
        return metric.kind() == MetricValue.Kind.COUNTER && !name.endsWith("_total") ? name + "_total" : name;
    }

    private static double value(MetricValue metric) {
        return metric.name().endsWith(".ms") ? metric.value() / 1000.0 : metric.value();
    }

    private static String type(MetricValue.Kind kind) {
        return switch (kind) {
            case COUNTER -> "counter";
            case GAUGE -> "gauge";
            case UNTYPED -> "untyped";
        };
    }

    private static String help(String dottedName) {
        String known = HELP.get(dottedName);
        return known != null ? known : "Pulse metric " + dottedName + ".";
    }
}
