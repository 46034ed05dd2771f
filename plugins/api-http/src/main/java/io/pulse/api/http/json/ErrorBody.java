package io.pulse.api.http.json;

/**
 * Every error answer: {@code {"error":"<message>"}}.
 *
 * @param error what was wrong, naming the parameter and what is accepted
 */
public record ErrorBody(String error) {
}
