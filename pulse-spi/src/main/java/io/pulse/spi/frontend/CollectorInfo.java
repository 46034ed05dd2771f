package io.pulse.spi.frontend;

import io.pulse.spi.Api;

import java.util.List;
import java.util.Objects;

/**
 * A collector a relay exposes, with the tags it was added with, exactly as sent ({@code k:v} tags, bare words
 * and empty strings alike).
 *
 * @param name the collector name
 * @param tags its tags as sent
 */
@Api
public record CollectorInfo(String name, List<String> tags) {
    /** Checks and normalises the components; see the class comment. */
    public CollectorInfo {
        Objects.requireNonNull(name, "name");
        tags = List.copyOf(tags);
    }
}
