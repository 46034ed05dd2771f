# Shared helpers of the scenario scripts (relay-load.sh, idle-relays.sh, connection-storm.sh, latest-load.sh);
# sourced, not run. Every scenario starts one server from an image on loopback (HTTP 127.0.0.1:18080, relays
# 127.0.0.1:13000, token "secret"), with a GC log, and reads its figures from /proc and GET /metrics.
#
#   bench_start_server IMAGE LOG POLL [extra server args...]   sets SPID and BENCH_DATA; SERVER_JAVA_OPTS (-Xmx512m)
#   bench_stop_server                                          SIGTERM, wait, remove the data dir
#   bench_metric NAME                                          one value of GET /metrics (JSON)
#   bench_ticks PID                                            utime + stime of a process, in 1/100 s
#   bench_heap_after_gc IMAGE                                  full GC (jcmd GC.run), then jvm.heap.used in bytes
#   bench_rss_kb PID                                           resident set size in KB
#   bench_loadavg                                              the 1, 5 and 15 minute load averages
#   bench_gc_pauses LOG                                        "count max_ms total_ms" of the GC log's pauses
#   bench_uptime PID                                           seconds since the process started (the GC log's clock)
#   bench_gc_split LOG FROM TO                                 the pauses before FROM (the ramp: "count max_ms") and
#                                                              from FROM to TO (the window: "count max_ms total_ms"),
#                                                              seconds of the GC log's uptime; then the longest
#                                                              allocation stall (ZGC) of the whole run, in ms
#   bench_wait_metric NAME VALUE SECONDS                       polls every 0.1 s until NAME == VALUE; prints the
#                                                              seconds it took, or -1 after SECONDS
BENCH_J=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin
BENCH_API=http://127.0.0.1:18080
BENCH_RELAYS=127.0.0.1:13000

bench_start_server() {
  local image=$1 log=$2 poll=$3; shift 3
  BENCH_DATA=$(mktemp -d)
  local opts="${SERVER_JAVA_OPTS:--Xmx512m} -Xlog:gc*:file=$log-gc.log:uptime"
  if [ -n "${JFR:-}" ]; then opts="$opts -XX:StartFlightRecording=filename=$JFR,settings=profile"; fi
  ulimit -n 20000 2>/dev/null || true
  JAVA_OPTS="$opts" "$image/bin/pulse" -s -p "$poll" -H 127.0.0.1:18080 -S "$BENCH_RELAYS" --data-dir "$BENCH_DATA" \
      "$@" > "$log-server.log" 2>&1 &
  SPID=$!
  for _ in $(seq 1 150); do curl -s -H 'X-AUTH-TOKEN: secret' $BENCH_API/ping >/dev/null && break; sleep 0.2; done
}

bench_stop_server() {
  kill -TERM "$SPID"; wait "$SPID" 2>/dev/null
  rm -rf "$BENCH_DATA"
}

bench_metric() {
  curl -s -H 'X-AUTH-TOKEN: secret' -H 'Accept: application/json' $BENCH_API/metrics | tr ',{}' '\n\n\n' \
      | grep "\"$1\"" | head -1 | cut -d: -f2
}

bench_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }

bench_heap_after_gc() {
  "$BENCH_J/jcmd" "$SPID" GC.run > /dev/null 2>&1 || "$1/bin/jcmd" "$SPID" GC.run > /dev/null 2>&1
  bench_metric jvm.heap.used
}

bench_rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

bench_loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

bench_gc_pauses() {
  python3 - "$1" <<'PY'
import re, sys
pauses = []
for line in open(sys.argv[1], errors="replace"):
    m = re.match(r"\[(\d+\.\d+)s\].*\bPause\b.* (\d+\.\d+)ms$", line.rstrip())
    # the heap measurement's own full GC (jcmd GC.run: "Diagnostic Command"; System.gc()) does not count
    if m and "System.gc()" not in line and "Diagnostic Command" not in line:
        pauses.append(float(m.group(2)))
print(len(pauses), max(pauses, default=0), round(sum(pauses), 1))
PY
}

bench_uptime() {
  python3 - "$1" <<'PY'
import os, sys
stat = open(f"/proc/{sys.argv[1]}/stat").read()
start_ticks = int(stat[stat.rindex(")") + 2:].split()[19])  # field 22, starttime, in clock ticks since boot
uptime = float(open("/proc/uptime").read().split()[0])
print(round(uptime - start_ticks / os.sysconf("SC_CLK_TCK"), 2))
PY
}

bench_gc_split() {
  python3 - "$1" "$2" "$3" <<'PY'
import re, sys
start, end = float(sys.argv[2]), float(sys.argv[3])
ramp, window, stalls = [], [], []
for line in open(sys.argv[1], errors="replace"):
    line = line.rstrip()
    m = re.match(r"\[(\d+\.\d+)s\].*\bPause\b.* (\d+\.\d+)ms$", line)
    if m and "System.gc()" not in line and "Diagnostic Command" not in line:
        # the log line is written at the pause's end: its start is the uptime minus the pause
        t, ms = float(m.group(1)), float(m.group(2))
        (ramp if t - ms / 1000 < start else window if t - ms / 1000 < end else []).append(ms)
    s = re.match(r"\[(\d+\.\d+)s\] Allocation Stall \(.*\) (\d+\.\d+)ms$", line)
    if s:
        stalls.append(float(s.group(2)))
print(len(ramp), max(ramp, default=0), len(window), max(window, default=0), round(sum(window), 1),
      max(stalls, default=0))
PY
}

bench_wait_metric() {
  local name=$1 want=$2 limit_ms=$(($3 * 1000)) start now
  start=$(($(date +%s%N) / 1000000))
  while true; do
    now=$(($(date +%s%N) / 1000000))
    if [ "$(bench_metric "$name")" = "$want" ]; then
      printf '%d.%03d\n' $(((now - start) / 1000)) $(((now - start) % 1000)); return
    fi
    if [ $((now - start)) -gt $limit_ms ]; then echo -1; return; fi
    sleep 0.1
  done
}
