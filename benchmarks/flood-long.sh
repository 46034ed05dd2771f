#!/usr/bin/env bash
# The long flood run (see docs/reliability.md, Limits): pulse-kernel's RelayLimitsTest flood test with the flood
# lasting SECONDS (default 60; `./mvnw verify` uses 3). Four clients flood the relay listener with lines and dial
# again whenever they are refused, while a good relay is polled every 50 ms: the test fails if the good relay misses
# an answer or goes 2 s without a poll, if a flooding connection is acted on beyond its burst and rate, or if the
# heap grows by 32 MiB or more.
# usage: benchmarks/flood-long.sh [SECONDS]
set -eu
cd "$(dirname "$0")/.."
exec ./mvnw -B -o verify -pl pulse-kernel -am -DskipITs -Dsurefire.failIfNoSpecifiedTests=false \
    -Dtest='RelayLimitsTest#floodingRelaysDoNotDelayAGoodRelaysPollsNorGrowTheHeap' \
    -Dpulse.limits.floodSeconds="${1:-60}"
