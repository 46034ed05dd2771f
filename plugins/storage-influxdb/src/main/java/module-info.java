/**
 * The {@code influxdb} storage backend: keeps stats in InfluxDB 1.x in the original pulse layout (database
 * {@code statistics}, raw samples in retention policy {@code one_day}, down-sampled means in
 * {@code one_week.aggregate}), and buffers batches on disk while InfluxDB cannot take them.
 *
 * <p>influxdb-java and its OkHttp/Retrofit/Moshi stack are automatic modules, so this plugin cannot be linked into
 * the jlink image: it ships in the image's {@code plugins/influxdb/} folder and the kernel loads it into its own
 * module layer. okhttp3 and okhttp3.logging are explicit modules that influxdb-java (automatic, hence without
 * {@code requires}) needs at run time, so they are required here to be resolved into that layer.
 *
 * <p>Nothing is exported: the kernel sees only the {@link io.pulse.spi.Plugin} service.
 */
module io.pulse.storage.influxdb {
    requires io.pulse.spi;
    requires influxdb.java;
    requires okhttp3;
    requires okhttp3.logging;

    provides io.pulse.spi.Plugin with io.pulse.storage.influxdb.InfluxDbPlugin;
}
