#!/usr/bin/env bash
# Long HTTP fuzzing run: HttpFuzzTest (plugins/api-http) with as many jqwik tries as fit in DURATION seconds (CI runs
# 300 tries, a few seconds). Each try: one generated request (method, path from the route table, query, headers,
# body) over a raw socket to the real Helidon server on loopback; see the test's javadoc for what is checked.
# usage: benchmarks/fuzz-http.sh [DURATION_SECONDS]   (default 300)
# Prints one JSON line: {"fuzz":"http","seconds":...,"tries":...,"result":"pass"|"fail",...}.
# About 150 requests a second on the 2-core machine (1,500 took 7.8 s at load 6.6); each try is bounded by the test.
exec "$(dirname "$0")/fuzz-run.sh" http plugins/api-http io.pulse.api.http.HttpFuzzTest 150 "${1:-300}"
