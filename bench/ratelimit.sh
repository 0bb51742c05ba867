#!/usr/bin/env bash
# Rate-limiter and sign-in-flood benchmark (loopback only, bounded loops).
# Needs the machine's PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379), like the tests.
# Usage: bench/ratelimit.sh [-Dbench.requests=5000] [-Dbench.warmup=3000] [-Dbench.calls=20000]
#        [-Dbench.floodThreads=16] [-Dbench.floodSeconds=20] [-Dbench.floodRequests=10000] [-Dbench.floodRounds=2]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B test -Dtest=RateLimitBench -Dsurefire.failIfNoSpecifiedTests=false "$@"
cat target/bench/ratelimit.md
