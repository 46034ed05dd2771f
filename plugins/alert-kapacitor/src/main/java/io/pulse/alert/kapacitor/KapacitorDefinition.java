package io.pulse.alert.kapacitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulse.spi.Durations;
import io.pulse.spi.alert.AlertLevel;
import io.pulse.spi.alert.AlertOperator;
import io.pulse.spi.alert.AlertRule;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where an alert lives in Kapacitor, and how it is read back without parsing the script (Kapacitor reformats stored
 * scripts). The task id is {@code pulse-<alert id>}, so Pulse lists its own tasks with the pattern {@code pulse-*} and
 * never touches anyone else's; the definition is kept as JSON in the task var {@value #VAR}, a string var that
 * Kapacitor stores and returns unchanged (the script declares no such var, so Kapacitor does not use it). Stateless.
 */
final class KapacitorDefinition {

    /** The prefix of every task id Pulse creates. */
    static final String TASK_PREFIX = "pulse-";
    /** The task var holding the alert's definition. */
    static final String VAR = "pulse_alert";
    /** The version of the definition's JSON shape, for readers of later versions. */
    static final int VERSION = 1;

    /** Kapacitor's rule for task ids (letters, digits, {@code - . _}), applied to the alert id up front. */
    private static final Pattern TASK_ID = Pattern.compile("[-._\\p{L}0-9]+");

    private KapacitorDefinition() {
    }

    /** Whether {@code alertId} can be part of a Kapacitor task id. */
    static boolean isValidAlertId(String alertId) {
        return alertId != null && TASK_ID.matcher(alertId).matches();
    }

    /** Why an id is refused, for the 400 answer. */
    static String invalidIdMessage(String alertId) {
        return "alert id '" + alertId + "' cannot name a Kapacitor task: use letters, digits, '-', '.' and '_'";
    }

    static String taskId(String alertId) {
        return TASK_PREFIX + alertId;
    }

    /** The task's {@code vars}: {@code {"pulse_alert":{"type":"string","value":"<definition JSON>",...}}}. */
    static ObjectNode vars(AlertRule rule, ObjectMapper json) {
        ObjectNode definition = json.createObjectNode();
        definition.put("version", VERSION);
        definition.put("id", rule.id());
        definition.put("metric", rule.metric());
        ObjectNode tags = definition.putObject("tags");
        rule.tags().forEach(tags::put);
        definition.put("level", rule.level().id());
        definition.put("operator", rule.operator().id());
        definition.put("threshold", rule.threshold());
        definition.put("duration", Durations.format(rule.duration()));
        definition.put("post", rule.post());
        ObjectNode vars = json.createObjectNode();
        ObjectNode var = vars.putObject(VAR);
        var.put("type", "string");
        try {
            var.put("value", json.writeValueAsString(definition));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
        var.put("description", "the Pulse alert this task implements (read by Pulse; edit the alert through Pulse)");
        return vars;
    }

    /**
     * The alert a task implements, or empty when the task is not one of Pulse's (another id, no definition var, or
     * a definition this version cannot read).
     */
    static Optional<AlertRule> read(JsonNode task, ObjectMapper json) {
        String taskId = task.path("id").asText("");
        if (!taskId.startsWith(TASK_PREFIX)) {
            return Optional.empty();
        }
        JsonNode value = task.path("vars").path(VAR).path("value");
        if (!value.isTextual()) {
            return Optional.empty();
        }
        try {
            JsonNode d = json.readTree(value.textValue());
            if (d == null || d.path("version").asInt(-1) != VERSION) {
                return Optional.empty();
            }
            Map<String, String> tags = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : d.path("tags").properties()) {
                tags.put(e.getKey(), e.getValue().textValue());
            }
            JsonNode threshold = d.get("threshold");
            if (threshold == null || !threshold.isNumber()) {
                return Optional.empty();
            }
            // The task id is the authority for the alert id: it is what every later call addresses.
            return Optional.of(new AlertRule(taskId.substring(TASK_PREFIX.length()), d.path("metric").textValue(),
                tags, AlertLevel.parse(d.path("level").asText()), AlertOperator.parse(d.path("operator").asText()),
                threshold.doubleValue(), Durations.parse(d.path("duration").asText()), d.path("post").textValue()));
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
