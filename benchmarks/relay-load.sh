#!/usr/bin/env bash
# One relay-load scenario (docs/performance.md): starts a server from IMAGE, a RelayFleet of RELAYS relays with
# COLLECTORS point collectors each (one stat each) polled every POLL seconds, and measures over MEASURE seconds,
# after WARMUP seconds, the server's CPU (utime+stime from /proc/<pid>/stat, so other processes on a busy machine
# do not count), the samples it ingested (GET /metrics), its resident memory, heap after a full GC, GC pauses
# (from its -Xlog:gc* file, whole run) and, from the fleet's side, polls answered against expected and poll lateness.
# Prints one JSON line on stdout (the last one); logs stay in /tmp/relay-load-LABEL-*.
#
# usage: benchmarks/relay-load.sh IMAGE FLEET_CLASSPATH LABEL
#   IMAGE            a built image, e.g. distribution/target/pulse
#   FLEET_CLASSPATH  e.g. benchmarks/target/classes:pulse-protocol/target/classes
# environment (defaults): RELAYS=2000 COLLECTORS=20 POLL=1 RATE=2000 WARMUP=15 MEASURE=20
#   SERVER_JAVA_OPTS (-Xmx512m)  the server's JVM options
#   SERVER_ARGS ("")             extra server arguments, e.g. "-i http://127.0.0.1:18086" for InfluxDB
#   OTHER_PID                    another process whose CPU counts too (influxd), reported as other_cpu_ms_per_1k
#   THREADS=1                    also print the server's CPU ticks (1/100 s) per thread group over the window (stderr)
#   JFR=file.jfr                 record a flight recording of the server (profiling runs only)
#   FLEET_NICE=N                 run the fleet at nice N (on two cores the fleet cannot have cores of its own; a
#                                niced fleet still answers every poll but yields the CPU when the server needs it,
#                                which shows what the server does when it is not starved by its load generator)
#   ALERTS=N                     define N builtin alerts first (on stats c0..c(N-1), every host, a threshold never
#                                crossed), so the alert engine evaluates every batch: the cost of its feed lane
# Loopback only; everything stops by itself.
set -u
IMAGE=$1; CP=$2; LABEL=$3
RELAYS=${RELAYS:-2000}; COLLECTORS=${COLLECTORS:-20}; POLL=${POLL:-1}; RATE=${RATE:-2000}
WARMUP=${WARMUP:-15}; MEASURE=${MEASURE:-20}
LOG=/tmp/relay-load-$LABEL
. "$(dirname "$0")/bench-lib.sh"
bench_start_server "$IMAGE" "$LOG" "$POLL" ${SERVER_ARGS:-}
for i in $(seq 1 "${ALERTS:-0}"); do
  curl -s -o /dev/null -H 'X-AUTH-TOKEN: secret' $BENCH_API/alerts \
      -d "{\"metric\":\"c$((i - 1))\",\"threshold\":1e9,\"duration\":\"5s\",\"post\":\"http://127.0.0.1:9/hook\"}"
done
START=$(date +%s.%N)
nice -n "${FLEET_NICE:-0}" "$BENCH_J/java" -Xss256k -cp "$CP" io.pulse.benchmarks.relay.RelayFleet --server $BENCH_RELAYS --relays "$RELAYS" \
    --rate "$RATE" --collectors "$COLLECTORS" --hold $((WARMUP + MEASURE + 3)) --api $BENCH_API --token secret \
    --poll-ms $((POLL * 1000)) --measure-from "$WARMUP" --measure "$MEASURE" > "$LOG-fleet.log" 2>&1 &
