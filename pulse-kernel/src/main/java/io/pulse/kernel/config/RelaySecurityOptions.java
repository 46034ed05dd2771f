package io.pulse.kernel.config;

import io.pulse.kernel.relay.security.RelayIdAllowList;
import io.pulse.kernel.relay.security.RelaySecurity;
import io.pulse.kernel.relay.security.RelayTls;
import io.pulse.kernel.relay.security.RelayToken;
import io.pulse.spi.ConfigException;
import io.pulse.spi.option.Option;
import io.pulse.spi.option.OptionType;
import io.pulse.spi.option.OptionValues;
import io.pulse.spi.tls.PemFiles;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's options that secure the relay listener (all off by default, so original relays keep working): a
 * shared token, an allow-list of relay ids, and TLS with the operator's PEM pair. {@link #settings} turns their
 * values into the {@link RelaySecurity} the relay server enforces. See {@code docs/security.md}.
 */
public final class RelaySecurityOptions {

    /** {@code --relay-token} / {@code PULSE_RELAY_TOKEN}: a secret, masked wherever the kernel writes it. */
    public static final Option<String> RELAY_TOKEN = Option.builder("relay-token", OptionType.string())
        .secret().flag("relay-token")
        .description("Shared secret relays must send ('auth <token>') before 'id' (default: none, any relay may"
            + " connect)").build();
    /** {@code --relay-allow-ids}: ids or globs. */
    public static final Option<String> RELAY_ALLOW_IDS = Option.builder("relay-allow-ids", OptionType.string())
        .flag("relay-allow-ids")
        .description("Relay ids allowed to register, comma separated; * and ? are wildcards, e.g. web-*,db1"
            + " (default: any id)").build();
    /** {@code --relay-tls-cert}: the PEM chain, server certificate first. */
    public static final Option<Path> RELAY_TLS_CERT = Option.builder("relay-tls-cert", OptionType.path())
        .flag("relay-tls-cert")
        .description("PEM certificate chain for TLS on the relay listener, server certificate first (with"
            + " --relay-tls-key); relays then must use TLS").build();
    /** {@code --relay-tls-key}: the PKCS#8 key of the certificate. */
    public static final Option<Path> RELAY_TLS_KEY = Option.builder("relay-tls-key", OptionType.path())
        .flag("relay-tls-key")
        .description("PEM PKCS#8 private key (RSA or EC, unencrypted) of --relay-tls-cert").build();

    /** All of them, in {@code --help} order. */
    public static final List<Option<?>> ALL = List.of(RELAY_TOKEN, RELAY_ALLOW_IDS, RELAY_TLS_CERT, RELAY_TLS_KEY);

    private RelaySecurityOptions() {
    }

    /**
     * The relay security the values ask for; reads the PEM files when TLS is set.
     *
     * @throws ConfigException naming the option: an empty token, only one of the TLS pair, unreadable or mismatched
     *                         PEM files
     */
    public static RelaySecurity settings(OptionValues values) {
        Optional<RelayToken> token = values.find(RELAY_TOKEN).map(secret -> {
            try {
                return RelayToken.of(secret);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(RELAY_TOKEN.key() + ": " + e.getMessage()
                    + " (leave it unset to let any relay connect)");
            }
        });
        RelayIdAllowList allowList = values.find(RELAY_ALLOW_IDS).map(RelayIdAllowList::parse)
            .orElse(RelayIdAllowList.any());
        Optional<Path> cert = values.find(RELAY_TLS_CERT);
        Optional<Path> key = values.find(RELAY_TLS_KEY);
        if (cert.isPresent() != key.isPresent()) {
            throw new ConfigException((cert.isPresent() ? RELAY_TLS_KEY : RELAY_TLS_CERT).key() + ": missing; set"
                + " both " + RELAY_TLS_CERT.key() + " and " + RELAY_TLS_KEY.key() + " for TLS on the relay listener");
        }
        Optional<RelayTls> tls = Optional.empty();
        if (cert.isPresent()) {
            try {
                tls = Optional.of(RelayTls.of(PemFiles.load(cert.get(), RELAY_TLS_CERT.key(), key.get(),
                    RELAY_TLS_KEY.key())));
            } catch (GeneralSecurityException e) {
                throw new ConfigException(RELAY_TLS_KEY.key() + ": the JDK cannot use the key in " + key.get() + ": "
                    + e.getMessage(), e);
            }
        }
        return new RelaySecurity(token, allowList, tls);
    }
}
