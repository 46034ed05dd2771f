package io.pulse.alert.builtin.store;

import io.pulse.alert.builtin.engine.AlertEngine;
import io.pulse.alert.builtin.engine.FiringSeries;
import io.pulse.alert.builtin.engine.Level;
import io.pulse.alert.builtin.json.JsonReader;
import io.pulse.alert.builtin.json.JsonWriter;
import io.pulse.spi.alert.AlertLevel;
import io.pulse.spi.alert.AlertOperator;
import io.pulse.spi.alert.AlertRule;
import io.pulse.spi.stats.Tags;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerts file, {@code <data-dir>/builtin/alerts.json}: every definition and the series firing when it was
 * written. One alert per line, so an operator can read and diff it:
 *
 * <pre>{@code
 * {"format":1,"alerts":[
 * {"id":"cpu-high","metric":"cpu_used","tags":{"host":"web1"},"level":"crit","operator":"gt","threshold":0.5,
 *  "duration":"PT5S","post":"http://127.0.0.1:9000/hook",
 *  "firing":[{"tags":{"host":"web1"},"level":"CRITICAL","since":"2025-01-01T00:00:00Z"}]}
 * ]}
 * }</pre>
 *
 * <p>Written atomically: the whole file goes to {@code alerts.json.tmp}, is forced to disk, then renamed over the old
 * one with {@code ATOMIC_MOVE} and the directory is forced, so a crash leaves the old or the new file, never a mix.
 * A file that cannot be parsed is reported with its name and the place of the fault ({@link CorruptAlertFileException})
 * and start-up stops: silently starting without the operator's alerts would be worse than not starting.
 *
 * <p>Thread-safe: {@link #save} is serialised and skips a snapshot older than the one already written, so the
 * evaluation thread and HTTP threads may save concurrently in any order.
 */
public final class AlertFile {

    public static final String NAME = "alerts.json";
    static final int FORMAT = 1;

    private final Path file;
    private final Path tmp;
    private long writtenVersion = -1;

    public AlertFile(Path dataDir) {
        this.file = dataDir.resolve(NAME);
        this.tmp = dataDir.resolve(NAME + ".tmp");
    }

    public Path path() {
        return file;
    }

    /**
     * Reads the file; no file means no alerts (a first start).
     *
     * @throws CorruptAlertFileException when the file exists but is not a valid alerts file
     */
    public List<AlertEngine.Snapshot.Alert> read() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return parse(text);
        } catch (JsonReader.JsonException | IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new CorruptAlertFileException("the alerts file " + file + " is damaged: " + e.getMessage()
                + ". Repair it, or move it aside to start without alerts (they must then be created again)", e);
        }
    }

    /** Writes {@code snapshot} unless a newer one was written already. */
    public synchronized void save(AlertEngine.Snapshot snapshot) throws IOException {
        if (snapshot.version() <= writtenVersion) {
            return;
        }
        byte[] bytes = format(snapshot).getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory();
        writtenVersion = snapshot.version();
    }

    /** Makes the rename durable; file systems that cannot open a directory for sync need nothing more. */
    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException unsupported) {
            // Some platforms (Windows) cannot open a directory; their rename is durable by itself.
        }
    }

    static String format(AlertEngine.Snapshot snapshot) {
        JsonWriter w = new JsonWriter();
        w.beginObject().name("format").value(FORMAT).name("alerts").beginArray();
        for (AlertEngine.Snapshot.Alert alert : snapshot.alerts()) {
            AlertRule r = alert.rule();
            w.raw("\n").beginObject()
                .name("id").value(r.id())
                .name("metric").value(r.metric())
                .name("tags").object(r.tags())
                .name("level").value(r.level().id())
                .name("operator").value(r.operator().id())
                .name("threshold").value(r.threshold())
                .name("duration").value(r.duration().toString())
                .name("post").value(r.post())
                .name("firing").beginArray();
            for (FiringSeries f : alert.firing()) {
                w.beginObject()
                    .name("tags").object(f.tags().asMap())
                    .name("level").value(f.level().name())
                    .name("since").value(Instant.ofEpochMilli(f.sinceMillis()).toString())
                    .endObject();
            }
            w.endArray().endObject();
        }
        return w.raw("\n").endArray().endObject().raw("\n").toString();
    }

    static List<AlertEngine.Snapshot.Alert> parse(String text) {
        Map<String, Object> root = object(JsonReader.parse(text), "the document");
        Object format = root.get("format");
        if (!(format instanceof Double d) || d != FORMAT) {
            throw new IllegalArgumentException("unknown format " + format + " (this version reads format " + FORMAT + ")");
        }
        List<AlertEngine.Snapshot.Alert> out = new ArrayList<>();
        int index = 0;
        for (Object element : list(root.get("alerts"), "alerts")) {
            String where = "alerts[" + index++ + "]";
            Map<String, Object> a = object(element, where);
            try {
                AlertRule rule = new AlertRule(
                    text(a, "id"), text(a, "metric"), stringMap(a.get("tags"), "tags"),
                    AlertLevel.parse(text(a, "level")), AlertOperator.parse(text(a, "operator")),
                    number(a, "threshold"), duration(text(a, "duration")), text(a, "post"));
                List<FiringSeries> firing = new ArrayList<>();
                for (Object f : list(a.get("firing"), "firing")) {
                    Map<String, Object> s = object(f, "a firing series");
                    firing.add(new FiringSeries(Tags.of(stringMap(s.get("tags"), "tags")),
                        Level.valueOf(text(s, "level")), instant(text(s, "since"))));
                }
                out.add(new AlertEngine.Snapshot.Alert(rule, firing));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException(where + " (id " + a.get("id") + "): " + e.getMessage(), e);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException(what + " must be a JSON object");
    }

    private static List<?> list(Object value, String what) {
        if (value instanceof List<?> list) {
            return list;
        }
        throw new IllegalArgumentException("'" + what + "' must be a JSON array");
    }

    private static String text(Map<String, Object> map, String key) {
        if (map.get(key) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("'" + key + "' must be a string");
    }

    private static double number(Map<String, Object> map, String key) {
        if (map.get(key) instanceof Double d) {
            return d;
        }
        throw new IllegalArgumentException("'" + key + "' must be a number");
    }

    private static Map<String, String> stringMap(Object value, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : object(value, "'" + what + "'").entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new IllegalArgumentException("'" + what + "' values must be strings");
            }
            out.put(e.getKey(), s);
        }
        return out;
    }

    private static Duration duration(String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'duration' must be an ISO-8601 duration such as PT5S, got '" + text + "'");
        }
    }

    private static long instant(String text) {
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'since' must be an RFC 3339 time, got '" + text + "'");
        }
    }
}
