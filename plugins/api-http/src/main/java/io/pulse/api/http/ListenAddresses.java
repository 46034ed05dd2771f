package io.pulse.api.http;

import io.pulse.spi.option.HostPort;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * What the API needs to know about its listen address beyond {@link HostPort}: the host to bind (the original's
 * {@code :8080} means every interface) and whether only this machine can connect (which decides whether the default
 * token is acceptable). Stateless.
 */
final class ListenAddresses {

    private ListenAddresses() {
    }

    /**
     * The address to bind, with every interface written as {@code 0.0.0.0}: the host Helidon binds, logs and messages
     * show, and the self-signed certificate leaves out.
     */
    static HostPort bindable(HostPort address) {
        return address.host().isEmpty() ? new HostPort("0.0.0.0", address.port()) : address;
    }

    /**
     * Whether every address the host resolves to is a loopback address, i.e. only this machine can connect. A host
     * that does not resolve counts as not loopback (the bind will fail anyway), and so does every interface.
     */
    static boolean isLoopbackOnly(HostPort address) {
        if (address.isWildcard()) {
            return false;
        }
        try {
            InetAddress[] all = InetAddress.getAllByName(address.host());
            for (InetAddress resolved : all) {
                if (!resolved.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
