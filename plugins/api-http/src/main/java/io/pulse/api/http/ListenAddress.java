package io.pulse.api.http;

import io.pulse.spi.ConfigException;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the API listens, parsed from {@code --http-listen-address} as the original accepted it: {@code host:port},
 * {@code [ipv6]:port}, or {@code :port} for every interface.
 *
 * @param host the host name or address literal; {@code 0.0.0.0} for every interface
 * @param port the TCP port, 0 for an ephemeral one
 */
public record ListenAddress(String host, int port) {

    /** The flag this value comes from, for messages. */
    static final String FLAG = "http-listen-address";

    /**
     * Parses {@code host:port}.
     *
     * @throws ConfigException naming the flag and the accepted form
     */
    public static ListenAddress parse(String text) {
        String s = text == null ? "" : text.strip();
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw invalid(text);
        }
        String host = s.substring(0, colon);
        String portText = s.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw invalid(text); // a bare IPv6 literal needs brackets
        }
        if (host.isEmpty()) {
            host = "0.0.0.0";
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw invalid(text);
        }
        if (port < 0 || port > 65535) {
            throw invalid(text);
        }
        return new ListenAddress(host, port);
    }

    /**
     * Whether every address the host resolves to is a loopback address, i.e. only this machine can connect.
     * A host that does not resolve counts as not loopback (the bind will fail anyway).
     */
    public boolean isLoopbackOnly() {
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            for (InetAddress address : all) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Whether the host is a wildcard address (every interface). */
    public boolean isWildcard() {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static ConfigException invalid(String text) {
        return new ConfigException(FLAG + ": expected host:port (e.g. 127.0.0.1:8080, [::1]:8080 or :8080), got '"
            + text + "'");
    }
}
