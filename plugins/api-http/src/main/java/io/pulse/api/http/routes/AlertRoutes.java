package io.pulse.api.http.routes;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.pulse.api.http.json.AlertBody;
import io.pulse.api.http.json.MessageBody;
import io.pulse.spi.alert.AlertBackendException;
import io.pulse.spi.alert.AlertNotFoundException;
import io.pulse.spi.alert.AlertOperations;
import io.pulse.spi.alert.AlertRule;
import io.pulse.spi.frontend.FrontEndContext;

import java.util.List;
import java.util.function.Supplier;

/**
 * The alert routes, delegating to the active alert backend: {@code POST /alerts} creates, {@code PUT /alerts}
 * updates the alert named by the body's {@code id} (or creates one without an id), {@code DELETE /alerts/{id}},
 * {@code GET /alerts} and {@code GET /alerts/{id}}. Without an alert backend every route answers 404 naming the
 * setting to change. A backend that refuses answers 400 with the original's "Failed to ... task - " prefix, one that
 * cannot be reached 503. Thread-safe: no state beyond final collaborators.
 */
public final class AlertRoutes {

    private final FrontEndContext server;
    private final Respond respond;

    public AlertRoutes(FrontEndContext server, Respond respond) {
        this.server = server;
        this.respond = respond;
    }

    /** The routes, in registration order. */
    public List<Route> routes() {
        return List.of(
            Route.post("/alerts", true, this::create),
            Route.put("/alerts", true, this::createOrUpdate),
            Route.get("/alerts", true, this::list),
            Route.get("/alerts/{id}", true, this::get),
            Route.delete("/alerts/{id}", true, this::delete));
    }

    void create(ServerRequest req, ServerResponse res) throws Exception {
        AlertOperations alerts = backend();
        AlertRule rule = AlertRequest.parse(Bodies.read(req), respond.json());
        respond.ok(res, AlertBody.of(call("create task", () -> alerts.create(rule))));
    }

    void createOrUpdate(ServerRequest req, ServerResponse res) throws Exception {
        AlertOperations alerts = backend();
        AlertRule rule = AlertRequest.parse(Bodies.read(req), respond.json());
        AlertRule saved = rule.id() == null
            ? call("create task", () -> alerts.create(rule))
            : call("create task", () -> alerts.update(rule));
        respond.ok(res, AlertBody.of(saved));
    }

    void list(ServerRequest req, ServerResponse res) {
        AlertOperations alerts = backend();
        respond.ok(res, call("list tasks", alerts::list).stream().map(AlertBody::of).toList());
    }

    void get(ServerRequest req, ServerResponse res) {
        AlertOperations alerts = backend();
        String id = req.path().pathParameters().get("id");
        AlertRule rule = call("get task", () -> alerts.get(id))
            .orElseThrow(() -> ApiException.notFound(new AlertNotFoundException(id).getMessage()));
        respond.ok(res, AlertBody.of(rule));
    }

    void delete(ServerRequest req, ServerResponse res) {
        AlertOperations alerts = backend();
        String id = req.path().pathParameters().get("id");
        call("delete task", () -> {
            alerts.delete(id);
            return null;
        });
        respond.ok(res, MessageBody.SUCCESS);
    }

    private AlertOperations backend() {
        return server.alerts().orElseThrow(() -> ApiException.notFound(server.alertsUnavailableReason()));
    }

    /** Runs a backend call, translating its failures into answers. */
    private static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (AlertNotFoundException e) {
            throw ApiException.notFound(e.getMessage());
        } catch (AlertBackendException e) {
            String message = "Failed to " + what + " - " + e.getMessage();
            throw e.unavailable() ? ApiException.unavailable(message) : ApiException.badRequest(message);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }
}
