package io.pulse.api.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.pulse.api.http.json.ErrorBody;
import io.pulse.api.http.json.Json;
import io.pulse.api.http.security.SecurityHeaders;

/**
 * Answers the requests Helidon rejects before any route sees them with the API's usual {@code {"error":"..."}}
 * instead of Helidon's plain text. Helidon reports only a status here (no detail), so the message says what the
 * status means for this API and names the limit involved. Thread-safe: immutable.
 */
final class TransportErrors implements DirectHandler {

    private final Json json;
    private final HttpApiSettings.Limits limits;

    TransportErrors(Json json, HttpApiSettings.Limits limits) {
        this.json = json;
        this.limits = limits;
    }

    /** The handlers for every transport-level event. */
    DirectHandlers handlers() {
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            builder.addHandler(type, this);
        }
        return builder.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        headers.set(HeaderValues.CONTENT_TYPE_JSON);
        SecurityHeaders.errorAnswer(headers);
        LingeringClose.expectRefusal(); // Helidon closes the connection after this answer: let the client read it
        return TransportResponse.builder()
            .status(status)
            .headers(headers)
            .keepAlive(eventType.keepAlive())
            .entity(json.write(new ErrorBody(message(eventType, status))))
            .build();
    }

    private String message(EventType eventType, Status status) {
        if (eventType == EventType.INTERNAL_ERROR) {
            return "internal error; the server log has the details";
        }
        return switch (status.code()) {
            case 400 -> "bad request: malformed request line, path, query string (e.g. a bad %-escape) or headers"
                + " (headers may take at most " + limits.maxHeaderSize() + " bytes)";
            case 413 -> "request body too large: at most " + limits.maxBodySize() + " bytes are accepted";
            case 414 -> "request line too long: method, path and query string may take at most "
                + limits.maxRequestLine() + " bytes";
            case 431 -> "request headers too large: at most " + limits.maxHeaderSize() + " bytes are accepted";
            case 505 -> "HTTP version not supported: use HTTP/1.1";
            default -> status.reasonPhrase();
        };
    }
}
