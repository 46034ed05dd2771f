#!/usr/bin/env bash
# Long HTTP fuzzing run: HttpFuzzTest (plugins/api-http) with as many jqwik tries as fit in DURATION seconds (CI runs
# 300 tries, a few seconds). Each try: one generated request (method, path from the route table, query, headers,
# body) over a raw socket to the real Helidon server on loopback; see the test's javadoc for what is checked.
# usage: benchmarks/fuzz-http.sh [DURATION_SECONDS]   (default 300)
# Prints one JSON line: {"fuzz":"http","seconds":...,"tries":...,"result":"pass"|"fail",...}.
set -u
cd "$(dirname "$0")/.."
DURATION=${1:-300}
# about 150 requests a second on the 2-core machine (1,500 took 7.8 s at load 6.6); each try is bounded by the test
TRIES=$(( DURATION * 150 ))
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
LOG=$(mktemp)
start=$(date +%s)
./mvnw -B -o -q verify -pl plugins/api-http -am -DskipITs -Dtest=HttpFuzzTest \
    -Dsurefire.failIfNoSpecifiedTests=false -Djqwik.tries.default="$TRIES" > "$LOG" 2>&1
rc=$?
end=$(date +%s)
REPORT=plugins/api-http/target/surefire-reports/io.pulse.api.http.HttpFuzzTest.txt
ran=$(grep -o 'Tests run: [0-9]*, Failures: [0-9]*, Errors: [0-9]*' "$REPORT" 2>/dev/null | head -1)
python3 -c "
import json
print(json.dumps({'fuzz':'http','seconds':$end-$start,'tries':$TRIES,'result':'pass' if $rc==0 else 'fail',
                  'surefire':'$ran','load':open('/proc/loadavg').read().split()[:3],'log':'$LOG'}))"
exit $rc
