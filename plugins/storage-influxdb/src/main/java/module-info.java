/**
 * The {@code influxdb} storage backend: keeps stats in InfluxDB 1.x in the original pulse layout (database
 * {@code statistics}, raw samples in retention policy {@code one_day}, down-sampled means in
 * {@code one_week.aggregate}), and buffers batches on disk while InfluxDB cannot take them.
 *
 * <p>An explicit module whose requirements are all explicit modules too: the JDK's HTTP client
 * ({@code java.net.http}) and Jackson ({@code com.fasterxml.jackson.databind}, read with its tree model, so nothing
 * here is opened to it), both of which the image links already. So jlink can link this plugin into the image like
 * any other.
 *
 * <p>Nothing is exported: the kernel sees only the {@link io.pulse.spi.Plugin} service.
 */
module io.pulse.storage.influxdb {
    requires io.pulse.spi;
    requires java.net.http;
    requires com.fasterxml.jackson.databind;

    provides io.pulse.spi.Plugin with io.pulse.storage.influxdb.InfluxDbPlugin;
}
