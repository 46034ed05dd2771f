#!/usr/bin/env bash
# The /latest scenario (docs/performance.md): GET /latest/{stat}?host=... on the memory store holding RELAYS x
# COLLECTORS series (100,000 by default: 1,000 relays x 100 stats, each series one stat of one host).
# Starts a server from IMAGE (poll POLL s, -Xmx512m), fills the store with a RelayFleet that stays connected and
# polled through the run (RELAYS x COLLECTORS / POLL samples/s in the background), waits until every series has
# been written once (storage.samples.written), checks one query answers 200, then runs LatestLoad: CONNECTIONS
# keep-alive connections asking for a random stat of a random host, WARMUP s unmeasured, then MEASURE s.
# Prints one JSON line on stdout: requests/s, latency p50/p90/p99/p99.9/max, answers other than 200, the server's
# and the client's CPU per request over the window, RSS, heap after a full GC. Logs in /tmp/latest-load-LABEL-*.
# The client runs on the same machine: on 2 cores it takes CPU the server could use (client_cpu_pct_of_core).
#
# usage: benchmarks/latest-load.sh IMAGE CLASSPATH LABEL
#   CLASSPATH  where RelayFleet and LatestLoad are, e.g. benchmarks/target/classes:pulse-protocol/target/classes
# environment (defaults): RELAYS=1000 COLLECTORS=100 POLL=10 CONNECTIONS=64 WARMUP=10 MEASURE=20
#   SERVER_JAVA_OPTS (-Xmx512m), JFR=file.jfr (a flight recording of the server, profiling runs only)
set -u
IMAGE=$1; CP=$2; LABEL=$3
RELAYS=${RELAYS:-1000}; COLLECTORS=${COLLECTORS:-100}; POLL=${POLL:-10}
CONNECTIONS=${CONNECTIONS:-64}; WARMUP=${WARMUP:-10}; MEASURE=${MEASURE:-20}
LOG=/tmp/latest-load-$LABEL
. "$(dirname "$0")/bench-lib.sh"
bench_start_server "$IMAGE" "$LOG" "$POLL"
"$BENCH_J/java" -Xss256k -cp "$CP" io.pulse.benchmarks.relay.RelayFleet --server $BENCH_RELAYS --relays "$RELAYS" \
    --rate 2000 --collectors "$COLLECTORS" --hold 600 --api $BENCH_API --token secret > "$LOG-fleet.log" 2>&1 &
FPID=$!
SERIES=$((RELAYS * COLLECTORS))
filled=-1
for i in $(seq 1 $((POLL * 10 + 300))); do
  w=$(bench_metric storage.samples.written)
  if [ "${w%.*}" -ge "$SERIES" ] 2>/dev/null; then filled=$((i / 10)); break; fi
  sleep 0.1
done
check=$(curl -s -o /dev/null -w '%{http_code}' -H 'X-AUTH-TOKEN: secret' "$BENCH_API/latest/c$((COLLECTORS - 1))?host=fleet-$((RELAYS - 1))")
START=$(date +%s.%N)
"$BENCH_J/java" -cp "$CP" io.pulse.benchmarks.http.LatestLoad --url $BENCH_API --token secret \
    --connections "$CONNECTIONS" --warmup "$WARMUP" --measure "$MEASURE" --stats "$COLLECTORS" --hosts "$RELAYS" \
    > "$LOG-client.log" 2>&1 &
CPID=$!
python3 -c "import time; time.sleep(max(0, $START + $WARMUP - time.time()))"
t0=$(bench_ticks $SPID); c0=$(bench_ticks $CPID); u0=$(awk '{print $1}' /proc/uptime); l0=$(bench_loadavg)
sleep "$MEASURE"
t1=$(bench_ticks $SPID); c1=$(bench_ticks $CPID); u1=$(awk '{print $1}' /proc/uptime); l1=$(bench_loadavg)
wait $CPID
rss=$(bench_rss_kb $SPID)
heap=$(bench_heap_after_gc "$IMAGE")
kill -TERM $FPID; wait $FPID 2>/dev/null
bench_stop_server
read -r gc_n gc_max gc_total <<< "$(bench_gc_pauses "$LOG-gc.log")"
python3 - "$LOG-client.log" <<PY
import json, sys
client = {}
for line in open(sys.argv[1], errors="replace"):
    if line.startswith("latest-json "):
        client = json.loads(line[len("latest-json "):])
wall = $u1 - $u0
requests = client.get("requests", 0)
server_s, client_s = ($t1 - $t0) / 100.0, ($c1 - $c0) / 100.0
out = {
    "label": "$LABEL", "scenario": "latest", "series": $SERIES, "stats": $COLLECTORS, "hosts": $RELAYS,
    "poll_s": $POLL, "filled_after_s": $filled, "first_query_status": int("$check" or 0),
}
out.update(client)
out.update({
    "server_cpu_pct_of_core": round(100 * server_s / wall, 1) if wall else None,
    "server_cpu_us_per_request": round(server_s * 1e6 / requests, 1) if requests else None,
    "client_cpu_pct_of_core": round(100 * client_s / wall, 1) if wall else None,
    "background_samples_per_s": round($SERIES / $POLL),
    "rss_mb": round($rss / 1024), "heap_after_gc_mb": round(int(float("${heap:-0}" or 0)) / 1048576, 1),
    "gc_pauses": $gc_n, "gc_pause_max_ms": $gc_max, "gc_pause_total_ms": $gc_total,
    "loadavg_before": "$l0", "loadavg_after": "$l1",
})
print(json.dumps(out))
PY
