#!/usr/bin/env bash
# Server CPU per 1,000 samples with 10,000 relays (see docs/performance.md).
# usage: benchmarks/relay-cpu.sh IMAGE FLEET_CLASSPATH LABEL
#   IMAGE            a built image, e.g. distribution/target/pulse
#   FLEET_CLASSPATH  where RelayFleet is, e.g. benchmarks/target/classes:pulse-protocol/target/classes
# Starts IMAGE/bin/pulse -s -p 10 with -Xmx512m on loopback ports 18080/13000, runs RelayFleet (10,000 relays,
# 2,000 connects/s, 3 collectors, held 60 s), and from second 25 to 55 reads the server's CPU ticks
# (/proc/<pid>/stat utime+stime) and samples.ingested. Everything stops by itself; loopback only.
set -u
IMAGE=$1; CP=$2; LABEL=$3
J=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin
DATA=$(mktemp -d)
JAVA_OPTS=-Xmx512m "$IMAGE/bin/pulse" -s -p 10 -H 127.0.0.1:18080 -S 127.0.0.1:13000 --data-dir "$DATA" \
    > "/tmp/relay-cpu-server-$LABEL.log" 2>&1 &
SPID=$!
for _ in $(seq 1 100); do curl -s -H 'X-AUTH-TOKEN: secret' http://127.0.0.1:18080/ping >/dev/null && break; sleep 0.2; done
"$J/java" -cp "$CP" io.pulse.benchmarks.relay.RelayFleet --server 127.0.0.1:13000 --relays 10000 --rate 2000 \
    --collectors 3 --hold 60 --api http://127.0.0.1:18080 --token secret > "/tmp/relay-cpu-fleet-$LABEL.log" 2>&1 &
FPID=$!
sleep 25
ticks() { awk '{print $14+$15}' "/proc/$SPID/stat"; }
samples() { curl -s -H 'X-AUTH-TOKEN: secret' -H 'Accept: application/json' http://127.0.0.1:18080/metrics | tr ',{}' '\n\n\n' \
    | grep '"samples.ingested"' | cut -d: -f2; }
t0=$(ticks); s0=$(samples); w0=$(date +%s.%N)
sleep 30
t1=$(ticks); s1=$(samples); w1=$(date +%s.%N)
rss=$(awk '/VmRSS/ {print $2}' "/proc/$SPID/status")
wait $FPID
kill -TERM $SPID; wait $SPID 2>/dev/null
rm -rf "$DATA"
python3 -c "
dt=($t1-$t0)/100.0; ds=$s1-$s0; wall=$w1-$w0
print('$LABEL: server cpu %.2f s in %.1f s, %d samples (%.0f/s), cpu per 1k samples %.2f ms, rss %d MB'
      % (dt, wall, ds, ds/wall, dt*1e6/ds if ds else -1, $rss/1024))"
tail -2 "/tmp/relay-cpu-fleet-$LABEL.log"
