package io.pulse.spi.frontend;

import io.pulse.spi.Api;
import io.pulse.spi.Health;

/**
 * The health of one active component.
 *
 * @param kind   {@code storage}, {@code alerts}, {@code publisher} or {@code front-end}
 * @param id     the factory id, e.g. {@code memory}
 * @param health its health
 */
@Api
public record ComponentHealth(String kind, String id, Health health) {
}
