package io.pulse.api.http;

import io.pulse.spi.ConfigOption;
import io.pulse.spi.PluginContext;
import io.pulse.spi.frontend.FrontEnd;
import io.pulse.spi.frontend.FrontEndContext;
import io.pulse.spi.frontend.FrontEndFactory;

import java.util.List;

/**
 * Creates the {@code http} front end. Its settings come from the server's flags ({@code http-listen-address},
 * {@code token}, {@code cors-allow}, {@code insecure}, {@code tls-cert}, {@code tls-key}) and its own section
 * ({@link HttpApiSettings#OPTIONS}).
 */
public final class HttpFrontEndFactory implements FrontEndFactory {

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
    public List<ConfigOption> options() {
        return HttpApiSettings.OPTIONS;
    }

    @Override
    public FrontEnd create(PluginContext context, FrontEndContext server) {
        return new HttpApiFrontEnd(HttpApiSettings.from(context), server, context.clock());
    }
}
