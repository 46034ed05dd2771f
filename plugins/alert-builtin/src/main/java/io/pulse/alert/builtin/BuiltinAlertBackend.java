package io.pulse.alert.builtin;

import io.pulse.alert.builtin.engine.AlertEngine;
import io.pulse.alert.builtin.engine.Transition;
import io.pulse.alert.builtin.store.AlertFile;
import io.pulse.alert.builtin.webhook.AlertPayload;
import io.pulse.alert.builtin.webhook.WebhookSender;
import io.pulse.alert.builtin.webhook.WebhookSettings;
import io.pulse.spi.Health;
import io.pulse.spi.PluginContext;
import io.pulse.spi.Scheduler;
import io.pulse.spi.alert.AlertBackend;
import io.pulse.spi.alert.AlertBackendException;
import io.pulse.spi.alert.AlertNotFoundException;
import io.pulse.spi.alert.AlertRule;
import io.pulse.spi.stats.SampleBatch;
import io.pulse.spi.stats.SampleSubscription;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The built-in alert backend: alert operations over an {@link AlertEngine}, kept on disk by an {@link AlertFile},
 * notifying through a {@link WebhookSender}.
 *
 * <p>The backend holds a subscription to the sample feed only while at least one alert is defined: with none, every
 * relay answer would be queued and handed to the subscription's thread to be matched against nothing. The first
 * alert subscribes; once there is none, the next batch closes the subscription from its own thread (so a delivery
 * in progress is never interrupted).
 *
 * <p>Threads: samples arrive on the feed's thread of this subscription, periodic evaluation runs on the kernel
 * scheduler, operations on HTTP threads; the engine's monitor orders them. Changes of state are saved before they are
 * notified (so a restart never notifies a change twice: at worst a crash loses one notification), and both happen
 * outside the engine's lock. Operations are serialised by {@link #operations} so that a change and its rollback (when
 * the file cannot be written) are not interleaved with another change.
 */
final class BuiltinAlertBackend implements AlertBackend {

    private static final System.Logger LOG = System.getLogger(BuiltinAlertBackend.class.getName());

    private final PluginContext context;
    private final int feedCapacity;
    private final AlertEngine engine;
    private final AlertFile file;
    private final WebhookSender webhooks;
    private final Object operations = new Object();
    /** The feed subscription while alerts exist, else null; changed under {@link #operations}. */
    private volatile SampleSubscription subscription;
    /** Batches dropped by subscriptions closed since start; changed under {@link #operations}. */
    private volatile long droppedBefore;
    private volatile Scheduler.Scheduled evaluation;
    private volatile String saveProblem = "";
    private volatile boolean started;

    BuiltinAlertBackend(PluginContext context, WebhookSettings webhookSettings, int feedCapacity) {
        this.context = context;
        this.feedCapacity = feedCapacity;
        this.engine = new AlertEngine(context.clock());
        this.file = new AlertFile(context.dataDir());
        this.webhooks = new WebhookSender(webhookSettings, context.metrics());
        context.metrics().gauge("alerts", "Alerts defined.", engine::size);
        context.metrics().gauge("alerts_firing", "Series (an alert's stat on one tag set) firing now.",
            engine::firingCount);
    }

    /**
     * Loads the alerts file (a damaged one stops start-up, naming it), then subscribes (when there are alerts) and
     * schedules evaluation.
     */
    @Override
    public void start() throws IOException {
        synchronized (operations) {
            for (AlertEngine.Snapshot.Alert alert : file.read()) {
                engine.add(alert.rule(), alert.firing());
            }
            started = true;
            subscribeIfNeeded();
        }
        Duration every = context.server().pollInterval();
        evaluation = context.scheduler().every("alert-evaluation", every, every, this::evaluate);
        LOG.log(System.Logger.Level.INFO, "builtin alerts: " + engine.size() + " alert(s) loaded from " + file.path()
            + ", " + engine.firingCount() + " series firing; evaluating every " + every);
    }

    private void onBatch(SampleBatch batch) {
        if (engine.size() == 0) {
            unsubscribeIfIdle();
            return;
        }
        dispatch(engine.accept(batch));
    }

    /** Under {@link #operations}: subscribes to the feed when started with alerts and not subscribed yet. */
    private void subscribeIfNeeded() {
        if (started && subscription == null && engine.size() > 0) {
            subscription = context.samples().subscribe("alert-engine", feedCapacity, this::onBatch);
        }
    }

