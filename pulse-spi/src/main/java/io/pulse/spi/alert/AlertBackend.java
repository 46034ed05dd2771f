package io.pulse.spi.alert;

import io.pulse.spi.Api;
import io.pulse.spi.Component;

import java.util.List;
import java.util.Optional;

/**
 * Manages threshold alerts. All methods may be called concurrently.
 *
 * <p>Failures of the backend (it refused the alert, or is unreachable) are {@link AlertBackendException}s whose
 * message is the backend's reason.
 */
@Api
public interface AlertBackend extends Component {

    /** Creates an alert; {@code rule.id()} must be null or unused. Returns it with its id. */
    AlertRule create(AlertRule rule);

    /**
     * Replaces the alert with {@code rule.id()}.
     *
     * @throws AlertNotFoundException when no alert has that id
     */
    AlertRule update(AlertRule rule);

    /**
     * Deletes an alert.
     *
     * @throws AlertNotFoundException when no alert has that id
     */
    void delete(String id);

    /** The alert with that id. */
    Optional<AlertRule> get(String id);

    /** Every alert, sorted by id. */
    List<AlertRule> list();
}
