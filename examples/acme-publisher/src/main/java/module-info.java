/**
 * An example third-party Pulse plugin: a live publisher that appends every sample it receives, as one line, to a
 * file in its data directory. Compiled against {@code io.pulse.spi} alone.
 */
module com.acme.pulse {
    requires io.pulse.spi;
    provides io.pulse.spi.Plugin with com.acme.pulse.AcmePlugin;
}
