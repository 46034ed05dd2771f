package io.pulse.api.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;

import java.util.List;

/**
 * Several HTTP/1 send listeners as one, each called in order. Needed because Helidon 4.5 combines several listeners
 * registered with {@code addSendListener} into a composite that forwards none of the calls (its list listener
 * overrides no method), so only a single registered listener is ever called. Immutable.
 */
final class SendListeners implements Http1ConnectionListener {

    private final List<Http1ConnectionListener> listeners;

    SendListeners(Http1ConnectionListener... listeners) {
        this.listeners = List.of(listeners);
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        listeners.forEach(l -> l.prologue(ctx, prologue));
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        listeners.forEach(l -> l.headers(ctx, headers));
    }

    @Override
    public void status(ConnectionContext ctx, Status status) {
        listeners.forEach(l -> l.status(ctx, status));
    }

    @Override
    public void data(ConnectionContext ctx, BufferData data) {
        listeners.forEach(l -> l.data(ctx, data));
    }

    @Override
    public void data(ConnectionContext ctx, byte[] bytes, int offset, int length) {
        listeners.forEach(l -> l.data(ctx, bytes, offset, length));
    }
}
