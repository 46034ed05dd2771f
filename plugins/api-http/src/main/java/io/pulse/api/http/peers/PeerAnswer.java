package io.pulse.api.http.peers;

import java.net.URI;

/**
 * What one peer answered to a request: its status and body, or why it could not be asked.
 *
 * @param peer   the peer's base URL
 * @param status the HTTP status, or -1 when the peer was not reached
 * @param body   the answer's body (empty when not reached)
 * @param error  why the peer was not reached (null when it answered)
 */
public record PeerAnswer(URI peer, int status, byte[] body, String error) {

    /** True when the peer answered, whatever the status. */
    public boolean reached() {
        return error == null;
    }

    /** How the answer is reported when it is not a success: the error, or the status. */
    public String problem() {
        return error != null ? error : "answered " + status;
    }
}
