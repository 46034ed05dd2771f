package io.pulse.kernel.config;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code host:port} address to listen on, as the flags write it: {@code 127.0.0.1:3000}, {@code [::1]:3000},
 * {@code localhost:3000}, or {@code :3000} for every interface. Port 0 means "any free port".
 *
 * @param host the host or IP literal (without brackets); empty for every interface
 * @param port 0 to 65535
 */
public record ListenAddress(String host, int port) {

    public ListenAddress {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range");
        }
    }

    /** Parses {@code host:port}; empty when the text is not one. */
    public static Optional<ListenAddress> parse(String text) {
        String s = text.strip();
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String host = s.substring(0, colon);
        String portText = s.substring(colon + 1);
        if (host.startsWith("[")) {
            if (!host.endsWith("]") || host.length() < 3) {
                return Optional.empty();
            }
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":") || host.contains(" ") || host.contains("/")) {
            return Optional.empty();
        }
        if (portText.isEmpty() || portText.length() > 5 || !portText.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        int port = Integer.parseInt(portText);
        if (port > 65535) {
            return Optional.empty();
        }
        return Optional.of(new ListenAddress(host, port));
    }

    /** A socket address to bind (resolves the host name; the wildcard address when the host is empty). */
    public InetSocketAddress toSocketAddress() {
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
