package io.pulse.spi.alert;

import io.pulse.spi.Api;

import java.util.List;
import java.util.Optional;

/**
 * What can be done with alerts: create, replace, delete, read. A front end receives these operations
 * ({@link io.pulse.spi.frontend.FrontEndContext#alerts()}), never the backend's lifecycle. All methods may be called
 * concurrently.
 *
 * <p>Failures of the backend (it refused the alert, or is unreachable) are {@link AlertBackendException}s whose
 * message is the backend's reason.
 */
@Api
public interface AlertOperations {

    /**
     * Creates an alert; {@code rule.id()} must be null or unused. Returns it with its id.
     *
     * @param rule the alert to create
     * @return the alert as stored, with its id
     */
    AlertRule create(AlertRule rule);

    /**
     * Replaces the alert with {@code rule.id()}.
     *
     * @param rule the alert, carrying the id of the one it replaces
     * @return the alert as stored
     * @throws AlertNotFoundException when no alert has that id
     */
    AlertRule update(AlertRule rule);

    /**
     * Deletes an alert.
     *
     * @param id the alert's id
     * @throws AlertNotFoundException when no alert has that id
     */
    void delete(String id);

    /**
     * {@return the alert with that id}
     *
     * @param id the alert's id
     */
    Optional<AlertRule> get(String id);

    /** {@return every alert, sorted by id} */
    List<AlertRule> list();
}
