package io.pulse.api.http.json;

/**
 * The original's success message: {@code {"msg":"Success"}}.
 *
 * @param msg the message
 */
public record MessageBody(String msg) {

    /** {@code {"msg":"Success"}}. */
    public static final MessageBody SUCCESS = new MessageBody("Success");
}
