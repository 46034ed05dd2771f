package io.pulse.alert.kapacitor;

import io.pulse.spi.ConfigException;
import io.pulse.spi.option.OptionValues;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The parsed options of the {@code kapacitor} backend.
 *
 * @param address       Kapacitor's base URL, without a trailing slash
 * @param database      the database the tasks query (their {@code dbrps} and {@code FROM})
 * @param policy        the retention policy the tasks query
 * @param log           the file every task also logs to, if any
 * @param timeout       the bound of one HTTP call
 * @param retryInterval the period of the health ping
 */
record KapacitorSettings(URI address, String database, String policy, Optional<String> log, Duration timeout,
                         Duration retryInterval) {

    KapacitorSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(retryInterval, "retryInterval");
    }

    /**
     * Reads the options. The address has no default: the backend is selected by setting it, and
     * {@code --alerts kapacitor} alone would otherwise point at nothing.
     *
     * @throws ConfigException naming {@code kapacitor-address} when it is not set
     */
    static KapacitorSettings from(OptionValues options) {
        URI address = options.find(KapacitorOptions.ADDRESS).orElseThrow(() -> new ConfigException(
            "kapacitor-address: the kapacitor alerts need Kapacitor's address; set -k/--kapacitor-address,"
                + " e.g. -k http://127.0.0.1:9092"));
        String text = address.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return new KapacitorSettings(URI.create(text), options.get(KapacitorOptions.DATABASE),
            options.get(KapacitorOptions.RETENTION_POLICY), options.find(KapacitorOptions.LOG),
            options.get(KapacitorOptions.TIMEOUT), options.get(KapacitorOptions.RETRY_INTERVAL));
    }
}
