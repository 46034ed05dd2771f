package io.pulse.api.http.json;

import io.pulse.spi.frontend.ComponentHealth;

import java.util.List;

/**
 * The server's health, for {@code GET /health}: {@code UP} when every component is up, else {@code DOWN}.
 *
 * @param status     {@code UP} or {@code DOWN}
 * @param components every active component, in start order
 */
public record HealthBody(String status, List<ComponentBody> components) {

    /**
     * One component.
     *
     * @param kind   {@code storage}, {@code alerts}, {@code publisher} or {@code front-end}
     * @param id     its factory id
     * @param status {@code UP} or {@code DOWN}
     * @param detail why it is down, or a short note
     */
    public record ComponentBody(String kind, String id, String status, String detail) {
    }

    /** The API's view of the components' health. */
    public static HealthBody of(List<ComponentHealth> components) {
        List<ComponentBody> bodies = components.stream()
            .map(c -> new ComponentBody(c.kind(), c.id(), c.health().status().name(), c.health().detail()))
            .toList();
        boolean up = components.stream().allMatch(c -> c.health().isUp());
        return new HealthBody(up ? "UP" : "DOWN", bodies);
    }

    /** Whether every component is up. */
    public boolean up() {
        return status.equals("UP");
    }
}
