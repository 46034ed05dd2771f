package io.pulse.api.http.routes;

/**
 * A request the API answers with an error status and {@code {"error":"<message>"}}. The message names the parameter
 * and what is accepted; it is shown to the client as is.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** 400: the request is wrong. */
    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    /** 404: what it asks for does not exist. */
    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    /** 503: a backend cannot answer now. */
    public static ApiException unavailable(String message) {
        return new ApiException(503, message);
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }
}
