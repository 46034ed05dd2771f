/**
 * The Mist live publisher ({@code --publishers mist}, or chosen by {@code -m/--mist-address} as in the original):
 * sends every ingested sample to a Mist pub/sub server over Mist's TCP protocol, reconnecting with backoff, keeping
 * the connection alive with pings and dropping (counting) what arrives while disconnected. JDK only.
 */
module io.pulse.publish.mist {
    requires io.pulse.spi;

    provides io.pulse.spi.Plugin with io.pulse.publish.mist.MistPlugin;
}
