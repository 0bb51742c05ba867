#!/usr/bin/env bash
# Side-by-side HTTP benchmark: the service (every control on) against a naive unsecured endpoint serving
# the same rows from the same database, alternating sides in one run. Loopback only; every wrk run is
# bounded by BENCH_DURATION. Needs wrk, Java 17, Maven, curl, jq, psql and the machine's PostgreSQL.
#
#   bench/api.sh                       # defaults below
#   BENCH_DURATION=20s BENCH_ROUNDS=3 bench/api.sh
#   BENCH_REDIS_URL=redis://127.0.0.1:6379 bench/api.sh   # also a second instance with its limits in Redis
#
# With BENCH_REDIS_URL a second service instance (same database, same keys) keeps its limits in that
# Redis; the authenticated reads, the create and the 401 are then measured on it as well, in the same
# rounds, and compared with the in-process instance.
#
# Prints a Markdown report, keeps it in target/bench/api.md and writes it into docs/benchmarks.md
# (between the "api.sh results" markers; BENCH_WRITE_DOCS=0 to leave the docs alone).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-15s}
ROUNDS=${BENCH_ROUNDS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
FLOOD_CONNECTIONS=${BENCH_FLOOD_CONNECTIONS:-16}
LEADS=${BENCH_LEADS:-1000}
PG=${BENCH_PG:-postgresql://postgres@127.0.0.1:5432}
REDIS_URL_FOR_BENCH=${BENCH_REDIS_URL:-}
SVC_PORT=${BENCH_PORT:-18080}
NAIVE_PORT=${BENCH_NAIVE_PORT:-18081}
REDIS_PORT=${BENCH_REDIS_PORT:-18082}
HEAP=${BENCH_HEAP:-512m}
MVN="mvn -B -q ${BENCH_MVN_ARGS:-}"

for tool in wrk java mvn curl jq psql javac; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    if [ "$tool" = wrk ]; then echo "wrk not found: apt-get install wrk" >&2; else echo "$tool not found" >&2; fi
    exit 1
  fi
done

WORK=target/bench/api
rm -rf "$WORK" && mkdir -p "$WORK"
DB="leadignite_bench_$(date +%s)_$$"
SVC_PID=""; NAIVE_PID=""; FLOOD_PID=""; REDIS_SVC_PID=""
KEY_PREFIX="bench$$:"
cleanup() {
  for pid in $FLOOD_PID $SVC_PID $REDIS_SVC_PID $NAIVE_PID; do kill "$pid" 2>/dev/null || true; done
  for pid in $FLOOD_PID $SVC_PID $REDIS_SVC_PID $NAIVE_PID; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$REDIS_URL_FOR_BENCH" ] && command -v redis-cli >/dev/null 2>&1; then
    redis-cli -u "$REDIS_URL_FOR_BENCH" --scan --pattern "$KEY_PREFIX*" 2>/dev/null | xargs -r redis-cli -u "$REDIS_URL_FOR_BENCH" del >/dev/null 2>&1 || true
  fi
  psql "$PG/postgres" -qAtc "drop database if exists $DB" >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap "exit 130" INT TERM

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "building the service jar..." >&2
  $MVN package -DskipTests
fi
# a copy, so that a rebuild while the benchmark runs cannot change the jar under the running service
cp "$(ls target/leadignite-api-*.jar | grep -v -- '-plain\|original' | head -1)" "$WORK/service.jar"
JAR=$WORK/service.jar
# the naive side runs on the same libraries as the service: those inside its jar
mkdir -p "$WORK/boot" && (cd "$WORK/boot" && jar xf "$OLDPWD/$JAR" BOOT-INF/lib)
CP=$(ls "$WORK"/boot/BOOT-INF/lib/*.jar | tr '\n' ':')
javac -nowarn -parameters -cp "$CP" -d "$WORK/classes" bench/naive/*.java

psql "$PG/postgres" -qAtc "create database $DB" >/dev/null
JDBC="jdbc:postgresql://127.0.0.1:5432/$DB"

echo "starting the service on 127.0.0.1:$SVC_PORT (logs: $WORK/service.log)..." >&2
SVC_ARGS=(--server.address=127.0.0.1 --server.port="$SVC_PORT"
  --leadignite.database.url="$JDBC" --leadignite.database.user=postgres
  --leadignite.public-base-url="http://127.0.0.1:$SVC_PORT")
# One client address and one user send everything: the limiters still decide every request, with quotas
# high enough that the benchmark traffic itself is never refused.
for group in sign-in refresh lead-capture webhooks general; do
  SVC_ARGS+=(--leadignite.rate-limit.$group.per-ip.quota=1000000000)
done
SVC_ARGS+=(--leadignite.rate-limit.general.per-key.quota=1000000000 --leadignite.brute-force.ip-max-failures=100000)
# ...and so is its concurrency: the flood cell has 16 + 32 connections open from 127.0.0.1 (default cap 32)
SVC_ARGS+=(--leadignite.http.in-flight.per-client=10000)
# both instances seal and open the same signing keys in the database
export LEADIGNITE_MASTER_KEY=${LEADIGNITE_MASTER_KEY:-$(head -c 32 /dev/urandom | base64)}
java -Xmx"$HEAP" -jar "$JAR" "${SVC_ARGS[@]}" --leadignite.data-dir="$WORK/data" >"$WORK/service.log" 2>&1 &
SVC_PID=$!

wait_up() { # url name pid
  for _ in $(seq 1 480); do
    if curl -fs -o /dev/null "$1" 2>/dev/null; then return 0; fi
    kill -0 "$3" 2>/dev/null || break
    sleep 0.5
  done
  echo "$2 did not start; see $WORK" >&2; exit 1
}
wait_up "http://127.0.0.1:$SVC_PORT/actuator/health" service "$SVC_PID"

SVC="http://127.0.0.1:$SVC_PORT"
EMAIL="bench-admin-$$@example.test"
PASSWORD="Bench-Run-Password-$$-x"
SIGNUP=$(curl -fsS "$SVC/auth/v1/signup" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\",\"data\":{\"org_name\":\"Bench Org\"}}")
ORG=$(echo "$SIGNUP" | jq -r '.user.app_metadata.org_id')
ADMIN=$(echo "$SIGNUP" | jq -r '.user.id')
TOKEN=$(echo "$SIGNUP" | jq -r '.access_token')
psql "$PG/$DB" -qAtc "insert into public.leads (org_id, owner_id, first_name, last_name, email, company, status)
  select '$ORG', '$ADMIN', 'First' || n, 'Last' || n, 'lead' || n || '@example.test', 'Company ' || (n % 50), 'new'
  from generate_series(1, $LEADS) n" >/dev/null
# Statistics for the seeded rows, as autovacuum would gather within a minute (it may be off on a test
# machine's PostgreSQL): without them the planner guesses, and a list can get a plan no deployment sees.
psql "$PG/$DB" -qAtc "analyze" >/dev/null
psql "$PG/$DB" -qAtc "select id from public.leads where org_id = '$ORG'" >"$WORK/ids.txt"
ENDPOINT=$(curl -fsS "$SVC/api/v1/webhook-endpoints" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"provider":"vapi"}')
ENDPOINT_ID=$(echo "$ENDPOINT" | jq -r '.id')
SECRET=$(echo "$ENDPOINT" | jq -r '.secret')
[ -n "$ORG" ] && [ "$ORG" != null ] && [ -n "$SECRET" ] && [ "$SECRET" != null ] || { echo "seeding failed" >&2; exit 1; }

SVC_REDIS=""
if [ -n "$REDIS_URL_FOR_BENCH" ]; then
  echo "starting the service with limits in Redis on 127.0.0.1:$REDIS_PORT (logs: $WORK/service-redis.log)..." >&2
  REDIS_ARGS=("${SVC_ARGS[@]}")
  REDIS_ARGS[1]=--server.port="$REDIS_PORT" # same issuer (public-base-url), so one token works on both
  java -Xmx"$HEAP" -jar "$JAR" "${REDIS_ARGS[@]}" --leadignite.data-dir="$WORK/data-redis" \
    --leadignite.redis.url="$REDIS_URL_FOR_BENCH" --leadignite.redis.key-prefix="$KEY_PREFIX" >"$WORK/service-redis.log" 2>&1 &
  REDIS_SVC_PID=$!
  wait_up "http://127.0.0.1:$REDIS_PORT/actuator/health" "service with Redis" "$REDIS_SVC_PID"
  SVC_REDIS="http://127.0.0.1:$REDIS_PORT"
  for _ in $(seq 1 40); do grep -q "Redis reachable" "$WORK/service-redis.log" && break; sleep 0.5; done # logged once connected
  grep -q "Redis reachable" "$WORK/service-redis.log" || { echo "the Redis instance does not reach $REDIS_URL_FOR_BENCH" >&2; exit 1; }
fi

echo "starting the naive endpoint on 127.0.0.1:$NAIVE_PORT..." >&2
java -Xmx"$HEAP" -cp "$WORK/classes:$CP" bench.naive.NaiveApi --server.address=127.0.0.1 \
  --server.port="$NAIVE_PORT" --spring.datasource.url="$JDBC" --spring.datasource.username=postgres \
  --bench.org-id="$ORG" >"$WORK/naive.log" 2>&1 &
NAIVE_PID=$!
NAIVE="http://127.0.0.1:$NAIVE_PORT"
wait_up "$NAIVE/naive/ping" "naive endpoint" "$NAIVE_PID"

LEAD_BODY='{"first_name":"Bench","last_name":"Lead","email":"bench.lead@example.test","company":"Bench Co"}'
SIGNIN_BODY="{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}"
export IDS_FILE="$WORK/ids.txt" WRK_THREADS="$THREADS"

sign_in() { # right after a flood the hashing bulkhead may still refuse (429) for a moment
  local body
  for _ in $(seq 1 30); do
    if body=$(curl -fs "$SVC/auth/v1/token?grant_type=password" -H 'Content-Type: application/json' -d "$SIGNIN_BODY"); then
      TOKEN=$(echo "$body" | jq -r '.access_token'); return 0
    fi
    sleep 1
  done
  echo "sign-in failed" >&2; exit 1
}

cpu_ticks() { [ -n "$1" ] && awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; } # user + system time of a process

# wrk for one scenario and side; prints "req/s p50_ms p99_ms non2xx cpu_ms_per_request"
# CPU per request (the side's JVM only) is the figure least moved by other load on the machine.
measure() { # side scenario duration connections
  local side=$1 scenario=$2 duration=$3 conns=$4 base url out svc_side=service pid t0 t1
  case "$side" in service) base=$SVC; pid=$SVC_PID ;; redis) base=$SVC_REDIS; pid=$REDIS_SVC_PID ;; *) base=$NAIVE; pid=$NAIVE_PID; svc_side=naive ;; esac
  side=$svc_side
  local args=(--latency -t "$THREADS" -c "$conns" -d "$duration" --timeout 10s)
  case "$scenario" in
    by-id) export PREFIX=$([ "$side" = service ] && echo /api/v1/leads/ || echo /naive/leads/)
      args+=(-s bench/wrk/ids.lua); url=$base/ ;;
    list) url=$base$([ "$side" = service ] && echo "/api/v1/leads?size=20" || echo "/naive/leads?size=20") ;;
    create) export BODY=$LEAD_BODY; args+=(-s bench/wrk/post.lua)
      url=$base$([ "$side" = service ] && echo /api/v1/leads || echo /naive/leads) ;;
    unauthorized) url=$base$([ "$side" = service ] && echo /api/v1/leads || echo /naive/ping) ;;
    health) url=$base$([ "$side" = service ] && echo /actuator/health || echo /naive/ping) ;;
    sign-in) export BODY=$SIGNIN_BODY; args+=(-s bench/wrk/post.lua); url="$base/auth/v1/token?grant_type=password" ;;
    webhook) export PATH_TO=$([ "$side" = service ] && echo "/webhooks/vapi/$ENDPOINT_ID" || echo /naive/webhook)
      export WEBHOOKS_FILE="$WORK/webhooks.txt"; args+=(-s bench/wrk/webhook.lua); url=$base/ ;;
  esac
  if [ "$side" = service ] && { [ "$scenario" = by-id ] || [ "$scenario" = list ] || [ "$scenario" = create ]; }; then
    args+=(-H "Authorization: Bearer $TOKEN")
  fi
  t0=$(cpu_ticks "$pid")
  out=$(wrk "${args[@]}" "$url")
  t1=$(cpu_ticks "$pid")
  echo "$out" >>"$WORK/wrk.log"
  echo "$out" | awk -v ticks=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = $2 } / requests in / { n = $1 }
    /Non-2xx or 3xx responses/ { bad = $NF } /Socket errors/ { bad = bad "+sockerr" }
    END { printf "%.0f %.2f %.2f %s %s\n", rps, p50, p99, (bad == "" ? 0 : bad), (n > 0 ? sprintf("%.3f", ticks * 1000 / hz / n) : "-") }'
}

fresh_webhooks() { java -cp "$WORK/classes" bench.naive.SignWebhooks "$SECRET" "${BENCH_WEBHOOKS:-60000}" "$WORK/webhooks.txt"; }

SCENARIOS="by-id list create unauthorized health sign-in webhook"
REDIS_SCENARIOS="by-id list create unauthorized" # the ones whose limiter calls are on the request path
label() {
  case "$1" in
    by-id) echo 'GET /api/v1/leads/{id}' ;; list) echo 'GET /api/v1/leads?size=20' ;; create) echo 'POST /api/v1/leads' ;;
    unauthorized) echo 'GET /api/v1/leads, no token (401)' ;; health) echo 'GET /actuator/health' ;;
    sign-in) echo 'POST /auth/v1/token (sign-in)' ;; webhook) echo 'POST /webhooks/vapi/{id}' ;;
  esac
}
naive_label() {
  case "$1" in
    by-id) echo 'one select by id' ;; list) echo 'one select, limit 20' ;; create) echo 'one insert' ;;
    unauthorized|health) echo 'bare endpoint' ;; sign-in) echo '-' ;; webhook) echo 'one insert' ;;
  esac
}

echo "warming up both sides ($WARMUP per scenario)..." >&2
sign_in; fresh_webhooks
for s in $SCENARIOS; do
  measure service "$s" "$WARMUP" "$CONNECTIONS" >/dev/null
  if [ -n "$SVC_REDIS" ] && [[ " $REDIS_SCENARIOS " == *" $s "* ]]; then measure redis "$s" "$WARMUP" "$CONNECTIONS" >/dev/null; fi
  [ "$s" = sign-in ] || measure naive "$s" "$WARMUP" "$CONNECTIONS" >/dev/null
done

ROWS=()
for round in $(seq 1 "$ROUNDS"); do
  sign_in; fresh_webhooks
  for s in $SCENARIOS; do
    conns=$CONNECTIONS; [ "$s" = sign-in ] && conns=$FLOOD_CONNECTIONS
    # alternate which side goes first from round to round
    if [ $((round % 2)) = 1 ]; then order="service naive"; else order="naive service"; fi
    if [ -n "$SVC_REDIS" ] && [[ " $REDIS_SCENARIOS " == *" $s "* ]]; then
      if [ $((round % 2)) = 1 ]; then order="service redis naive"; else order="naive redis service"; fi
    fi
    svc="" nv="- - - -" rd=""
    for side in $order; do
      if [ "$side" = naive ] && [ "$s" = sign-in ]; then continue; fi
      echo "round $round: $s on $side..." >&2
      r=$(measure "$side" "$s" "$DURATION" "$conns")
      case "$side" in service) svc=$r ;; redis) rd=$r ;; *) nv=$r ;; esac
    done
    load=$(cut -d' ' -f1 /proc/loadavg)
    ROWS+=("$round|$s|$svc|$nv|$load")
    if [ -n "$rd" ]; then ROWS+=("$round|$s-redis|$rd|$svc|$load"); fi
  done
  # GET by id while sign-ins flood the service from FLOOD_CONNECTIONS clients
  echo "round $round: by-id during a sign-in flood..." >&2
  export BODY=$SIGNIN_BODY
  wrk -t 1 -c "$FLOOD_CONNECTIONS" -d "$(( ${DURATION%s} + 4 ))s" -s bench/wrk/post.lua \
    "$SVC/auth/v1/token?grant_type=password" >"$WORK/flood-$round.log" 2>&1 &
  FLOOD_PID=$!
  sleep 2
  r=$(measure service by-id "$DURATION" "$CONNECTIONS")
  wait "$FLOOD_PID" || true; FLOOD_PID=""
  ROWS+=("$round|by-id-flood|$r|- - - -|$(cut -d' ' -f1 /proc/loadavg)")
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == "-" || a == "-" || b + 0 == 0) print "-"; else printf "%.2fx\n", a / b }'; }

REPORT="$WORK/api.md"
{
  echo "Measured $(date -u '+%Y-%m-%d %H:%M') UTC with \`bench/api.sh\` (${ROUNDS} rounds, ${DURATION} per cell after a ${WARMUP} warm-up,"
  echo "wrk ${THREADS} threads × ${CONNECTIONS} connections, sign-in ${FLOOD_CONNECTIONS}; ${LEADS} leads; limits in process$([ -n "$SVC_REDIS" ] && echo ", and on a second instance in Redis"))."
  echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/Mem:/ {print $2}') GB RAM;"
  echo "$(java -version 2>&1 | head -1); PostgreSQL $(psql "$PG/postgres" -qAtc 'show server_version')$([ -n "$SVC_REDIS" ] && echo "; Redis $(redis-cli -u "$REDIS_URL_FOR_BENCH" info server 2>/dev/null | tr -d '\r' | awk -F: '/^redis_version/ {print $2}')"); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)."
  echo "Load average at the end of each cell in the last column (includes wrk and every JVM of the run)."
  echo
  echo "| round | endpoint | service req/s | p50 ms | p99 ms | non-2xx | CPU ms/req | compared with | req/s | p50 ms | p99 ms | non-2xx | CPU ms/req | req/s ratio | p99 ratio | CPU ratio | load |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  QUIET_P99=""
  : >"$WORK/ratios.txt"
  for row in "${ROWS[@]}"; do
    IFS='|' read -r round s svc nv load <<<"$row"
    read -r srps sp50 sp99 sbad scpu <<<"$svc"
    read -r nrps np50 np99 nbad ncpu <<<"$nv"
    ncpu=${ncpu:--}
    if [ "$s" = by-id ]; then QUIET_P99=$sp99; fi
    if [ "$s" = by-id-flood ]; then
      echo "| $round | GET /api/v1/leads/{id} during a ${FLOOD_CONNECTIONS}-client sign-in flood | $srps | $sp50 | $sp99 | $sbad | - | same, no flood (p99 $QUIET_P99 ms) | - | - | - | - | - | - | $(ratio "$sp99" "$QUIET_P99") | - | $load |"
      echo "$s - $(ratio "$sp99" "$QUIET_P99")" >>"$WORK/ratios.txt"
    elif [ "${s%-redis}" != "$s" ]; then
      echo "| $round | $(label "${s%-redis}"), limits in Redis | $srps | $sp50 | $sp99 | $sbad | $scpu | same, limits in process | $nrps | $np50 | $np99 | $nbad | $ncpu | $(ratio "$srps" "$nrps") | $(ratio "$sp99" "$np99") | $(ratio "$ncpu" "$scpu") | $load |"
      echo "$s $(ratio "$srps" "$nrps") $(ratio "$sp99" "$np99") $(ratio "$ncpu" "$scpu")" >>"$WORK/ratios.txt"
    else
      echo "| $round | $(label "$s") | $srps | $sp50 | $sp99 | $sbad | $scpu | $(naive_label "$s") | $nrps | $np50 | $np99 | $nbad | $ncpu | $(ratio "$srps" "$nrps") | $(ratio "$sp99" "$np99") | $(ratio "$ncpu" "$scpu") | $load |"
      echo "$s $(ratio "$srps" "$nrps") $(ratio "$sp99" "$np99") $(ratio "$ncpu" "$scpu")" >>"$WORK/ratios.txt"
    fi
  done
  echo
  echo "Targets of issue 11 (each round's ratio; met when the mean over the rounds meets the target). *CPU ratio*"
  echo "is the other side's CPU per request over the service's: the throughput ratio the CPU alone would allow."
  echo
  echo "| target | ratios per round | mean | met | CPU ratio (mean) |"
  echo "|---|---|---|---|---|"
  target() { # scenario column(2 = req/s, 3 = p99) op(ge|le) bound text
    awk -v s="$1" -v col="$2" -v op="$3" -v bound="$4" -v text="$5" '
      $1 == s && $col != "-" { v = $col; sub(/x$/, "", v); list = list (n ? ", " : "") $col; sum += v; n++ }
      $1 == s && col == 2 && $4 != "" && $4 != "-" { c = $4; sub(/x$/, "", c); csum += c; nc++ }
      END {
        if (!n) { printf "| %s | not measured | - | - | - |\n", text; exit }
        m = sum / n; ok = (op == "ge" ? m >= bound : m <= bound)
        printf "| %s | %s | %.2fx | %s | %s |\n", text, list, m, (ok ? "yes" : "**no**"), (nc ? sprintf("%.2fx", csum / nc) : "-")
      }' "$WORK/ratios.txt"
  }
  target by-id 2 ge 0.5 'GET by id: req/s ≥ 0.5× the naive endpoint'
  target by-id 3 le 2 'GET by id: p99 ≤ 2× the naive endpoint'
  target list 2 ge 0.5 'list of 20: req/s ≥ 0.5× the naive endpoint'
  target list 3 le 2 'list of 20: p99 ≤ 2× the naive endpoint'
  target unauthorized 2 ge 0.8 '401: req/s ≥ 0.8× a bare endpoint'
  target health 2 ge 0.8 '/actuator/health: req/s ≥ 0.8× a bare endpoint'
  for s in $REDIS_SCENARIOS; do
    target "$s-redis" 2 ge 0.85 "$(label "$s") with limits in Redis: req/s ≥ 0.85× in process"
  done
  target by-id-flood 3 le 2 "GET by id during a ${FLOOD_CONNECTIONS}-client sign-in flood: p99 ≤ 2× quiet"
} >"$REPORT"
cat "$REPORT"

if [ "${BENCH_WRITE_DOCS:-1}" = 1 ]; then
  awk -v report="$REPORT" '
    /<!-- api.sh results begin -->/ { print; while ((getline line < report) > 0) print line; skip = 1; next }
    /<!-- api.sh results end -->/ { skip = 0 }
    !skip { print }' docs/benchmarks.md >"$WORK/benchmarks.md" && cp "$WORK/benchmarks.md" docs/benchmarks.md
  echo "written into docs/benchmarks.md" >&2
fi
