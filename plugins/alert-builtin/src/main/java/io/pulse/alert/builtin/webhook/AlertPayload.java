package io.pulse.alert.builtin.webhook;

import io.pulse.alert.builtin.engine.Transition;
import io.pulse.alert.builtin.json.JsonWriter;
import io.pulse.spi.Durations;
import io.pulse.spi.alert.AlertRule;

import java.time.Instant;

/**
 * The JSON a webhook receives, shaped like the body Kapacitor POSTs for the original's TICKscript, so receivers
 * written for the original keep working:
 *
 * <pre>{@code
 * {"id":"[web1] cpu_used","message":"[web1] cpu_used is CRITICAL value:0.9",
 *  "details":"alert cpu-high: mean of cpu_used over 5s is 0.9, gt 0.5","time":"2025-01-01T00:00:05Z",
 *  "duration":0,"previousLevel":"OK","level":"CRITICAL",
 *  "data":{"series":[{"name":"cpu_used","tags":{"host":"web1"},"columns":["time","mean_cpu_used"],
 *                     "values":[["2025-01-01T00:00:05Z",0.9]]}]}}
 * }</pre>
 *
 * {@code id} is the original's {@code .id('[<tag values>] <metric>')} with the series' tag values in key order,
 * joined by {@code |}, which names the series when an alert watches several. Stateless.
 */
public final class AlertPayload {

    private AlertPayload() {
    }

    /** The Kapacitor-style id of the series in {@code change}. */
    public static String id(Transition change) {
        return "[" + String.join("|", change.series().asMap().values()) + "] " + change.rule().metric();
    }

    public static String json(Transition change) {
        AlertRule rule = change.rule();
        String id = id(change);
        String time = Instant.ofEpochMilli(change.timeMillis()).toString();
        String mean = new JsonWriter().value(change.mean()).toString();
        return new JsonWriter().beginObject()
            .name("id").value(id)
            .name("message").value(id + " is " + change.level().name() + " value:" + mean)
            .name("details").value("alert " + rule.id() + ": mean of " + rule.metric() + " over "
                + Durations.format(rule.duration()) + " is " + mean + ", " + rule.operator().id() + " " + formatNumber(rule.threshold()))
            .name("time").value(time)
            .name("duration").value(change.durationNanos())
            .name("previousLevel").value(change.previous().name())
            .name("level").value(change.level().name())
            .name("data").beginObject()
            .name("series").beginArray().beginObject()
            .name("name").value(rule.metric())
            .name("tags").object(change.series().asMap())
            .name("columns").beginArray().value("time").value("mean_" + rule.metric()).endArray()
            .name("values").beginArray().beginArray().value(time).value(change.mean()).endArray().endArray()
            .endObject().endArray()
            .endObject()
            .endObject()
            .toString();
    }

    private static String formatNumber(double value) {
        return new JsonWriter().value(value).toString();
    }
}
