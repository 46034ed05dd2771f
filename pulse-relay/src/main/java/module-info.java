/**
 * The Pulse relay: what a machine runs to expose its stats to a Pulse server.
 *
 * <p>A relay dials IN to the server over TCP, identifies itself ({@code id}), announces its collectors
 * ({@code add}) and answers the server's polls ({@code get} -> {@code got}). It speaks the original nanopack/pulse
 * relay protocol byte for byte, so it works against the original Go server as well as against Pulse.
 *
 * <ul>
 *   <li>{@code io.pulse.relay} (exported) - the library embedders use: {@link io.pulse.relay.Relay},
 *       {@link io.pulse.relay.Collector} and the errors the original relay library had.</li>
 *   <li>{@code io.pulse.relay.host} (not exported: a program, not an API) - {@code HostRelay}, a ready-made relay
 *       that exposes this host's CPU, memory, swap, disk, load and network figures read from {@code /proc}.
 *       Run it with {@code java -m io.pulse.relay/io.pulse.relay.host.HostRelay}.</li>
 * </ul>
 * The lines themselves are defined once, in {@code io.pulse.protocol}, which the Pulse server uses too. This module
 * depends on that and the JDK only ({@code java.base}); {@code io.pulse.protocol} is JDK-only itself, so embedding
 * the relay costs nothing else. No protocol type appears in this module's API.
 */
module io.pulse.relay {
    requires io.pulse.protocol;

    exports io.pulse.relay;
}
