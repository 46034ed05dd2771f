package io.pulse.api.http;

import io.pulse.api.http.peers.Fleet;
import io.pulse.spi.ConfigException;
import io.pulse.spi.frontend.ComponentHealth;
import io.pulse.spi.frontend.FrontEndContext;

/**
 * What a server with peers cannot run with. The built-in alert engine evaluates the alerts defined on its own server
 * against the samples of its own relays: with several servers, an alert defined on one would miss the relays of the
 * others, and the same alert defined on each would notify once per server while relays move between them. Until the
 * engine can share definitions and elect one evaluator per alert, the combination is refused at start-up rather
 * than risking double (or missing) notifications; docs/scale-out.md says what to run instead.
 *
 * <p>The check lives here because {@code --peers} is this plugin's option (plugins do not see each other's
 * options); it recognises the built-in engine by the id the kernel reports for the active alert component.
 */
final class PeerChecks {

    /** The id of the built-in alert plugin, as the kernel reports it in the components' health. */
    static final String BUILTIN_ALERTS = "builtin";

    private PeerChecks() {
    }

    /**
     * @throws ConfigException when peers are configured and the built-in alert engine is the active alert backend
     */
    static void refuseBuiltinAlerts(Fleet fleet, FrontEndContext server) {
        if (!fleet.hasPeers()) {
            return;
        }
        for (ComponentHealth component : server.health()) {
            if (component.kind().equals("alerts") && component.id().equals(BUILTIN_ALERTS)) {
                throw new ConfigException("--peers cannot be combined with the built-in alerts: each server would"
                    + " evaluate its alerts on its own relays only, so an alert would miss the other servers' relays"
                    + " or notify once per server. Use Kapacitor (-k http://kapacitor:9092, one for the fleet) or run"
                    + " without alerts (--alerts none); see docs/scale-out.md");
            }
        }
    }
}
