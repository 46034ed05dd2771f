#!/usr/bin/env bash
# The long fault run (see docs/reliability.md): distribution's FaultsIT against the built image and a real influxd,
# with the InfluxDB outage under load lasting OUTAGE_SECONDS (default 60; `./mvnw verify` uses 12).
# usage: benchmarks/faults-long.sh [OUTAGE_SECONDS]
# Needs influxd (InfluxDB 1.x) on the PATH; the full-disk test needs root (it mounts a small tmpfs).
set -eu
cd "$(dirname "$0")/.."
exec ./mvnw -B -o verify -pl distribution -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=FaultsIT -Dpulse.requireInfluxd=true -Dpulse.faults.outageSeconds="${1:-60}"
