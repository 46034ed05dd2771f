#!/usr/bin/env bash
# The idle-relays scenario (docs/performance.md): RELAYS relays connected and beating, no collectors (nothing to
# poll). Starts a server from IMAGE (poll 10 s, -Xmx1g), takes its heap after a full GC with no relay, connects a
# RelayFleet of RELAYS relays at RATE per second with --collectors 0, waits until the server counts them all
# (relays.connected), lets them beat for SETTLE s, measures the server's CPU over MEASURE s, takes the heap after a
# full GC again, RSS and threads, then lets the fleet leave and waits until relays.connected is back to 0.
# Prints one JSON line on stdout: heap per relay (heap_per_relay_kb, the target is <= 20 KB at 18,000), the rest
# around it. Logs stay in /tmp/idle-relays-LABEL-*.
#
# usage: benchmarks/idle-relays.sh IMAGE FLEET_CLASSPATH LABEL
# environment (defaults): RELAYS=18000 RATE=3000 SETTLE=5 MEASURE=10 SERVER_JAVA_OPTS=-Xmx1g
# The process limit of open files here is 20,000 (hard), which is why the scenario stops at 18,000.
set -u
IMAGE=$1; CP=$2; LABEL=$3
RELAYS=${RELAYS:-18000}; RATE=${RATE:-3000}; SETTLE=${SETTLE:-5}; MEASURE=${MEASURE:-10}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xmx1g}
LOG=/tmp/idle-relays-$LABEL
. "$(dirname "$0")/bench-lib.sh"
bench_start_server "$IMAGE" "$LOG" 10
l0=$(bench_loadavg)
heap0=$(bench_heap_after_gc "$IMAGE")
HOLD=$((SETTLE + MEASURE + 15))
"$BENCH_J/java" -Xss256k -cp "$CP" io.pulse.benchmarks.relay.RelayFleet --server $BENCH_RELAYS --relays "$RELAYS" \
    --rate "$RATE" --collectors 0 --hold $HOLD --api $BENCH_API --token secret > "$LOG-fleet.log" 2>&1 &
FPID=$!
register_s=$(bench_wait_metric relays.connected "$RELAYS" $((RELAYS / RATE + 60)))
sleep "$SETTLE"
t0=$(bench_ticks $SPID); u0=$(awk '{print $1}' /proc/uptime)
sleep "$MEASURE"
t1=$(bench_ticks $SPID); u1=$(awk '{print $1}' /proc/uptime)
connected=$(bench_metric relays.connected)
heap1=$(bench_heap_after_gc "$IMAGE")
rss=$(bench_rss_kb $SPID); threads=$(awk '/^Threads/ {print $2}' "/proc/$SPID/status")
wait $FPID
unregister_s=$(bench_wait_metric relays.connected 0 30)
disconnected=$(bench_metric relays.disconnected)
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
relays, connected = $RELAYS, num("${connected:-}")
heap0, heap1 = num("${heap0:-}"), num("${heap1:-}")
wall = $u1 - $u0
out = {
    "label": "$LABEL", "scenario": "idle-relays", "relays": relays, "relays_connected": connected,
    "register_all_s": $register_s,
    "heap_after_gc_no_relays_mb": round(heap0 / 1048576, 1), "heap_after_gc_mb": round(heap1 / 1048576, 1),
    "heap_per_relay_kb": round((heap1 - heap0) / max(1, connected) / 1024, 2),
    "rss_mb": round($rss / 1024), "threads": $threads,
    "server_cpu_pct_of_core": round(100 * ($t1 - $t0) / 100.0 / wall, 1) if wall else None,
    "unregistered_all_s_after_close": $unregister_s, "relays_disconnected": num("${disconnected:-}"),
    "gc_pauses": $gc_n, "gc_pause_max_ms": $gc_max, "gc_pause_total_ms": $gc_total,
    "loadavg_before": "$l0", "loadavg_after": "$l1",
}
out.update({"fleet_" + k: v for k, v in fleet.items()})
print(json.dumps(out))
PY
