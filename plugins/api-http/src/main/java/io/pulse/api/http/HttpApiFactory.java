package io.pulse.api.http;

import io.pulse.spi.PluginContext;
import io.pulse.spi.Selection;
import io.pulse.spi.frontend.FrontEnd;
import io.pulse.spi.frontend.FrontEndContext;
import io.pulse.spi.frontend.FrontEndFactory;
import io.pulse.spi.option.Option;

import java.util.List;

/**
 * Creates the {@code http} front end, the one used unless other front ends are named. Its options
 * ({@link HttpApiOptions}) include the original's {@code -H}, {@code -t}, {@code -C} and {@code -I} flags.
 */
public final class HttpApiFactory implements FrontEndFactory {

    /** The factory id. */
    public static final String ID = "http";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "the HTTP API (the original pulse routes, alerts, relays, health, metrics, OpenAPI) on Helidon SE";
    }

    @Override
    public List<Option<?>> options() {
        return HttpApiOptions.ALL;
    }

    /** The front end of every run that names none, as the original always served its API. */
    @Override
    public Selection selection() {
        return Selection.byDefault();
    }

    @Override
    public FrontEnd create(PluginContext context, FrontEndContext server) {
        return new HttpApiFrontEnd(HttpApiSettings.from(context.options()), context, server);
    }
}
