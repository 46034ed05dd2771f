package io.pulse.api.http;

import io.pulse.spi.alert.AlertBackendException;
import io.pulse.spi.alert.AlertNotFoundException;
import io.pulse.spi.alert.AlertOperations;
import io.pulse.spi.alert.AlertRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * TEST DOUBLE of an alert backend's operations, all a front end sees of it (no alert plugin exists yet): keeps rules
 * in a map, assigns UUIDs, and can be told to refuse or to be unreachable, so the API's translation of each outcome
 * can be checked.
 */
final class InMemoryAlerts implements AlertOperations {

    final Map<String, AlertRule> rules = new ConcurrentSkipListMap<>();
    /** When set, every call throws an {@link AlertBackendException} with this message. */
    volatile String refuseWith;
    /** Whether {@link #refuseWith} means unreachable (503) rather than refused (400). */
    volatile boolean unavailable;

    @Override
    public AlertRule create(AlertRule rule) {
        check();
        if (rule.id() != null && rules.containsKey(rule.id())) {
            throw new AlertBackendException("task " + rule.id() + " already exists");
        }
        AlertRule created = rule.id() == null ? rule.withId(UUID.randomUUID().toString()) : rule;
        rules.put(created.id(), created);
        return created;
    }

    @Override
    public AlertRule update(AlertRule rule) {
        check();
        if (!rules.containsKey(rule.id())) {
            throw new AlertNotFoundException(rule.id());
        }
        rules.put(rule.id(), rule);
        return rule;
    }

    @Override
    public void delete(String id) {
        check();
        if (rules.remove(id) == null) {
            throw new AlertNotFoundException(id);
        }
    }

    @Override
    public Optional<AlertRule> get(String id) {
        check();
        return Optional.ofNullable(rules.get(id));
    }

    @Override
    public List<AlertRule> list() {
        check();
        return new ArrayList<>(rules.values());
    }

    private void check() {
        String message = refuseWith;
        if (message != null) {
            throw new AlertBackendException(message, unavailable, null);
        }
    }
}