    /**
     * On the subscription's thread, when a batch arrives and no alert is left: closes the subscription, unless an
     * alert was added meanwhile (checked under {@link #operations}, which adding one holds).
     */
    private void unsubscribeIfIdle() {
        synchronized (operations) {
            SampleSubscription s = subscription;
            if (s != null && engine.size() == 0) {
                subscription = null;
                droppedBefore += s.dropped();
                s.close();
            }
        }
    }

    private void evaluate() {
        dispatch(engine.evaluateAll());
    }

    /** Saves the new states, then hands each change to the webhook sender (ordered per alert and series). */
    private void dispatch(List<Transition> changes) {
        if (changes.isEmpty()) {
            return;
        }
        save();
        for (Transition change : changes) {
            String key = change.rule().id() + '\u0000' + change.series();
            webhooks.send(key, URI.create(change.rule().post()), AlertPayload.json(change));
        }
    }

    /** Saves the states after evaluation; a failure is reported in health and retried with the next change. */
    private void save() {
        try {
            file.save(engine.snapshot());
            saveProblem = "";
        } catch (IOException e) {
            saveProblem = "cannot write " + file.path() + ": " + e.getMessage();
            LOG.log(System.Logger.Level.ERROR, "builtin alerts: " + saveProblem, e);
        }
    }

    @Override
    public AlertRule create(AlertRule rule) {
        AlertRule created = rule.id() == null ? rule.withId(UUID.randomUUID().toString()) : rule;
        synchronized (operations) {
            if (engine.get(created.id()).isPresent()) {
                throw new AlertBackendException("an alert with id '" + created.id()
                    + "' already exists; PUT /alerts with that id changes it");
            }
            engine.add(created, List.of());
            persistOrUndo(() -> engine.remove(created.id()));
            subscribeIfNeeded();
        }
        return created;
    }

    @Override
    public AlertRule update(AlertRule rule) {
        if (rule.id() == null) {
            throw new IllegalArgumentException("an alert to update needs an id");
        }
        synchronized (operations) {
            AlertRule previous = engine.replace(rule).orElseThrow(() -> new AlertNotFoundException(rule.id()));
            persistOrUndo(() -> engine.replace(previous));
        }
        return rule;
    }

    @Override
    public void delete(String id) {
        synchronized (operations) {
            AlertRule previous = engine.remove(id).orElseThrow(() -> new AlertNotFoundException(id));
            persistOrUndo(() -> engine.add(previous, List.of()));
        }
    }

    /** Writes the file; when that fails, undoes the change so memory and disk agree, and reports 503. */
    private void persistOrUndo(Runnable undo) {
        try {
            file.save(engine.snapshot());
            saveProblem = "";
        } catch (IOException e) {
            undo.run();
            saveProblem = "cannot write " + file.path() + ": " + e.getMessage();
            throw new AlertBackendException("the alert could not be saved: " + saveProblem, true, e);
        }
    }

    @Override
    public Optional<AlertRule> get(String id) {
        return engine.get(id);
    }

    @Override
    public List<AlertRule> list() {
        return engine.list();
    }

    /**
     * UP while the engine runs - failed webhooks do not stop alerts from being evaluated, so they are reported in the
     * detail rather than as DOWN; DOWN when the alerts file cannot be written (a restart would lose changes).
     */
    @Override
    public Health health() {
        if (!saveProblem.isEmpty()) {
            return Health.down(saveProblem);
        }
        StringBuilder detail = new StringBuilder()
            .append(engine.size()).append(" alert(s), ").append(engine.firingCount()).append(" series firing");
        if (!started) {
            detail.append(" (not started)");
        }
        SampleSubscription s = subscription;
        long dropped = droppedBefore + (s == null ? 0 : s.dropped());
        if (dropped > 0) {
            detail.append("; ").append(dropped).append(" sample batch(es) dropped (evaluation fell behind)");
        }
        detail.append("; ").append(webhooks.delivered()).append(" webhook(s) delivered");
        if (webhooks.failed() > 0) {
            detail.append(", ").append(webhooks.failed()).append(" failed, last: ").append(webhooks.lastFailure());
        }
        return Health.up(detail.toString());
    }

    @Override
    public void close() {
        SampleSubscription s;
        synchronized (operations) {
            started = false;
            s = subscription;
            subscription = null;
        }
        Scheduler.Scheduled e = evaluation;
        if (e != null) {
            e.cancel();
        }
        if (s != null) {
            s.close();
        }
        webhooks.close();
    }

    /** For tests: whether the backend holds a feed subscription now. */
    boolean subscribed() {
        return subscription != null;
    }

    /** For tests: the sender's counters. */
    WebhookSender webhooks() {
        return webhooks;
    }
}
