#!/usr/bin/env bash
# Start-up time of the server: from launching IMAGE/bin/pulse -s to the first 200 on GET /ping (see docs/performance.md).
# usage: benchmarks/startup.sh [IMAGE] [RUNS]
#   IMAGE  a built image (default distribution/target/pulse)
#   RUNS   how many starts (default 5)
# Each run starts the server with a fresh temporary data dir on free loopback ports, polls /ping from one python3
# process (every ~5 ms) until it answers 200, reads the server's CPU time so far (/proc/<pid>/stat utime+stime;
# all threads, and the main thread alone), then stops it with SIGTERM. Prints one JSON line: runs, median/min/max
# wall ms, median CPU ms (process and main thread), the load average before and after (2 cores: a load above ~1
# stretches wall times; compare images in alternating runs then). Extra JVM options for every run: JAVA_OPTS
# (passed through to bin/pulse).
set -u
IMAGE=${1:-distribution/target/pulse}
RUNS=${2:-5}
TOKEN=startup-bench
[ -x "$IMAGE/bin/pulse" ] || { echo "startup.sh: no $IMAGE/bin/pulse" >&2; exit 2; }
TICK_HZ=$(getconf CLK_TCK)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
walls=(); cpus=(); mains=()
for run in $(seq 1 "$RUNS"); do
  data=$(mktemp -d); http=$(free_port); relay=$(free_port)
  # One python3 process starts the server and polls it: a curl process every 5 ms would take a good part of a core
  # from a server starting on a 2-core machine (fork + exec each time), and so slow down what it measures.
  read -r pid wall ok < <(python3 - "$IMAGE/bin/pulse" "$http" "$relay" "$TOKEN" "$data" <<'PY'
import http.client, subprocess, sys, time
pulse, http_port, relay_port, token, data = sys.argv[1:]
start = time.monotonic()
with open(data + "/log.txt", "wb") as log:
    server = subprocess.Popen([pulse, "-s", "-H", "127.0.0.1:" + http_port, "-S", "127.0.0.1:" + relay_port,
                               "-t", token, "--data-dir", data + "/data"], stdout=log, stderr=subprocess.STDOUT)
ok = 0
while server.poll() is None and time.monotonic() - start < 60:
    connection = http.client.HTTPConnection("127.0.0.1", int(http_port), timeout=5)
    try:
        connection.request("GET", "/ping", headers={"X-AUTH-TOKEN": token})
        if connection.getresponse().status == 200:
            ok = 1
            break
    except (OSError, http.client.HTTPException):
        pass
    finally:
        connection.close()
    time.sleep(0.005)
print(server.pid, int((time.monotonic() - start) * 1000), ok)
PY
)
  cpu=-1; main=-1
  if [ -r "/proc/$pid/stat" ]; then
    cpu=$(awk -v hz="$TICK_HZ" '{print int(($14+$15)*1000/hz)}' "/proc/$pid/stat")
    # The threads named "java" are the launcher's (waiting) and main, which runs the whole start: its CPU time is
    # the start-up's critical path when a core is free, and far less disturbed by other load than wall time.
    main=0
    for task in /proc/$pid/task/*; do
      [ "$(cat "$task/comm" 2>/dev/null)" = java ] || continue
      main=$(( main + $(awk -v hz="$TICK_HZ" '{print int(($14+$15)*1000/hz)}' "$task/stat") ))
    done
  fi
  kill -TERM "$pid" 2>/dev/null
  while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done # not this shell's child: python3 started it
  if [ "$ok" != 1 ]; then echo "startup.sh: run $run got no 200 on /ping; log:" >&2; cat "$data/log.txt" >&2; rm -rf "$data"; exit 1; fi
  rm -rf "$data"
  walls+=("$wall"); cpus+=("$cpu"); mains+=("$main")
  echo "run $run: $wall ms wall, $cpu ms cpu ($main ms main thread)" >&2
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
python3 - "$IMAGE" "$load_before" "$load_after" "${walls[*]}" "${cpus[*]}" "${mains[*]}" <<'PY'
import json, statistics, sys
image, before, after, walls, cpus, mains = sys.argv[1:]
w = [int(x) for x in walls.split()]; c = [int(x) for x in cpus.split()]; m = [int(x) for x in mains.split()]
print(json.dumps({"image": image, "runs": len(w), "median_ms": statistics.median(w), "min_ms": min(w),
                  "max_ms": max(w), "wall_ms": w, "median_cpu_ms": statistics.median(c), "cpu_ms": c,
                  "median_main_thread_cpu_ms": statistics.median(m), "main_thread_cpu_ms": m,
                  "loadavg_before": before, "loadavg_after": after, "cores": __import__("os").cpu_count()}))
PY
