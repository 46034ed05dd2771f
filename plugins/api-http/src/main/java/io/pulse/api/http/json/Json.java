package io.pulse.api.http.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The API's JSON codec: one Jackson mapper, answers written the way the original wrote them (compact, followed by
 * a {@code \n}). Thread-safe: the mapper is configured once and only used afterwards.
 */
public final class Json {

    private final ObjectMapper mapper = JsonMapper.builder()
        // A body like {"metric":"a","metric":"b"} or {...} garbage is a mistake worth reporting, not guessing.
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();

    /** The mapper, also registered with Helidon's media context. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** {@code value} as compact JSON followed by {@code \n}. */
    public byte[] write(Object value) {
        try {
            byte[] json = mapper.writeValueAsBytes(value);
            byte[] out = Arrays.copyOf(json, json.length + 1);
            out[json.length] = '\n';
            return out;
        } catch (JsonProcessingException e) {
            // Only our own response types are written; failing here is a bug, not bad input.
            throw new UncheckedIOException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    /**
     * Parses a request body.
     *
     * @throws JsonProcessingException when it is not JSON
     */
    public JsonNode read(byte[] body) throws JsonProcessingException {
        try {
            // bytes rather than a String: Jackson detects the encoding and reports invalid UTF-8 instead of
            // silently replacing it
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("reading an in-memory body cannot fail with I/O", e);
        }
    }
}
