#!/usr/bin/env bash
# Long protocol fuzzing run: RelayProtocolFuzzTest (pulse-kernel) with as many jqwik tries as fit in DURATION
# seconds (CI runs 60 tries, about 5 s). Each try: up to 8 connections of generated lines against a real relay server
# on loopback while a good relay is polled every 50 ms; see the test's javadoc for what is checked.
# usage: benchmarks/fuzz-protocol.sh [DURATION_SECONDS]   (default 300)
# Prints one JSON line: {"fuzz":"protocol","seconds":...,"tries":...,"result":"pass"|"fail",...}.
# About 15 tries a second on the 2-core machine (720 tries took 38 s at load 6.7); the test itself bounds each try.
exec "$(dirname "$0")/fuzz-run.sh" protocol pulse-kernel io.pulse.kernel.relay.RelayProtocolFuzzTest 15 "${1:-300}"
