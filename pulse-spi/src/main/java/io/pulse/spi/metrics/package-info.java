/**
 * A plugin's own metrics: counters, gauges and histograms it registers through
 * {@link io.pulse.spi.PluginContext#metrics()}, exported by the front ends next to the server's (for example on the
 * HTTP API's {@code GET /metrics} in the Prometheus text format as {@code pulse_<plugin id>_<name>}), and the
 * {@link io.pulse.spi.metrics.MetricFamily snapshots} front ends read them as.
 */
@Api
package io.pulse.spi.metrics;

import io.pulse.spi.Api;
