package io.pulse.publish.mist;

import io.pulse.spi.option.HostPort;
import io.pulse.spi.option.OptionType;

import java.util.Locale;

/**
 * The type of {@code --mist-address}: a {@code host:port}, or the original's {@code tcp://host:port} form (its
 * default was {@code tcp://127.0.0.1:1445}), so an operator's existing flags keep working. Mist's websocket
 * ({@code ws://}) endpoint is a different protocol and is refused with a message saying so.
 */
final class MistAddress {

    private static final String TCP = "tcp://";

    private MistAddress() {
    }

    /** The option type: parses either form, writes the plain {@code host:port}. */
    static OptionType<HostPort> type() {
        return OptionType.of("host:port", MistAddress::parse, HostPort::toString);
    }

    static HostPort parse(String text) {
        String value = text.strip();
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith(TCP)) {
            value = value.substring(TCP.length());
            if (value.endsWith("/")) {
                value = value.substring(0, value.length() - 1);
            }
        } else if (lower.contains("://")) {
            throw new IllegalArgumentException("expected Mist's TCP address as host:port or tcp://host:port"
                + " (e.g. 127.0.0.1:1445), got '" + text + "'");
        }
        HostPort address;
        try {
            address = HostPort.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected host:port or tcp://host:port (e.g. 127.0.0.1:1445), got '"
                + text + "'");
        }
        // Connecting needs a host and a real port; ":1445" (every interface) only makes sense for listening.
        if (address.host().isEmpty() || address.port() == 0) {
            throw new IllegalArgumentException("expected a host and a port from 1 to 65535 (e.g. 127.0.0.1:1445), got '"
                + text + "'");
        }
        return address;
    }
}
