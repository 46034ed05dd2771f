package io.pulse.relay;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A server address as the original relay took it, {@code host:port} ({@code [v6-address]:port} for IPv6).
 * The host name is resolved at each connection attempt, so a server that moves is found again.
 *
 * @param host host name or address, without brackets
 * @param port TCP port, 1-65535
 */
record ServerAddress(String host, int port) {

    /**
     * @throws IllegalArgumentException if the text is not {@code host:port} with a valid port
     */
    static ServerAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("server address is missing (expected host:port)");
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("server address must be host:port, got \"" + text + "\"");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("an IPv6 server address needs brackets, [address]:port, got \"" + text + "\"");
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("server address has no host, got \"" + text + "\"");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("server port is not a number in \"" + text + "\"");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("server port must be 1-65535, got " + port);
        }
        return new ServerAddress(host, port);
    }

    /** Resolves the host now. */
    InetSocketAddress resolve() throws UnknownHostException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UnknownHostException("cannot resolve the server host \"" + host + "\"");
        }
        return address;
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
