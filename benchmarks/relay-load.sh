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
# Loopback only; everything stops by itself.
set -u
IMAGE=$1; CP=$2; LABEL=$3
RELAYS=${RELAYS:-2000}; COLLECTORS=${COLLECTORS:-20}; POLL=${POLL:-1}; RATE=${RATE:-2000}
WARMUP=${WARMUP:-15}; MEASURE=${MEASURE:-20}
J=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin
DATA=$(mktemp -d)
LOG=/tmp/relay-load-$LABEL
API=http://127.0.0.1:18080
OPTS="${SERVER_JAVA_OPTS:--Xmx512m} -Xlog:gc*:file=$LOG-gc.log:uptime"
if [ -n "${JFR:-}" ]; then OPTS="$OPTS -XX:StartFlightRecording=filename=$JFR,settings=profile"; fi
ulimit -n 20000 2>/dev/null || true
JAVA_OPTS="$OPTS" "$IMAGE/bin/pulse" -s -p "$POLL" -H 127.0.0.1:18080 -S 127.0.0.1:13000 --data-dir "$DATA" \
    ${SERVER_ARGS:-} > "$LOG-server.log" 2>&1 &
SPID=$!
for _ in $(seq 1 150); do curl -s -H 'X-AUTH-TOKEN: secret' $API/ping >/dev/null && break; sleep 0.2; done
START=$(date +%s.%N)
"$J/java" -Xss256k -cp "$CP" io.pulse.benchmarks.relay.RelayFleet --server 127.0.0.1:13000 --relays "$RELAYS" \
    --rate "$RATE" --collectors "$COLLECTORS" --hold $((WARMUP + MEASURE + 3)) --api $API --token secret \
    --poll-ms $((POLL * 1000)) --measure-from "$WARMUP" --measure "$MEASURE" > "$LOG-fleet.log" 2>&1 &
FPID=$!
metric() { curl -s -H 'X-AUTH-TOKEN: secret' -H 'Accept: application/json' $API/metrics | tr ',{}' '\n\n\n' \
    | grep "\"$1\"" | head -1 | cut -d: -f2; }
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
threads() { for t in /proc/$SPID/task/*; do echo "${t##*/}:$(tr ' ' '_' < "$t/comm") $(awk '{print $14+$15}' "$t/stat")"; done; }
python3 -c "import time; time.sleep(max(0, $START + $WARMUP - time.time()))"
t0=$(ticks $SPID); s0=$(metric samples.ingested); u0=$(awk '{print $1}' /proc/uptime); l0=$(cut -d' ' -f1-3 /proc/loadavg)
o0=0; [ -n "${OTHER_PID:-}" ] && o0=$(ticks "$OTHER_PID")
[ -n "${THREADS:-}" ] && threads > "$LOG-threads0"
sleep "$MEASURE"
t1=$(ticks $SPID); s1=$(metric samples.ingested); u1=$(awk '{print $1}' /proc/uptime); l1=$(cut -d' ' -f1-3 /proc/loadavg)
o1=0; [ -n "${OTHER_PID:-}" ] && o1=$(ticks "$OTHER_PID")
[ -n "${THREADS:-}" ] && threads > "$LOG-threads1"
rss=$(awk '/VmRSS/ {print $2}' "/proc/$SPID/status")
lost=$(metric storage.samples.lost); dropped=$(metric storage.samples.dropped)
"$J/jcmd" $SPID GC.run > /dev/null 2>&1 || "$IMAGE/bin/jcmd" $SPID GC.run > /dev/null 2>&1
heap=$(metric jvm.heap.used)
wait $FPID
kill -TERM $SPID; wait $SPID 2>/dev/null
rm -rf "$DATA"
if [ -n "${THREADS:-}" ]; then
  join <(sort "$LOG-threads0") <(sort "$LOG-threads1") 2>/dev/null | awk '{sub(/^[0-9]+:/, "", $1); gsub(/[0-9]+$/, "", $1); d[$1]+=$3-$2} END {for (k in d) print d[k], k}' \
    | sort -rn | head -12 >&2
fi
python3 - "$LOG-gc.log" "$LOG-fleet.log" <<PY
import json, re, sys
gc_log, fleet_log = sys.argv[1], sys.argv[2]
cpu_s = ($t1 - $t0) / 100.0
samples = ($s1 or 0) - ($s0 or 0) if "$s1" and "$s0" else 0
wall = $u1 - $u0
pauses = []
for line in open(gc_log, errors="replace"):
    m = re.match(r"\[(\d+\.\d+)s\].*\bPause\b.* (\d+\.\d+)ms$", line.rstrip())
    if m and "System.gc()" not in line:  # the heap measurement's own full GC does not count
        pauses.append(float(m.group(2)))
fleet = {}
for line in open(fleet_log, errors="replace"):
    if line.startswith("fleet-json "):
        fleet = json.loads(line[len("fleet-json "):])
out = {
    "label": "$LABEL", "relays": $RELAYS, "stats_per_relay": $COLLECTORS, "poll_s": $POLL,
    "measure_s": round(wall, 1),
    "samples_per_s": round(samples / wall) if wall else 0,
    "server_cpu_ms_per_1k_samples": round(cpu_s * 1e6 / samples, 2) if samples else None,
    "server_cpu_pct_of_core": round(100 * cpu_s / wall, 1) if wall else None,
    "rss_mb": round($rss / 1024),
    "heap_after_gc_mb": round(${heap:-0} / 1048576, 1),
    "samples_lost": int("${lost:-0}" or 0), "samples_dropped": int("${dropped:-0}" or 0),
    "gc_pauses": len(pauses), "gc_pause_max_ms": max(pauses, default=0), "gc_pause_total_ms": round(sum(pauses), 1),
    "loadavg_before": "$l0", "loadavg_after": "$l1",
}
if "${OTHER_PID:-}":
    other = ($o1 - $o0) / 100.0
    out["other_cpu_ms_per_1k_samples"] = round(other * 1e6 / samples, 2) if samples else None
out.update(fleet)
print(json.dumps(out))
PY
