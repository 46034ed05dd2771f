package io.pulse.api.http.routes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.api.http.json.Json;
import io.pulse.spi.Durations;
import io.pulse.spi.alert.AlertLevel;
import io.pulse.spi.alert.AlertOperator;
import io.pulse.spi.alert.AlertRule;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads an alert body as the original accepted it, validated:
 * {@code {"id":..,"tags":{"host":"abcd"},"metric":"cpu_used","level":"crit","operator":"gt","threshold":"80",
 * "duration":"30s","post":"http://127.0.0.1/alert"}}. {@code metric}, {@code post} and {@code threshold} (a number or
 * a numeric string) are required; {@code level} defaults to {@code crit}, {@code duration} to {@code 5m},
 * {@code operator} to {@code gt}. Unknown fields are ignored, as the original ignored them. Stateless.
 */
final class AlertRequest {

    /** The original's message for a body that is not JSON (kept as the start of ours). */
    static final String BAD_JSON = "Bad JSON syntax received in body";
    /** The original's message for a missing required field (kept as the start of ours). */
    static final String MISSING = "Missing value in payload";

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private AlertRequest() {
    }

    /**
     * Parses and validates a body into a rule ({@code id} null when the body has none).
     *
     * @throws ApiException 400 naming the field and what is accepted
     */
    static AlertRule parse(byte[] body, Json json) {
        JsonNode root;
        try {
            root = json.read(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(BAD_JSON + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest(BAD_JSON + ": expected a JSON object such as"
                + " {\"metric\":\"cpu_used\",\"threshold\":80,\"post\":\"http://127.0.0.1/alert\"}");
        }
        String id = optionalText(root, "id");
        String metric = requiredText(root, "metric");
        String post = requiredText(root, "post");
        double threshold = threshold(root.get("threshold"));
        AlertLevel level = parseOr(optionalText(root, "level"), AlertLevel.CRIT, "level", AlertLevel::parse);
        AlertOperator operator = parseOr(optionalText(root, "operator"), AlertOperator.GT, "operator",
            AlertOperator::parse);
        Duration duration = duration(optionalText(root, "duration"));
        checkPost(post);
        return new AlertRule(id == null || id.isEmpty() ? null : id, metric, tags(root.get("tags")), level, operator,
            threshold, duration, post);
    }

    private static String requiredText(JsonNode root, String field) {
        String value = optionalText(root, field);
        if (value == null || value.isEmpty()) {
            throw ApiException.badRequest(MISSING + ": '" + field + "' is required");
        }
        return value;
    }

    private static String optionalText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiException.badRequest("'" + field + "' must be a string, got " + kind(node));
        }
        return node.textValue();
    }

    private static double threshold(JsonNode node) {
        if (node == null || node.isNull() || (node.isTextual() && node.textValue().isBlank())) {
            throw ApiException.badRequest(MISSING + ": 'threshold' is required (a number, or a numeric string)");
        }
        double value;
        if (node.isNumber()) {
            value = node.doubleValue();
        } else if (node.isTextual() && NUMBER.matcher(node.textValue().strip()).matches()) {
            value = Double.parseDouble(node.textValue().strip());
        } else {
            throw ApiException.badRequest("'threshold' must be a number or a numeric string such as \"80\", got "
                + (node.isTextual() ? "'" + node.textValue() + "'" : kind(node)));
        }
        if (!Double.isFinite(value)) {
            throw ApiException.badRequest("'threshold' must be a finite number, got " + node);
        }
        return value;
    }

    private static Duration duration(String text) {
        if (text == null || text.isEmpty()) {
            return Duration.ofMinutes(5);
        }
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("'duration': " + e.getMessage());
        }
        if (d.isZero()) {
            throw ApiException.badRequest("'duration' must be positive, got '" + text + "'");
        }
        return d;
    }

    private static Map<String, String> tags(JsonNode node) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return tags;
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("'tags' must be an object of tag names to values, e.g. {\"host\":\"abcd\"},"
                + " got " + kind(node));
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getKey().isEmpty()) {
                throw ApiException.badRequest("'tags' has an empty tag name");
            }
            if (!e.getValue().isTextual()) {
                throw ApiException.badRequest("'tags." + e.getKey() + "' must be a string, got " + kind(e.getValue()));
            }
            tags.put(e.getKey(), e.getValue().textValue());
        }
        return tags;
    }

    private static void checkPost(String post) {
        try {
            URI uri = new URI(post);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw ApiException.badRequest("'post' must be an http or https URL such as http://127.0.0.1/alert, got '"
            + post + "'");
    }

    private static <T> T parseOr(String text, T defaultValue, String field, Function<String, T> parser) {
        if (text == null || text.isEmpty()) {
            return defaultValue;
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("'" + field + "': " + e.getMessage());
        }
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case STRING -> "a string";
            default -> "null";
        };
    }
}
