#!/usr/bin/env bash
# What idle HTTP connections cost: starts bin/pulse from the image (distribution/target/pulse) with
# --http.max-connections N, then measures the heap after a full GC (jcmd GC.run, then pulse_jvm_heap_used_bytes)
# and the RSS with no client, with N-2 keep-alive connections each answered once (GET /health/live) and held, and
# after they are closed (the connection count back to its start shows no slot leaked).
# usage: benchmarks/http-connections.sh [N]   (default 1024, the default max-connections)
# Run it alone (flock /work/helper-notes/bench.lock ...) at normal priority; each line notes /proc/loadavg.
set -u
N=${1:-1024}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
IMG=$ROOT/distribution/target/pulse
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
RELAY=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

cat > "$D/Hold.java" <<'EOF'
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Opens N keep-alive connections to 127.0.0.1:port, each answered once, and holds them until a file exists. */
public class Hold {
    public static void main(String[] a) throws Exception {
        int port = Integer.parseInt(a[0]);
        int n = Integer.parseInt(a[1]);
        Path done = Path.of(a[2]);
        List<Socket> held = new ArrayList<>();
        int ok = 0;
        int refused = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Socket s = new Socket("127.0.0.1", port);
            s.setSoTimeout(20_000);
            s.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
            if (status.contains("200")) {
                ok++;
            } else if (status.contains("503")) {
                refused++;
            }
            held.add(s);
        }
        System.out.println("opened: " + ok + " served, " + refused + " refused, in "
            + (System.nanoTime() - t0) / 1_000_000 + " ms");
        System.out.flush();
        while (!Files.exists(done)) {
            Thread.sleep(100);
        }
        for (Socket s : held) {
            s.close();
        }
    }
}
EOF

"$IMG/bin/pulse" -s -H 127.0.0.1:$PORT -S 127.0.0.1:$RELAY -t measure --data-dir "$D/data" \
    --http.max-connections "$N" > "$D/out" 2> "$D/err" &
PID=$!
for _ in $(seq 1 150); do curl -s -o /dev/null "http://127.0.0.1:$PORT/health/live" && break; sleep 0.2; done

sample() {
  "$IMG/bin/jcmd" $PID GC.run > /dev/null
  sleep 0.5
  local metrics
  metrics=$(curl -s "http://127.0.0.1:$PORT/metrics")
  echo "$1: heap after GC $(grep -E '^pulse_jvm_heap_used_bytes ' <<< "$metrics" | awk '{print $2}') bytes," \
    "RSS $(grep VmRSS /proc/$PID/status | awk '{print $2}') kB," \
    "$(grep -E '^pulse_http_connections_(open|refused_total) ' <<< "$metrics" | tr '\n' ' ')" \
    "(load $(cut -d' ' -f1-3 /proc/loadavg))"
}

sample "no client"
# N-2: the scrape in sample() needs a connection of its own
"$JAVA" "$D/Hold.java" "$PORT" $((N - 2)) "$D/done" > "$D/hold" &
HOLD=$!
for _ in $(seq 1 600); do grep -q opened "$D/hold" 2>/dev/null && break; sleep 0.2; done
cat "$D/hold"
sample "$((N - 2)) connections held"
touch "$D/done"
wait $HOLD
sleep 1
sample "after closing them"
kill $PID
wait $PID
