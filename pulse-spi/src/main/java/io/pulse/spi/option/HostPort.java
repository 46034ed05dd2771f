package io.pulse.spi.option;

import io.pulse.spi.Api;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A {@code host:port} address as flags write it: {@code 127.0.0.1:3000}, {@code [::1]:3000}, {@code localhost:3000},
 * or {@code :3000} for every interface. Port 0 means "any free port" when listening.
 *
 * @param host the host name or IP literal, without brackets; empty for every interface
 * @param port 0 to 65535
 */
@Api
public record HostPort(String host, int port) {

    /** Checks and normalises the components; see the class comment. */
    public HostPort {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range");
        }
    }

    /**
     * Parses {@code host:port}.
     *
     * @param text {@code host:port}, {@code [ipv6]:port} or {@code :port}
     * @return the address
     * @throws IllegalArgumentException saying what is accepted, when the text is not one
     */
    public static HostPort parse(String text) {
        String s = text == null ? "" : text.strip();
        int colon = s.lastIndexOf(':');
        String host = colon < 0 ? "" : s.substring(0, colon);
        String portText = colon < 0 ? "" : s.substring(colon + 1);
        boolean valid = colon >= 0;
        if (host.startsWith("[")) {
            valid &= host.endsWith("]") && host.length() >= 3;
            host = valid ? host.substring(1, host.length() - 1) : host;
        } else {
            // A bare IPv6 literal needs brackets, or its last group would be taken for the port.
            valid &= !(host.contains(":") || host.contains(" ") || host.contains("/"));
        }
        valid &= !portText.isEmpty() && portText.length() <= 5 && portText.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!valid || Integer.parseInt(portText) > 65535) {
            throw new IllegalArgumentException("expected host:port (e.g. 127.0.0.1:3000, [::1]:3000 or :3000), got '"
                + (text == null ? "" : text) + "'");
        }
        return new HostPort(host, Integer.parseInt(portText));
    }

    /** {@return whether the host is empty or a wildcard address: every interface} */
    public boolean isWildcard() {
        return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
    }

    /**
     * {@return a socket address to bind or connect to (resolves the host name; the wildcard address when it is empty)}
     */
    public InetSocketAddress toSocketAddress() {
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    /** {@code host:port}, with brackets around an IPv6 literal. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
