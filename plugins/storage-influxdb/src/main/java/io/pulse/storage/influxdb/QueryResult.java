package io.pulse.storage.influxdb;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * InfluxDB 1.x's answer to {@code POST /query} (without {@code chunked}):
 * <pre>
 * {"results":[{"statement_id":0,"series":[{"name":"cpu","tags":{"host":"a"},"columns":["time","value"],
 *   "values":[[1700000000000,0.5]]}]},{"statement_id":1,"error":"database not found: x"}]}
 * </pre>
 * or {@code {"error":"..."}} for the whole request. One {@link Result} per statement, in order.
 *
 * <p>Values are what the JSON holds: {@link Double} for every number (times included, as epoch milliseconds; a
 * double holds them exactly), {@link String}, {@link Boolean} or null, as influxdb-java's Moshi decoding gave them.
 * Read with Jackson's tree model, so the plugin needs no reflective access for it.
 *
 * @param results one per statement (empty when the answer had none)
 * @param error   the request's error, or null
 */
record QueryResult(List<Result> results, String error) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One statement's outcome.
     *
     * @param series what it returned (empty for statements without rows, e.g. DDL)
     * @param error  InfluxDB's error for this statement (HTTP 200 all the same), or null
     */
    record Result(List<Series> series, String error) {
    }

    /**
     * One series of a result.
     *
     * @param name    the measurement (or, for {@code SHOW CONTINUOUS QUERIES}, the database)
     * @param tags    the series' tags with {@code GROUP BY}, else empty
     * @param columns column names, {@code time} first for selections
     * @param values  the rows, one value per column
     */
    record Series(String name, Map<String, String> tags, List<String> columns, List<List<Object>> values) {
    }

    /**
     * Reads an answer.
     *
     * @throws IllegalArgumentException when {@code json} is not such an answer (e.g. a proxy's HTML page)
     */
    static QueryResult parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a JSON answer: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        List<Result> results = new ArrayList<>();
        for (JsonNode result : root.path("results")) {
            List<Series> series = new ArrayList<>();
            for (JsonNode s : result.path("series")) {
                series.add(series(s));
            }
            results.add(new Result(Collections.unmodifiableList(series), text(result.get("error"))));
        }
        return new QueryResult(Collections.unmodifiableList(results), text(root.get("error")));
    }

    private static Series series(JsonNode node) {
        Map<String, String> tags = new LinkedHashMap<>();
        node.path("tags").properties().forEach(tag -> tags.put(tag.getKey(), text(tag.getValue())));
        List<String> columns = new ArrayList<>();
        for (JsonNode column : node.path("columns")) {
            columns.add(column.asText());
        }
        List<List<Object>> values = new ArrayList<>();
        for (JsonNode row : node.path("values")) {
            List<Object> cells = new ArrayList<>(row.size());
            for (JsonNode cell : row) {
                cells.add(value(cell));
            }
            values.add(Collections.unmodifiableList(cells));
        }
        return new Series(text(node.get("name")), Collections.unmodifiableMap(tags), Collections.unmodifiableList(columns),
            Collections.unmodifiableList(values));
    }

    private static Object value(JsonNode cell) {
        if (cell.isNumber()) {
            return cell.doubleValue();
        }
        if (cell.isTextual()) {
            return cell.textValue();
        }
        if (cell.isBoolean()) {
            return cell.booleanValue();
        }
        return cell.isNull() ? null : cell.toString();
    }

    /** A string node's text; null for a missing or null node. */
    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
