package io.pulse.alert.kapacitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulse.spi.Durations;
import io.pulse.spi.Health;
import io.pulse.spi.Scheduler;
import io.pulse.spi.alert.AlertBackend;
import io.pulse.spi.alert.AlertBackendException;
import io.pulse.spi.alert.AlertNotFoundException;
import io.pulse.spi.alert.AlertRule;
import io.pulse.spi.metrics.PluginMetrics;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Pulse's alerts as Kapacitor batch tasks: create = {@code POST} of a task {@code pulse-<id>}, update = {@code PATCH}
 * of that task, delete = {@code DELETE} after a {@code GET} (Kapacitor answers 204 for unknown ids too), get and list
 * read the definition kept in the task's vars ({@link KapacitorDefinition}).
 *
 * <p>Kapacitor being unreachable never stops Pulse: {@link #start()} pings once and then every retry interval on the
 * kernel's scheduler; health is DOWN with the reason until a ping (or any call) succeeds. Calls are always tried, so
 * an alert operation works as soon as Kapacitor is back; while it is not, they fail as unavailable (503).
 *
 * <p>Thread-safe: the health is a volatile snapshot; the client is thread-safe; nothing else is mutable.
 */
final class KapacitorAlertBackend implements AlertBackend {

    private static final System.Logger LOG = System.getLogger(KapacitorAlertBackend.class.getName());

    private final KapacitorSettings settings;
    private final Scheduler scheduler;
    private final ObjectMapper json = new ObjectMapper();
    private final KapacitorClient client;
    private volatile Health health = Health.down("not started");
    private volatile Scheduler.Scheduled pinger;
    private volatile boolean closed;

    KapacitorAlertBackend(KapacitorSettings settings, Scheduler scheduler) {
        this(settings, scheduler, PluginMetrics.discarding());
    }

    /** @param metrics where failed calls to Kapacitor are counted */
    KapacitorAlertBackend(KapacitorSettings settings, Scheduler scheduler, PluginMetrics metrics) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.client = new KapacitorClient(settings, json, metrics);
    }

    @Override
    public void start() {
        ping();
        if (!health.isUp()) {
            LOG.log(System.Logger.Level.WARNING, "{0}; alerts answer 503 until it is back", health.detail());
        }
        pinger = scheduler.every("kapacitor-ping", settings.retryInterval(), settings.retryInterval(), this::ping);
    }

    /** One health probe; never throws (a scheduled run must not fail for an expected outage). */
    void ping() {
        if (closed) {
            return;
        }
        try {
            String version = client.ping();
            boolean wasDown = !health.isUp();
            health = Health.up("Kapacitor " + version + " at " + settings.address());
            if (wasDown) {
                LOG.log(System.Logger.Level.INFO, "Kapacitor {0} at {1} is reachable", version, settings.address());
            }
        } catch (AlertBackendException e) {
            markDown(e);
        }
    }

    @Override
    public Health health() {
        return health;
    }

    @Override
    public AlertRule create(AlertRule rule) {
        String id = rule.id() == null ? UUID.randomUUID().toString() : rule.id();
        if (!KapacitorDefinition.isValidAlertId(id)) {
            throw new AlertBackendException(KapacitorDefinition.invalidIdMessage(id));
        }
        AlertRule saved = rule.withId(id);
        ObjectNode task = json.createObjectNode();
        task.put("id", KapacitorDefinition.taskId(id));
        task.put("type", "batch");
        task.set("dbrps", dbrps());
        task.put("script", script(saved));
        task.put("status", "enabled");
        task.set("vars", KapacitorDefinition.vars(saved, json));
        run(() -> {
            client.create(task);
            return null;
        });
        return saved;
    }

    @Override
    public AlertRule update(AlertRule rule) {
        if (rule.id() == null || !KapacitorDefinition.isValidAlertId(rule.id())) {
            throw new AlertNotFoundException(String.valueOf(rule.id()));
        }
        ObjectNode changes = json.createObjectNode();
        changes.set("dbrps", dbrps());
        changes.put("script", script(rule));
        changes.set("vars", KapacitorDefinition.vars(rule, json));
        if (!run(() -> client.patch(KapacitorDefinition.taskId(rule.id()), changes))) {
            throw new AlertNotFoundException(rule.id());
        }
        return rule;
    }

    @Override
    public void delete(String id) {
        if (get(id).isEmpty()) {
            throw new AlertNotFoundException(id);
        }
        run(() -> {
            client.delete(KapacitorDefinition.taskId(id));
            return null;
        });
    }

    @Override
    public Optional<AlertRule> get(String id) {
        if (!KapacitorDefinition.isValidAlertId(id)) {
            return Optional.empty();
        }
        return run(() -> client.get(KapacitorDefinition.taskId(id)))
            .flatMap(task -> KapacitorDefinition.read(task, json));
    }

    @Override
    public List<AlertRule> list() {
        List<JsonNode> tasks = run(() -> client.list(KapacitorDefinition.TASK_PREFIX + "*"));
        // Offset paging may show a task twice when another is created meanwhile: keep one per id.
        Map<String, AlertRule> rules = new TreeMap<>();
        for (JsonNode task : tasks) {
            KapacitorDefinition.read(task, json).ifPresent(rule -> rules.put(rule.id(), rule));
        }
        return rules.values().stream().sorted(Comparator.comparing(AlertRule::id)).toList();
    }

    private com.fasterxml.jackson.databind.node.ArrayNode dbrps() {
        com.fasterxml.jackson.databind.node.ArrayNode dbrps = json.createArrayNode();
        dbrps.addObject().put("db", settings.database()).put("rp", settings.policy());
        return dbrps;
    }

    private String script(AlertRule rule) {
        return KapacitorScript.of(rule, settings.database(), settings.policy(), settings.log());
    }

    /** Runs a call to Kapacitor, keeping the health in step with what the call found. */
    private <T> T run(Supplier<T> call) {
        try {
            T result = call.get();
            if (!health.isUp() && !closed) {
                health = Health.up("Kapacitor at " + settings.address());
            }
            return result;
        } catch (AlertBackendException e) {
            if (e.unavailable()) {
                markDown(e);
            }
            throw e;
        }
    }

    private void markDown(AlertBackendException e) {
        if (closed) {
            return;
        }
        boolean wasUp = health.isUp();
        health = Health.down(e.getMessage() + " (retrying every " + Durations.format(settings.retryInterval()) + ")");
        if (wasUp) {
            LOG.log(System.Logger.Level.WARNING, "{0}", health.detail());
        }
    }

    @Override
    public void close() {
        closed = true;
        Scheduler.Scheduled running = pinger;
        if (running != null) {
            running.cancel();
        }
        health = Health.down("closed");
        client.close();
    }
}
