package io.pulse.spi.storage;

import io.pulse.spi.Api;

/**
 * One result value: the start of its bucket (milliseconds since the epoch) and the verb's result.
 *
 * @param timeMillis bucket start, ms since the epoch
 * @param value      finite value
 */
@Api
public record Point(long timeMillis, double value) {
}
