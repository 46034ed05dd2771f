package io.pulse.api.http.routes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.api.http.json.Json;
import io.pulse.spi.Durations;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a poll override body, {@code {"duration":"10m","collectors":{"cpu_used":5,"ram_used":"30s"}}}: how long it
 * lasts (a duration literal, or whole seconds) and each collector's poll interval (whole seconds, or a duration
 * literal of whole seconds), at least one collector. Stateless.
 *
 * @param duration   how long the override lasts, positive
 * @param collectors collector name to interval
 */
record OverrideRequest(Duration duration, Map<String, Duration> collectors) {

    /**
     * Parses and validates a body.
     *
     * @throws ApiException 400 naming the field and what is accepted
     */
    static OverrideRequest parse(byte[] body, Json json) {
        JsonNode root;
        try {
            root = json.read(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(AlertRequest.BAD_JSON + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest(AlertRequest.BAD_JSON + ": expected a JSON object such as"
                + " {\"duration\":\"10m\",\"collectors\":{\"cpu_used\":5}}");
        }
        Duration duration = seconds("duration", root.get("duration"));
        JsonNode collectors = root.get("collectors");
        if (collectors == null || !collectors.isObject() || collectors.isEmpty()) {
            throw ApiException.badRequest("'collectors' is required: an object of collector names to poll intervals"
                + " in seconds, e.g. {\"cpu_used\":5}");
        }
        Map<String, Duration> intervals = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : collectors.properties()) {
            if (e.getKey().isEmpty()) {
                throw ApiException.badRequest("'collectors' has an empty collector name");
            }
            intervals.put(e.getKey(), seconds("collectors." + e.getKey(), e.getValue()));
        }
        return new OverrideRequest(duration, intervals);
    }

    /** A positive whole number of seconds, written as a number or as a duration literal. */
    private static Duration seconds(String field, JsonNode node) {
        if (node == null || node.isNull()) {
            throw ApiException.badRequest("'" + field + "' is required: whole seconds (e.g. 600) or a duration such as"
                + " \"10m\"");
        }
        Duration d;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            d = Duration.ofSeconds(node.longValue());
        } else if (node.isTextual()) {
            try {
                d = Durations.parse(node.textValue());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("'" + field + "': " + e.getMessage());
            }
        } else {
            throw ApiException.badRequest("'" + field + "' must be whole seconds (e.g. 5) or a duration such as \"30s\","
                + " got " + node);
        }
        if (d.isNegative() || d.isZero() || d.toNanosPart() != 0) {
            throw ApiException.badRequest("'" + field + "' must be a positive whole number of seconds, got " + node);
        }
        return d;
    }
}
