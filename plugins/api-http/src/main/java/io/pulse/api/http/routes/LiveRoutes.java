package io.pulse.api.http.routes;

import io.helidon.http.HeaderNames;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;
import io.pulse.api.http.live.LiveSession;
import io.pulse.api.http.live.LiveStream;
import io.pulse.api.http.query.QueryString;
import io.pulse.api.http.query.StatParameters;

import java.lang.System.Logger.Level;
import java.util.List;

/**
 * {@code GET /live}: the ingested samples as Server-Sent Events, one JSON sample per event, filtered by {@code stat}
 * and tags. The request's (virtual) thread owns the stream: it takes events from the client's own bounded queue
 * and writes them, and a {@code : ping} comment whenever nothing came for a heartbeat interval, which keeps proxies
 * from cutting the stream and finds clients that are gone (the write fails). Thread-safe: no state beyond final
 * collaborators.
 */
public final class LiveRoutes {

    /** The path. */
    public static final String PATH = "/live";

    private static final System.Logger LOG = System.getLogger(LiveRoutes.class.getName());
    /** Helidon writes a comment as ':' and the text: the space makes it the customary ': ping'. */
    private static final SseEvent PING = SseEvent.builder().comment(" ping").build();

    private final LiveStream stream;
    private final int maxQueryParams;

    /**
     * @param stream         the live clients
     * @param maxQueryParams the most query parameters accepted
     */
    public LiveRoutes(LiveStream stream, int maxQueryParams) {
        this.stream = stream;
        this.maxQueryParams = maxQueryParams;
    }

    /** The route. */
    public List<Route> routes() {
        return List.of(Route.get(PATH, true, this::live));
    }

    void live(ServerRequest req, ServerResponse res) throws InterruptedException {
        StatParameters.Selection selection = StatParameters.selection(
            QueryString.parse(req.query().rawValue(), maxQueryParams));
        LiveSession session = stream.open(selection).orElseThrow(() -> ApiException.unavailable(
            "too many live clients: at most " + stream.limits().maxClients() + " GET /live streams at once"
            + " (max-live-clients); close one or raise the limit"));
        try (session) {
            res.header(HeaderNames.CACHE_CONTROL, "no-store");
            // nginx buffers responses by default, which would hold events back.
            res.header("X-Accel-Buffering", "no");
            try (SseSink sink = res.sink(SseSink.TYPE)) {
                // A first comment sends the headers now, so the client knows the stream is open.
                session.writing(() -> sink.emit(SseEvent.builder().comment(" live " + session.name()).build()));
                stream(session, sink);
            }
        } catch (RuntimeException gone) {
            // Writing to a client that went away fails inside Helidon; that ends this stream and nothing else.
            LOG.log(Level.DEBUG, () -> session.name() + " ended: " + gone);
        }
        LOG.log(Level.DEBUG, () -> session.name() + " closed after " + session.sent() + " events, "
            + session.dropped() + " dropped");
    }

    private void stream(LiveSession session, SseSink sink) throws InterruptedException {
        long reportedDrops = 0;
        while (session.isOpen()) {
            String event = session.next(stream.limits().heartbeat());
            if (!session.isOpen()) {
                return;
            }
            long dropped = session.dropped();
            if (dropped != reportedDrops) {
                // Tells the client it lost events because it read too slowly (total since it connected).
                session.writing(() -> sink.emit(SseEvent.builder().comment(" dropped " + dropped).build()));
                reportedDrops = dropped;
            }
            // Helidon writes "data:" and the text; EventSource strips one leading space, so " " gives the customary
            // "data: {...}" on the wire and the same payload in the browser.
            SseEvent next = event == null ? PING : SseEvent.builder().data(" " + event).build();
            session.writing(() -> sink.emit(next));
        }
    }
}
