#!/usr/bin/env bash
# JMH micro-benchmarks of the per-request hot spots: token verification, session check, limiter decision
# (in process and in Redis), log masking, webhook signature check. The session check needs the machine's
# PostgreSQL (like the tests), the Redis limiter its Redis (BENCH_REDIS_URL, default 127.0.0.1:6379).
# Outside the Maven build (so `mvn verify` never runs them): this script fetches JMH 1.37 (and the
# Bucket4j Redis module, for comparison) from Maven Central through Maven, compiles bench/jmh against
# the service's classes and runs
#   warm: 3 warm-up + 5 measured iterations of 1 s, average time per call;
#   cold: single shot, no warm-up, in 5 fresh JVMs (the first call of each).
# Usage: bench/jmh.sh [JMH regexp, e.g. LogMasking]   (BENCH_MVN_ARGS=-o to stay offline)
set -euo pipefail
cd "$(dirname "$0")/.."
MVN="mvn -B -q ${BENCH_MVN_ARGS:-}"
WORK=target/bench/jmh
mkdir -p "$WORK"
JMH=1.37
REPO=${BENCH_M2_REPO:-$HOME/.m2/repository}
for a in jmh-core jmh-generator-annprocess; do
  if [ ! -f "$REPO/org/openjdk/jmh/$a/$JMH/$a-$JMH.jar" ]; then
    $MVN dependency:get -Dartifact=org.openjdk.jmh:$a:$JMH >/dev/null # with its dependencies
  fi
done
# the Redis limiter the service used before (RedisLimiterBench compares with it); not in the service's jar
BUCKET4J=$(sed -n 's:.*<bucket4j.version>\(.*\)</bucket4j.version>.*:\1:p' pom.xml)
for a in bucket4j_jdk17-lettuce bucket4j_jdk17-redis-common; do
  if [ ! -f "$REPO/com/bucket4j/$a/$BUCKET4J/$a-$BUCKET4J.jar" ]; then
    $MVN dependency:get -Dartifact=com.bucket4j:$a:$BUCKET4J -Dtransitive=false >/dev/null
  fi
  JMH_EXTRA="${JMH_EXTRA:-}:$REPO/com/bucket4j/$a/$BUCKET4J/$a-$BUCKET4J.jar"
done
$MVN package -DskipTests
JAR=$(ls target/leadignite-api-*.jar | grep -v -- '-plain\|original' | head -1)
rm -rf "$WORK/boot" && mkdir -p "$WORK/boot" && (cd "$WORK/boot" && jar xf "$OLDPWD/$JAR" BOOT-INF/lib)
JMH_CP="$REPO/org/openjdk/jmh/jmh-core/$JMH/jmh-core-$JMH.jar:$REPO/org/openjdk/jmh/jmh-generator-annprocess/$JMH/jmh-generator-annprocess-$JMH.jar"
JMH_CP="$JMH_CP:$REPO/net/sf/jopt-simple/jopt-simple/5.0.4/jopt-simple-5.0.4.jar:$REPO/org/apache/commons/commons-math3/3.6.1/commons-math3-3.6.1.jar"
CP="target/classes:target/test-classes:$(ls "$WORK"/boot/BOOT-INF/lib/*.jar | tr '\n' ':')$JMH_CP$JMH_EXTRA"
rm -rf "$WORK/classes" && mkdir -p "$WORK/classes"
javac -nowarn -parameters -cp "$CP" -processorpath "$JMH_CP" -d "$WORK/classes" $(find bench/jmh -name '*.java')
FILTER=${1:-.}
echo "## warm" | tee "$WORK/results.txt"
java -cp "$WORK/classes:$CP" org.openjdk.jmh.Main "$FILTER" -wi 3 -w 1s -i 5 -r 1s -f 1 -bm avgt -foe true \
  | tee -a "$WORK/results.txt" | grep -E '^(Benchmark|[A-Z][A-Za-z]+Bench\.)'
echo "## cold" | tee -a "$WORK/results.txt"
java -cp "$WORK/classes:$CP" org.openjdk.jmh.Main "$FILTER" -wi 0 -i 1 -f 5 -bm ss -tu us -foe true \
  | tee -a "$WORK/results.txt" | grep -E '^(Benchmark|[A-Z][A-Za-z]+Bench\.)'
