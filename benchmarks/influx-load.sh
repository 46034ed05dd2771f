#!/usr/bin/env bash
# The InfluxDB scenario (docs/performance.md): a fresh influxd (InfluxDB 1.x, Debian package influxdb) on loopback
# port 18086 with its own temporary directory, then benchmarks/relay-load.sh against it with 200 relays x 20 stats
# polled every second; the JSON line adds influxd's CPU per 1,000 samples (other_cpu_ms_per_1k_samples).
# usage: benchmarks/influx-load.sh IMAGE FLEET_CLASSPATH LABEL   (RELAYS, COLLECTORS, ... as for relay-load.sh)
#   INFLUX_ARGS ("")  more server arguments, e.g. "--influxdb.write-interval=0s" (the plugin's options)
set -u
IMAGE=$1; CP=$2; LABEL=$3
DIR=$(mktemp -d)
cat > "$DIR/influxdb.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:18088"
[meta]
  dir = "$DIR/meta"
  logging-enabled = false
[data]
  dir = "$DIR/data"
  wal-dir = "$DIR/wal"
  query-log-enabled = false
  trace-logging-enabled = false
[http]
  bind-address = "127.0.0.1:18086"
  log-enabled = false
[monitor]
  store-enabled = false
[continuous_queries]
  log-enabled = false
CONF
influxd run -config "$DIR/influxdb.conf" > "$DIR/influxd.log" 2>&1 &
IPID=$!
for _ in $(seq 1 100); do curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:18086/ping | grep -q 204 && break; sleep 0.2; done
RELAYS=${RELAYS:-200} OTHER_PID=$IPID SERVER_ARGS="-i http://127.0.0.1:18086 ${INFLUX_ARGS:-}" \
    "$(dirname "$0")/relay-load.sh" "$IMAGE" "$CP" "$LABEL"
kill -TERM $IPID; wait $IPID 2>/dev/null
rm -rf "$DIR"
