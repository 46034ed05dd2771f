#!/usr/bin/env bash
# The connection-storm scenario (docs/performance.md): RELAYS relays (3 collectors each) connecting at RATE per
# second (10,000 at 5,000/s: within 2 s if the generator keeps up), held HOLD s, then all closing at once.
# Starts a server from IMAGE (poll 10 s, -Xmx512m), times from the fleet's start until the server counts all of them
# (relays.connected), and from the fleet's last close until relays.connected is back to 0; counts the fleet's
# failures, the server's relays.accepted and relays.disconnected, and compares the heap after a full GC before and
# after the storm. Prints one JSON line on stdout; logs stay in /tmp/connection-storm-LABEL-*.
#
# usage: benchmarks/connection-storm.sh IMAGE FLEET_CLASSPATH LABEL
# environment (defaults): RELAYS=10000 RATE=5000 HOLD=5 SERVER_JAVA_OPTS=-Xmx512m
set -u
IMAGE=$1; CP=$2; LABEL=$3
RELAYS=${RELAYS:-10000}; RATE=${RATE:-5000}; HOLD=${HOLD:-5}
LOG=/tmp/connection-storm-$LABEL
. "$(dirname "$0")/bench-lib.sh"
bench_start_server "$IMAGE" "$LOG" 10
l0=$(bench_loadavg)
heap0=$(bench_heap_after_gc "$IMAGE")
t0=$(bench_ticks $SPID)
"$BENCH_J/java" -Xss256k -cp "$CP" io.pulse.benchmarks.relay.RelayFleet --server $BENCH_RELAYS --relays "$RELAYS" \
    --rate "$RATE" --collectors 3 --hold "$HOLD" --api $BENCH_API --token secret > "$LOG-fleet.log" 2>&1 &
FPID=$!
register_s=$(bench_wait_metric relays.connected "$RELAYS" $((RELAYS / RATE + 60)))
peak=$(bench_metric relays.connected)
wait $FPID
unregister_s=$(bench_wait_metric relays.connected 0 30)
t1=$(bench_ticks $SPID)
accepted=$(bench_metric relays.accepted); disconnected=$(bench_metric relays.disconnected)
polls=$(bench_metric batches.ingested)
heap1=$(bench_heap_after_gc "$IMAGE")
rss=$(bench_rss_kb $SPID); threads=$(awk '/^Threads/ {print $2}' "/proc/$SPID/status")
l1=$(bench_loadavg)
bench_stop_server
read -r gc_n gc_max gc_total <<< "$(bench_gc_pauses "$LOG-gc.log")"
python3 - "$LOG-fleet.log" <<PY
import json, sys
fleet = {}
for line in open(sys.argv[1], errors="replace"):
    if line.startswith("fleet-json "):
        fleet = json.loads(line[len("fleet-json "):])
num = lambda s: int(float(s)) if s else 0
out = {
    "label": "$LABEL", "scenario": "connection-storm", "relays": $RELAYS, "connect_rate_asked": $RATE,
    "server_registered_all_s": $register_s, "relays_connected_peak": num("$peak"),
    "server_unregistered_all_s_after_close": $unregister_s,
    "relays_accepted": num("$accepted"), "relays_disconnected": num("$disconnected"),
    "polls_answered": num("$polls"),
    "server_cpu_s": round(($t1 - $t0) / 100.0, 2),
    "heap_after_gc_before_mb": round(num("$heap0") / 1048576, 1),
    "heap_after_gc_after_mb": round(num("$heap1") / 1048576, 1),
    "rss_mb": round($rss / 1024), "threads_after": $threads,
    "gc_pauses": $gc_n, "gc_pause_max_ms": $gc_max, "gc_pause_total_ms": $gc_total,
    "loadavg_before": "$l0", "loadavg_after": "$l1",
}
out.update({"fleet_" + k: v for k, v in fleet.items()})
print(json.dumps(out))
PY
