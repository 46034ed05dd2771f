package io.pulse.kernel.relay.security;

import java.util.Objects;
import java.util.Optional;

/**
 * What the relay listener demands of a relay before registering it, each part opt-in so that original relays keep
 * working when all are off (see {@code docs/security.md}):
 *
 * @param token     when present, the first line must be {@code auth <token>} (answered {@code ok}), before
 *                  {@code id}
 * @param allowList which ids may register; {@link RelayIdAllowList#any()} for all
 * @param tls       when present, the listener speaks TLS only
 */
public record RelaySecurity(Optional<RelayToken> token, RelayIdAllowList allowList, Optional<RelayTls> tls) {

    public RelaySecurity {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(allowList, "allowList");
        Objects.requireNonNull(tls, "tls");
    }

    /** Nothing demanded: the original protocol, byte for byte. */
    public static RelaySecurity none() {
        return new RelaySecurity(Optional.empty(), RelayIdAllowList.any(), Optional.empty());
    }

    /** Whether anything is demanded. */
    public boolean enabled() {
        return token.isPresent() || allowList.restricts() || tls.isPresent();
    }

    /** One line for the start-up log; never shows the token. */
    public String describe() {
        return "relay token " + (token.isPresent() ? "required" : "off") + ", ids " + allowList + ", TLS "
            + tls.map(t -> "on (certificate SHA-256 " + t.fingerprint() + ")").orElse("off");
    }
}
