package io.pulse.api.http;

import io.pulse.api.http.peers.Fleet;
import io.pulse.api.http.peers.PeerOptions;
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
        List<Option<?>> all = new java.util.ArrayList<>(HttpApiOptions.ALL);
        all.addAll(PeerOptions.ALL);
        return List.copyOf(all);
    }

    /** The front end of every run that names none, as the original always served its API. */
    @Override
    public Selection selection() {
        return Selection.byDefault();
    }

    @Override
    public FrontEnd create(PluginContext context, FrontEndContext server) {
        HelidonWarmUp.await(); // before this thread touches Helidon (HelidonWarmUp says why)
        HttpApiSettings settings = HttpApiSettings.from(context.options());
        Fleet fleet = Fleet.of(context.options().find(PeerOptions.PEERS).orElse(List.of()), settings.listen(),
            !settings.insecure(), settings.token(), context.options().get(PeerOptions.PEER_TIMEOUT));
        return new HttpApiFrontEnd(settings, fleet, context, server);
    }
}
