package io.pulse.api.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.pulse.api.http.json.ErrorBody;
import io.pulse.api.http.json.Json;

/**
 * Answers the requests Helidon rejects before any route sees them (a malformed request line, headers over the limit,
 * a body over the limit, an unsupported HTTP version) with the API's usual {@code {"error":"..."}} instead of
 * Helidon's plain text. Thread-safe: stateless apart from the codec.
 */
final class TransportErrors implements DirectHandler {

    private final Json json;

    TransportErrors(Json json) {
        this.json = json;
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
        String text = message == null || message.isBlank() ? status.reasonPhrase() : message;
        if (eventType == EventType.INTERNAL_ERROR) {
            text = "internal error; the server log has the details"; // never leak internals
        }
        headers.set(HeaderValues.CONTENT_TYPE_JSON);
        return TransportResponse.builder()
            .status(status)
            .headers(headers)
            .keepAlive(eventType.keepAlive())
            .entity(json.write(new ErrorBody(text)))
            .build();
    }
}
