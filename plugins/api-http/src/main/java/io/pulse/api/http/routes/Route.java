package io.pulse.api.http.routes;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;

import java.util.Objects;

/**
 * One entry of the API's route table: what {@link ApiRoutes} registers with Helidon and what the OpenAPI document
 * must describe.
 *
 * @param method  the HTTP method
 * @param path    the path template, e.g. {@code /latest/{stat}}
 * @param cors    whether the answer (errors included) carries the CORS headers
 * @param handler what answers
 */
public record Route(Method method, String path, boolean cors, Handler handler) {
    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
    }

    /** A GET route. */
    static Route get(String path, boolean cors, Handler handler) {
        return new Route(Method.GET, path, cors, handler);
    }

    /** A POST route. */
    static Route post(String path, boolean cors, Handler handler) {
        return new Route(Method.POST, path, cors, handler);
    }

    /** A PUT route. */
    static Route put(String path, boolean cors, Handler handler) {
        return new Route(Method.PUT, path, cors, handler);
    }

    /** A DELETE route. */
    static Route delete(String path, boolean cors, Handler handler) {
        return new Route(Method.DELETE, path, cors, handler);
    }

    @Override
    public String toString() {
        return method.text() + " " + path;
    }
}
