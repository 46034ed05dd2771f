#!/usr/bin/env bash
# Long protocol fuzzing run: RelayProtocolFuzzTest (pulse-kernel) with as many jqwik tries as fit in DURATION
# seconds (CI runs 60 tries, about 5 s). Each try: up to 8 connections of generated lines against a real relay server
# on loopback while a good relay is polled every 50 ms; see the test's javadoc for what is checked.
# usage: benchmarks/fuzz-protocol.sh [DURATION_SECONDS]   (default 300)
# Prints one JSON line: {"fuzz":"protocol","seconds":...,"tries":...,"result":"pass"|"fail",...}.
set -u
cd "$(dirname "$0")/.."
DURATION=${1:-300}
# about 15 tries a second on the 2-core machine (720 tries took 38 s at load 6.7); the test itself bounds each try
TRIES=$(( DURATION * 15 ))
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
LOG=$(mktemp)
start=$(date +%s)
./mvnw -B -o -q verify -pl pulse-kernel -am -DskipITs -Dtest=RelayProtocolFuzzTest \
    -Dsurefire.failIfNoSpecifiedTests=false -Djqwik.tries.default="$TRIES" > "$LOG" 2>&1
rc=$?
end=$(date +%s)
REPORT=pulse-kernel/target/surefire-reports/io.pulse.kernel.relay.RelayProtocolFuzzTest.txt
ran=$(grep -o 'Tests run: [0-9]*, Failures: [0-9]*, Errors: [0-9]*' "$REPORT" 2>/dev/null | head -1)
python3 -c "
import json,sys
print(json.dumps({'fuzz':'protocol','seconds':$end-$start,'tries':$TRIES,'result':'pass' if $rc==0 else 'fail',
                  'surefire':'$ran','load':open('/proc/loadavg').read().split()[:3],'log':'$LOG'}))"
exit $rc