FPID=$!
threads() { for t in /proc/$SPID/task/*; do echo "${t##*/}:$(tr ' ' '_' < "$t/comm") $(awk '{print $14+$15}' "$t/stat")"; done; }
python3 -c "import time; time.sleep(max(0, $START + $WARMUP - time.time()))"
t0=$(bench_ticks $SPID); s0=$(bench_metric samples.ingested); u0=$(awk '{print $1}' /proc/uptime); l0=$(bench_loadavg)
d0=$(bench_metric storage.samples.dropped); j0=$(bench_uptime $SPID)
o0=0; [ -n "${OTHER_PID:-}" ] && o0=$(bench_ticks "$OTHER_PID")
[ -n "${THREADS:-}" ] && threads > "$LOG-threads0"
sleep "$MEASURE"
t1=$(bench_ticks $SPID); s1=$(bench_metric samples.ingested); u1=$(awk '{print $1}' /proc/uptime); l1=$(bench_loadavg)
j1=$(bench_uptime $SPID)
o1=0; [ -n "${OTHER_PID:-}" ] && o1=$(bench_ticks "$OTHER_PID")
[ -n "${THREADS:-}" ] && threads > "$LOG-threads1"
rss=$(bench_rss_kb $SPID)
lost=$(bench_metric storage.samples.lost); dropped=$(bench_metric storage.samples.dropped)
heap=$(bench_heap_after_gc "$IMAGE")
wait $FPID
bench_stop_server
if [ -n "${THREADS:-}" ]; then
  join <(sort "$LOG-threads0") <(sort "$LOG-threads1") 2>/dev/null | awk '{sub(/^[0-9]+:/, "", $1); gsub(/[0-9]+$/, "", $1); d[$1]+=$3-$2} END {for (k in d) print d[k], k}' \
    | sort -rn | head -12 >&2
fi
read -r gc_n gc_max gc_total <<< "$(bench_gc_pauses "$LOG-gc.log")"
read -r ramp_n ramp_max win_n win_max win_total stall_max <<< "$(bench_gc_split "$LOG-gc.log" "$j0" "$j1")"
python3 - "$LOG-fleet.log" <<PY
import json, sys
fleet_log = sys.argv[1]
cpu_s = ($t1 - $t0) / 100.0
samples = ($s1 or 0) - ($s0 or 0) if "$s1" and "$s0" else 0
wall = $u1 - $u0
fleet = {}
for line in open(fleet_log, errors="replace"):
    if line.startswith("fleet-json "):
        fleet = json.loads(line[len("fleet-json "):])
out = {
    "label": "$LABEL", "relays": $RELAYS, "alerts": ${ALERTS:-0}, "fleet_nice": ${FLEET_NICE:-0}, "stats_per_relay": $COLLECTORS, "poll_s": $POLL,
    "measure_s": round(wall, 1),
    "samples_per_s": round(samples / wall) if wall else 0,
    "server_cpu_ms_per_1k_samples": round(cpu_s * 1e6 / samples, 2) if samples else None,
    "server_cpu_pct_of_core": round(100 * cpu_s / wall, 1) if wall else None,
    "rss_mb": round($rss / 1024),
    "heap_after_gc_mb": round(${heap:-0} / 1048576, 1),
    "samples_lost": int("${lost:-0}" or 0), "samples_dropped": int("${dropped:-0}" or 0),
    "gc_pauses": $gc_n, "gc_pause_max_ms": $gc_max, "gc_pause_total_ms": $gc_total,
    "samples_dropped_window": int("${dropped:-0}" or 0) - int("${d0:-0}" or 0),
    "gc_pauses_ramp": $ramp_n, "gc_pause_max_ms_ramp": $ramp_max,
    "gc_pauses_window": $win_n, "gc_pause_max_ms_window": $win_max, "gc_pause_total_ms_window": $win_total,
    "gc_alloc_stall_max_ms": $stall_max,
    "loadavg_before": "$l0", "loadavg_after": "$l1",
}
if "${OTHER_PID:-}":
    other = ($o1 - $o0) / 100.0
    out["other_cpu_ms_per_1k_samples"] = round(other * 1e6 / samples, 2) if samples else None
out.update(fleet)
print(json.dumps(out))
PY
