package io.pulse.spi.alert;

import io.pulse.spi.Api;
import io.pulse.spi.Component;

/**
 * Manages threshold alerts: the {@link AlertOperations} plus a lifecycle. A backend that evaluates alerts itself
 * reads the live samples ({@link io.pulse.spi.PluginContext#samples()}) and past values
 * ({@link io.pulse.spi.PluginContext#storage()}) from the context it was created with.
 */
@Api
public interface AlertBackend extends AlertOperations, Component {
}
