package io.pulse.api.http.json;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Map;

/**
 * One sample as a {@code GET /live} event: {@code {"stat":"cpu_used","tags":{"host":"web1"},"time":1733400000000,
 * "value":0.25}}. The dashboard codes against exactly this shape, so the order and names are pinned.
 *
 * @param stat  the stat name
 * @param tags  the series' tags ({@code host} included), sorted by key
 * @param time  when the server received the sample, ms since the epoch
 * @param value the value
 */
@JsonPropertyOrder({"stat", "tags", "time", "value"})
public record LiveEvent(String stat, Map<String, String> tags, long time, double value) {
}
