package io.pulse.api.http.routes;

import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.io.InputStream;

/** Reads request bodies; Helidon enforces the size limit while we read. Stateless. */
final class Bodies {

    private Bodies() {
    }

    /** The whole body, empty when there is none. */
    static byte[] read(ServerRequest req) throws IOException {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            return in.readAllBytes();
        }
    }
}
