package io.pulse.kernel.relay.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The shared secret relays present with {@code auth <token>} ({@code --relay-token}). Kept as its SHA-256 digest
 * and compared with {@link MessageDigest#isEqual} on digests, so how long a comparison takes says nothing about the
 * token, not even its length. {@link #toString()} never shows it. Immutable.
 */
public final class RelayToken {

    private final byte[] digest;

    private RelayToken(byte[] digest) {
        this.digest = digest;
    }

    /**
     * @param secret the token, not blank (an empty token would let everyone in: leave the option unset instead)
     * @throws IllegalArgumentException when blank or when it holds a line break (it could never be sent)
     */
    public static RelayToken of(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("a relay token must not be empty");
        }
        if (secret.indexOf('\n') >= 0 || secret.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a relay token must not contain a line break");
        }
        return new RelayToken(sha256(secret));
    }

    /** Whether {@code presented} is the token; constant time. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "RelayToken[****]";
    }
}
