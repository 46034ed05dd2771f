package io.pulse.api.http.peers;

import io.pulse.spi.option.Option;
import io.pulse.spi.option.OptionType;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The scale-out options of the {@code http} front end: the HTTP APIs of the other Pulse servers of the fleet. They
 * belong to this plugin because only the HTTP API talks to peers (fleet-wide {@code /relays}, forwarded flushes and
 * overrides); see docs/scale-out.md.
 */
public final class PeerOptions {

    /** Comma-separated base URLs; this server may be among them (it is recognised and not asked). */
    public static final Option<List<URI>> PEERS = Option.builder("peers", OptionType.of("url,url,...",
            PeerOptions::parse, urls -> urls.stream().map(URI::toString).collect(Collectors.joining(","))))
        .flag("peers")
        .description("the HTTP APIs of every Pulse server of the fleet, comma separated, e.g."
            + " http://a:8080,http://b:8080 (this server may be listed too); enables GET /relays?scope=fleet and"
            + " forwarding of flushes and overrides")
        .build();
    public static final Option<Duration> PEER_TIMEOUT = Option.builder("peer-timeout",
            OptionType.duration(Duration.ofMillis(10), Duration.ofMinutes(5)))
        .defaultValue(Duration.ofSeconds(2))
        .flag("peer-timeout")
        .description("how long a request to a peer (connecting included) may take before the peer is reported"
            + " unreachable")
        .build();

    /** Every option of this group, in {@code --help} order. */
    public static final List<Option<?>> ALL = List.of(PEERS, PEER_TIMEOUT);

    private PeerOptions() {
    }

    /** Base URLs as {@code scheme://host:port} (path and trailing slash dropped, port made explicit). */
    static List<URI> parse(String text) {
        Set<URI> urls = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            String value = part.strip();
            if (value.isEmpty()) {
                continue;
            }
            String expected = "expected http:// or https:// URLs such as http://10.0.0.2:8080, comma separated, got '"
                + value + "'";
            URI uri;
            try {
                uri = new URI(value);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(expected);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
                throw new IllegalArgumentException(expected + " (a base URL: no path, query or fragment)");
            }
            int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            urls.add(URI.create(scheme + "://" + hostText(uri.getHost()) + ":" + port));
        }
        return List.copyOf(new ArrayList<>(urls));
    }

    private static String hostText(String host) {
        return host; // URI keeps IPv6 literals in brackets already
    }
}
