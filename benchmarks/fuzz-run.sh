#!/usr/bin/env bash
# Shared runner of the long fuzzing runs (fuzz-protocol.sh, fuzz-http.sh): runs one jqwik test class of one module
# with as many tries as fit in DURATION seconds at the given rate, and prints one JSON line:
# {"fuzz":NAME,"seconds":...,"tries":...,"result":"pass"|"fail","surefire":...,"load":[...],"log":...}.
# usage: benchmarks/fuzz-run.sh NAME MODULE TEST_CLASS TRIES_PER_SECOND DURATION_SECONDS
set -u
cd "$(dirname "$0")/.."
NAME=$1 MODULE=$2 TEST_CLASS=$3 RATE=$4 DURATION=$5
TRIES=$(( DURATION * RATE ))
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
LOG=$(mktemp)
start=$(date +%s)
./mvnw -B -o -q verify -pl "$MODULE" -am -DskipITs -Dtest="${TEST_CLASS##*.}" \
    -Dsurefire.failIfNoSpecifiedTests=false -Djqwik.tries.default="$TRIES" > "$LOG" 2>&1
rc=$?
end=$(date +%s)
REPORT=$MODULE/target/surefire-reports/$TEST_CLASS.txt
ran=$(grep -o 'Tests run: [0-9]*, Failures: [0-9]*, Errors: [0-9]*' "$REPORT" 2>/dev/null | head -1)
python3 -c "
import json
print(json.dumps({'fuzz':'$NAME','seconds':$end-$start,'tries':$TRIES,'result':'pass' if $rc==0 else 'fail',
                  'surefire':'$ran','load':open('/proc/loadavg').read().split()[:3],'log':'$LOG'}))"
exit $rc
