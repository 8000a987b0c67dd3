#!/usr/bin/env bash
# Producer/consumer throughput of Apache Kafka vs. mq-broker, measured with Kafka's own
# ProducerPerformance / ConsumerPerformance, in one run on this machine. See bench/README.md.
#
# A benchmark, not a test: it is never run by `./mvnw verify`.
#
#   bench/kafka-compare.sh                       # everything, defaults below
#   NUM_RECORDS=200000 SYSTEMS=kafka bench/kafka-compare.sh
#
# Options (environment variables):
#   SYSTEMS          kafka,mq         which systems to run (comma separated: kafka, mq)
#   NUM_RECORDS      2000000          records per measured producer run (and read back by the consumer)
#   RECORD_SIZE      1024             bytes per record
#   PARTITIONS       6                partitions per topic
#   WARMUP_RECORDS   NUM_RECORDS/4    records of the unmeasured warm-up run before each measured one (min 50000)
#   ACKS_LIST        "1 all"          producer acks values to measure, in this order
#   MQ_FLUSH_MODES   "async sync"     mq-broker --flush modes to measure (one fresh broker each)
#   CONSUMER         1                0 = skip the ConsumerPerformance section
#   CONSUMER_REPEATS 3                ConsumerPerformance runs per configuration (fresh group each); the median (fetch MB/s) is reported
#   REPEATS          3                measured producer runs per configuration; the median (records/s) is reported
#   E2E              1                0 = skip the EndToEndLatency section
#   E2E_RECORDS      10000            records sent one at a time by EndToEndLatency
#   E2E_RECORD_SIZE  100              bytes per record in both latency sections
#   E2E_RATE         5000             records/s of the fixed-rate latency run (io.seckill.bench.FixedRateLatency)
#   E2E_DURATION_S / E2E_WARMUP_S  30 / 10   measured and warm-up seconds of the fixed-rate run
#   E2E_REPEATS      3                fixed-rate runs per configuration (fresh topic each); the median (p99) is reported
#   MQ_REQUIRED      0                1 = fail (instead of skipping mq) when mq-broker does not come up
#   KAFKA_PORT / KAFKA_CONTROLLER_PORT   19092 / 19094
#   MQ_PORT / MQ_ADMIN_PORT              19093 / 19644
#   BROKER_JVM_OPTS  "-Xms2g -Xmx2g -XX:+UseG1GC ..."   same JVM flags for both brokers
#   TOOL_JVM_OPTS    "-Xmx512m"       JVM flags of the perf tools (Kafka's scripts use -Xmx512M)
#   START_TIMEOUT    120              seconds to wait for a broker to become ready
#   RUN_TIMEOUT      900              seconds one perf-tool run may take before it is killed
#   BROKER_LIFETIME  3600             hard upper bound (seconds) on the life of each broker process
#   RESULTS_DIR      bench/results    where producer-<date>.md is written
#   KEEP_TMP         0                1 = keep the temp dir (broker logs, tool output) after the run
#   MQ_JAR           mq-broker/target/mq-broker.jar   the mq-broker fat jar to run (built if missing)
set -euo pipefail
export LC_ALL=C

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"

export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"

SYSTEMS="${SYSTEMS:-kafka,mq}"
NUM_RECORDS="${NUM_RECORDS:-2000000}"
RECORD_SIZE="${RECORD_SIZE:-1024}"
PARTITIONS="${PARTITIONS:-6}"
WARMUP_RECORDS="${WARMUP_RECORDS:-$(( NUM_RECORDS / 4 > 50000 ? NUM_RECORDS / 4 : 50000 ))}"
ACKS_LIST="${ACKS_LIST:-1 all}"
MQ_FLUSH_MODES="${MQ_FLUSH_MODES:-async sync}"
CONSUMER="${CONSUMER:-1}"
CONSUMER_REPEATS="${CONSUMER_REPEATS:-3}"
REPEATS="${REPEATS:-3}"
E2E="${E2E:-1}"
E2E_RECORDS="${E2E_RECORDS:-10000}"
E2E_RECORD_SIZE="${E2E_RECORD_SIZE:-100}"
E2E_RATE="${E2E_RATE:-5000}"
E2E_DURATION_S="${E2E_DURATION_S:-30}"
E2E_WARMUP_S="${E2E_WARMUP_S:-10}"
E2E_REPEATS="${E2E_REPEATS:-3}"
MQ_REQUIRED="${MQ_REQUIRED:-0}"
KAFKA_PORT="${KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19094}"
MQ_PORT="${MQ_PORT:-19093}"
MQ_ADMIN_PORT="${MQ_ADMIN_PORT:-19644}"
# Heap as asked (2g) plus the GC flags of Kafka's own kafka-server-start.sh; used for BOTH brokers.
BROKER_JVM_OPTS="${BROKER_JVM_OPTS:--Xms2g -Xmx2g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}"
TOOL_JVM_OPTS="${TOOL_JVM_OPTS:--Xmx512m}"
START_TIMEOUT="${START_TIMEOUT:-120}"
RUN_TIMEOUT="${RUN_TIMEOUT:-900}"
BROKER_LIFETIME="${BROKER_LIFETIME:-3600}"
RESULTS_DIR="${RESULTS_DIR:-$SCRIPT_DIR/results}"
KEEP_TMP="${KEEP_TMP:-0}"
MQ_JAR="${MQ_JAR:-$ROOT/mq-broker/target/mq-broker.jar}"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ -x "$JAVA" ]] || die "no java at $JAVA (set JAVA_HOME)"
for v in NUM_RECORDS RECORD_SIZE PARTITIONS WARMUP_RECORDS START_TIMEOUT RUN_TIMEOUT BROKER_LIFETIME CONSUMER_REPEATS E2E_REPEATS; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a positive integer, got '${!v}'"
done
want_system() { [[ ",$SYSTEMS," == *",$1,"* ]]; }

TMP_PREFIX=kafka-compare
# shellcheck source=bench/lib/processes.sh
source "$ROOT/bench/lib/processes.sh"
# shellcheck source=bench/lib/kafka.sh
source "$ROOT/bench/lib/kafka.sh"

# ---------------------------------------------------------------------------------------------
# Build inputs: bench classpath, mq-broker jar.
# ---------------------------------------------------------------------------------------------
cd "$ROOT"
CP_FILE="$TMP/bench.classpath"
log "compiling bench and resolving its classpath (./mvnw -pl bench compile dependency:build-classpath)"
timeout 600 ./mvnw -B -q -pl bench compile dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >"$TMP/mvn-classpath.log" 2>&1 \
  || { cat "$TMP/mvn-classpath.log" >&2; die "could not resolve the bench classpath"; }
CP="$ROOT/bench/target/classes:$(cat "$CP_FILE")"
[[ "$CP" == *kafka_2.13-* && "$CP" == *kafka-tools-* ]] || die "bench classpath lacks kafka_2.13 / kafka-tools: $CP_FILE"

if want_system mq && [[ ! -f "$MQ_JAR" ]]; then
  log "building $MQ_JAR (./mvnw -pl mq-broker -am -DskipTests package)"
  if ! timeout 1200 ./mvnw -B -q -pl mq-broker -am -DskipTests package >"$TMP/mvn-mq-broker.log" 2>&1 \
     || [[ ! -f "$MQ_JAR" ]]; then
    grep -E 'ERROR' "$TMP/mvn-mq-broker.log" | head -20 >&2 || true
    [[ "$MQ_REQUIRED" == 1 ]] && die "could not build $MQ_JAR"
    log "SKIPPING mq-broker: could not build $MQ_JAR (run with SYSTEMS=kafka to leave it out)"
    MQ_BUILD_FAILED=1
  fi
fi

# log4j2 config for the perf tools: warnings only, to stderr (like Kafka's tools-log4j2.yaml).
cat >"$TMP/tools-log4j2.properties" <<'EOF'
status = warn
appender.err.type = Console
appender.err.name = STDERR
appender.err.target = SYSTEM_ERR
appender.err.layout.type = PatternLayout
appender.err.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.err.ref = STDERR
EOF

tool() { # logfile class args... : run a Kafka tool from the bench classpath, bounded
  local out="$1" cls="$2"; shift 2
  # shellcheck disable=SC2086
  run_bounded "$RUN_TIMEOUT" "$out" "$JAVA" $TOOL_JVM_OPTS -Dlog4j2.configurationFile="$TMP/tools-log4j2.properties" \
    -cp "$CP" "$cls" "$@"
}

# CPU time (user + system, in clock ticks) used so far by every process of the running broker's
# process group; the difference around a tool run is the broker's CPU cost of that run.
BROKER_PG=""
CLK_TCK="$(getconf CLK_TCK)"
broker_cpu_ticks() {
  local p total=0 stat rest
  for p in $(pgrep -s "$BROKER_PG" 2>/dev/null); do
    stat="$(cat "/proc/$p/stat" 2>/dev/null)" || continue
    rest="${stat##*) }"
    # shellcheck disable=SC2086
    set -- $rest
    total=$(( total + ${12} + ${13} ))
  done
  echo "$total"
}
cpu_seconds() { awk -v t="$1" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t / hz }'; }

RUN_ID="$(date +%Y%m%d%H%M%S)"
NTOOL=0
create_topic() { # bootstrap topic
  NTOOL=$((NTOOL + 1))
  local out="$TMP/topic-$NTOOL-$2.log" i
  for i in 1 2 3; do
    if tool "$out" org.apache.kafka.tools.TopicCommand --bootstrap-server "$1" --create --topic "$2" \
         --partitions "$PARTITIONS" --replication-factor 1; then
      return 0
    fi
    log "creating topic $2 failed (try $i): $(tail -3 "$out" | tr '\n' ' ')"
    sleep 2
  done
  return 1
}

# ---------------------------------------------------------------------------------------------
# Measurements. Results are collected as '|'-separated rows.
# ---------------------------------------------------------------------------------------------
PRODUCER_ROWS=()   # system|flush|acks|records/s|MB/s|avg ms|p99 ms|max ms
CONSUMER_ROWS=()   # system|flush|topic acks|records|MB/s|records/s|fetch MB/s|fetch records/s|rebalance ms|broker CPU s|all runs' fetch MB/s
SKIPPED=()

# ProducerPerformance's final summary line, e.g.
# 2000000 records sent, 85616.5 records/sec (83.61 MB/sec), 349.56 ms avg latency, 1190.00 ms max latency,
#   311 ms 50th, 660 ms 95th, 830 ms 99th, 1101 ms 99.9th.
parse_producer() { # logfile -> "rec/s|MB/s|avg|p99|max"
  local line
  line="$(grep -E '^[0-9]+ records sent, .* 99\.9th\.' "$1" | tail -1)" || return 1
  sed -E 's/^[0-9]+ records sent, ([0-9.]+) records\/sec \(([0-9.]+) MB\/sec\), ([0-9.]+) ms avg latency, ([0-9.]+) ms max latency, [0-9]+ ms 50th, [0-9]+ ms 95th, ([0-9]+) ms 99th, .*$/\1|\2|\3|\5|\4/' <<<"$line"
}

# run_producer system flush bootstrap acks
run_producer() {
  local sys="$1" flush="$2" bs="$3" acks="$4"
  local tag="${sys}-${flush}-acks${acks}"
  local warm_topic="warmup-${tag}-${RUN_ID}" topic="bench-${tag}-${RUN_ID}"
  create_topic "$bs" "$warm_topic" || return 1
  log "$sys flush=$flush acks=$acks: warm-up, $WARMUP_RECORDS records (not measured)"
  tool "$TMP/producer-$tag-warmup.log" org.apache.kafka.tools.ProducerPerformance --topic "$warm_topic" \
    --num-records "$WARMUP_RECORDS" --record-size "$RECORD_SIZE" --throughput -1 \
    --producer-props "bootstrap.servers=$bs" "acks=$acks" \
    || { log "warm-up failed: $(tail -5 "$TMP/producer-$tag-warmup.log")"; return 1; }
  local r rep rows=()
  for ((rep = 1; rep <= REPEATS; rep++)); do
    local run_topic="$topic-r$rep"
    create_topic "$bs" "$run_topic" || return 1
    log "$sys flush=$flush acks=$acks: measured run $rep/$REPEATS, $NUM_RECORDS records"
    tool "$TMP/producer-$tag-r$rep.log" org.apache.kafka.tools.ProducerPerformance --topic "$run_topic" \
      --num-records "$NUM_RECORDS" --record-size "$RECORD_SIZE" --throughput -1 \
      --producer-props "bootstrap.servers=$bs" "acks=$acks" \
      || { log "measured run failed: $(tail -5 "$TMP/producer-$tag-r$rep.log")"; return 1; }
    r="$(parse_producer "$TMP/producer-$tag-r$rep.log")" || { log "no summary line in $TMP/producer-$tag-r$rep.log"; return 1; }
    log "  -> $(grep -E '^[0-9]+ records sent, .* 99\.9th\.' "$TMP/producer-$tag-r$rep.log" | tail -1)"
    rows+=("$r")
    topic="$run_topic"
  done
  # the run with the median records/s stands for this configuration
  r="$(printf '%s\n' "${rows[@]}" | sort -t'|' -k1,1 -g | sed -n "$(( (${#rows[@]} + 1) / 2 ))p")"
  PRODUCER_ROWS+=("$sys|$flush|$acks|$r")
  PRODUCED_TOPICS+=("$acks|$topic|$warm_topic")
}

fill_consumer_topic() { # system flush bootstrap acks topic
  local sys="$1" flush="$2" bs="$3" acks="$4" topic="$5"
  create_topic "$bs" "$topic" || return 1
  log "$sys flush=$flush: filling $topic with $NUM_RECORDS records in full batches (linger.ms=100, not measured)"
  tool "$TMP/fill-$sys-$flush-acks$acks.log" org.apache.kafka.tools.ProducerPerformance --topic "$topic" \
    --num-records "$NUM_RECORDS" --record-size "$RECORD_SIZE" --throughput -1 \
    --producer-props "bootstrap.servers=$bs" "acks=$acks" linger.ms=100
}

# ConsumerPerformance prints a header and one CSV line:
# start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms,
#   fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
run_consumer() { # system flush bootstrap acks topic warmup-topic
  local sys="$1" flush="$2" bs="$3" acks="$4" topic="$5" warm_topic="$6"
  local tag="${sys}-${flush}-acks${acks}"
  log "$sys flush=$flush: consumer warm-up on $warm_topic (not measured)"
  tool "$TMP/consumer-$tag-warmup.log" org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$bs" \
    --topic "$warm_topic" --messages "$WARMUP_RECORDS" --group "warm-$tag-$RUN_ID" --timeout 30000 \
    || { log "consumer warm-up failed: $(tail -5 "$TMP/consumer-$tag-warmup.log")"; return 1; }
  local rep line mbs n ns reb fmbs fns cpu t0 t1 rows=() all=()
  for ((rep = 1; rep <= CONSUMER_REPEATS; rep++)); do
    log "$sys flush=$flush: ConsumerPerformance run $rep/$CONSUMER_REPEATS on $topic ($NUM_RECORDS records)"
    t0="$(broker_cpu_ticks)"
    tool "$TMP/consumer-$tag-r$rep.log" org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$bs" \
      --topic "$topic" --messages "$NUM_RECORDS" --group "perf-$tag-$RUN_ID-r$rep" --timeout 30000 \
      || { log "consumer run failed: $(tail -5 "$TMP/consumer-$tag-r$rep.log")"; return 1; }
    t1="$(broker_cpu_ticks)"
    line="$(grep -E '^[0-9]{4}-[0-9]{2}-[0-9]{2} .*, *[0-9.]+ *$' "$TMP/consumer-$tag-r$rep.log" | tail -1)" \
      || { log "no result line in $TMP/consumer-$tag-r$rep.log"; return 1; }
    log "  -> $line (broker CPU $(cpu_seconds $(( t1 - t0 ))) s)"
    IFS=',' read -r _ _ _ mbs n ns reb _ fmbs fns <<<"$line"
    n="${n// /}"
    [[ "$n" -ge "$NUM_RECORDS" ]] || log "WARNING: consumer read only $n of $NUM_RECORDS records"
    rows+=("${fmbs// /}|$n|${mbs// /}|${ns// /}|${fns// /}|${reb// /}|$(cpu_seconds $(( t1 - t0 )))")
    all+=("$(printf '%.1f' "${fmbs// /}")")
  done
  # the run with the median fetch MB/s stands for this configuration
  IFS='|' read -r fmbs n mbs ns fns reb cpu <<<"$(printf '%s\n' "${rows[@]}" | sort -t'|' -k1,1 -g \
    | sed -n "$(( (${#rows[@]} + 1) / 2 ))p")"
  CONSUMER_ROWS+=("$sys|$flush|$acks|$n|$mbs|$ns|$fmbs|$fns|$reb|$cpu|$(IFS=' '; echo "${all[*]}")")
}

# Measures every acks value (and the consumer) against a broker that is already up.
measure_system() { # system flush bootstrap
  local sys="$1" flush="$2" bs="$3" acks e
  PRODUCED_TOPICS=()
  for acks in $ACKS_LIST; do
    run_producer "$sys" "$flush" "$bs" "$acks" || { SKIPPED+=("$sys flush=$flush acks=$acks: producer run failed"); }
  done
  if [[ "$CONSUMER" == 1 ]]; then
    for e in "${PRODUCED_TOPICS[@]:-}"; do
      [[ -n "$e" ]] || continue
      IFS='|' read -r acks topic warm <<<"$e"
      # Consumers read a topic filled with full batches (linger.ms=100), not the measured producer
      # topic: a faster broker makes ProducerPerformance send smaller batches, and batch size alone
      # changes consumer speed. With the same full batches both brokers serve the same data.
      fill_consumer_topic "$sys" "$flush" "$bs" "$acks" "$topic-full" \
        && run_consumer "$sys" "$flush" "$bs" "$acks" "$topic-full" "$warm" \
        || SKIPPED+=("$sys flush=$flush consumer (topic written with acks=$acks) failed")
    done
  fi
  if [[ "$E2E" == 1 ]]; then
    run_end_to_end_latency "$sys" "$flush" "$bs" || SKIPPED+=("$sys flush=$flush EndToEndLatency failed")
  fi
}

# ---------------------------------------------------------------------------------------------
# EndToEndLatency (org.apache.kafka.tools.EndToEndLatency): one record at a time, produced with
# acks=all and read back by an assigned consumer before the next is sent; reports the round trip.
# ---------------------------------------------------------------------------------------------
E2E_ROWS=()   # system|flush|records|avg ms|p50 ms|p99 ms|p99.9 ms
run_end_to_end_latency() { # system flush bootstrap
  local sys="$1" flush="$2" bs="$3" topic="e2e-${1}-${2}-${RUN_ID}" log_file
  log_file="$TMP/e2e-$sys-$flush.log"
  create_topic "$bs" "$topic" || return 1
  log "$sys flush=$flush: EndToEndLatency, $E2E_RECORDS records of $E2E_RECORD_SIZE B, acks=all"
  tool "$log_file" org.apache.kafka.tools.EndToEndLatency "$bs" "$topic" "$E2E_RECORDS" all "$E2E_RECORD_SIZE" \
    || log "EndToEndLatency exited non-zero: $(tail -2 "$log_file")"
  local avg pct
  avg="$(sed -nE 's/^Avg latency: ([0-9.]+) ms$/\1/p' "$log_file" | tail -1)"
  pct="$(sed -nE 's/^Percentiles: 50th = ([0-9]+), 99th = ([0-9]+), 99.9th = ([0-9]+)$/\1|\2|\3/p' "$log_file" | tail -1)"
  [[ -n "$avg" && -n "$pct" ]] || { log "no latency lines in $log_file"; return 1; }
  log "  -> avg $avg ms, p50|p99|p99.9 = $pct ms"
  E2E_ROWS+=("$sys|$flush|$E2E_RECORDS|$avg|$pct")
  run_fixed_rate_latency "$sys" "$flush" "$bs"
}

# io.seckill.bench.FixedRateLatency: produce at E2E_RATE records/s (acks=all), consume in the same JVM,
# HdrHistogram of produce-to-consume delay after a warm-up.
FIXED_ROWS=()   # system|flush|rate|measured|avg|p50|p99|p99.9|max|broker CPU %|all runs' p99
run_fixed_rate_latency() { # system flush bootstrap
  local sys="$1" flush="$2" bs="$3" log_file line rep t0 t1 start end r rows=() all=()
  for ((rep = 1; rep <= E2E_REPEATS; rep++)); do
    log_file="$TMP/fixed-rate-$sys-$flush-r$rep.log"
    log "$sys flush=$flush: fixed-rate latency run $rep/$E2E_REPEATS, $E2E_RATE records/s for ${E2E_DURATION_S}s after ${E2E_WARMUP_S}s warm-up"
    t0="$(broker_cpu_ticks)"; start="$(date +%s.%N)"
    tool "$log_file" io.seckill.bench.FixedRateLatency --bootstrap-server "$bs" --topic "fixed-${sys}-${flush}-${RUN_ID}-r$rep" \
      --partitions "$PARTITIONS" --rate "$E2E_RATE" --duration-s "$E2E_DURATION_S" --warmup-s "$E2E_WARMUP_S" \
      --record-size "$E2E_RECORD_SIZE" --acks all \
      || { log "fixed-rate latency failed: $(tail -3 "$log_file")"; return 1; }
    t1="$(broker_cpu_ticks)"; end="$(date +%s.%N)"
    line="$(grep -E '^sent [0-9]+ records at' "$log_file" | tail -1)" || { log "no result line in $log_file"; return 1; }
    # broker CPU over the whole tool run (warm-up included: the same load), in % of one core
    local cpu
    cpu="$(awk -v t=$(( t1 - t0 )) -v hz="$CLK_TCK" -v s="$start" -v e="$end" 'BEGIN { printf "%.0f", 100 * t / hz / (e - s) }')"
    log "  -> $line (broker CPU $cpu % of a core)"
    r="$(sed -E 's/^sent [0-9]+ records at ([0-9]+)\/s, measured ([0-9]+); latency ms: avg ([0-9.]+) p50 ([0-9.]+) p99 ([0-9.]+) p99.9 ([0-9.]+) max ([0-9.]+)$/\1|\2|\3|\4|\5|\6|\7/' <<<"$line")"
    rows+=("$r|$cpu")
    all+=("$(cut -d'|' -f5 <<<"$r")")
  done
  # the run with the median p99 stands for this configuration
  r="$(printf '%s\n' "${rows[@]}" | sort -t'|' -k5,5 -g | sed -n "$(( (${#rows[@]} + 1) / 2 ))p")"
  FIXED_ROWS+=("$sys|$flush|$r|$(IFS=' '; echo "${all[*]}")")
}

# ---------------------------------------------------------------------------------------------
# Apache Kafka (KRaft, single node, broker+controller, defaults except what KRaft needs).
# No log.flush.* settings: Kafka leaves fsync to the OS page cache by default.
# ---------------------------------------------------------------------------------------------
run_kafka() {
  local dir="$TMP/kafka" bs="127.0.0.1:$KAFKA_PORT"
  prepare_kafka "$dir"

  log "starting Apache Kafka $(basename "$(tr ':' '\n' <<<"$CP" | grep -m1 '/kafka_2.13-')" .jar) on $bs"
  # shellcheck disable=SC2086
  start_bg "$BROKER_LIFETIME" "$dir/logs/kafka.out" "$JAVA" $BROKER_JVM_OPTS \
    -Dlog4j2.configurationFile="$dir/log4j2.properties" -cp "$CP" kafka.Kafka "$dir/server.properties"
  BROKER_PG="$BG_PID"
  local pg="$BG_PID" i ok=0
  for (( i = 0; i < START_TIMEOUT * 2; i++ )); do
    group_alive "$pg" || break
    if grep -q 'Kafka Server started' "$dir/logs/server.log" 2>/dev/null; then ok=1; break; fi
    sleep 0.5
  done
  if [[ $ok != 1 ]] || ! wait_port "$KAFKA_PORT" 10 "$pg"; then
    tail -30 "$dir/logs/kafka.out" "$dir/logs/server.log" >&2 2>/dev/null || true
    die "Apache Kafka did not start within ${START_TIMEOUT}s (logs in $dir/logs)"
  fi
  log "Apache Kafka is up"
  measure_system kafka "default" "$bs"
  log "stopping Apache Kafka"
  kill_group "$pg" 60
  cp "$dir/logs/server.log" "$TMP/kafka-server.log" 2>/dev/null || true
  rm -rf "$dir/data"
}

# ---------------------------------------------------------------------------------------------
# mq-broker, one fresh broker (fresh data dir) per --flush mode.
# ---------------------------------------------------------------------------------------------
run_mq() { # flush
  local flush="$1" dir="$TMP/mq-$1" bs="127.0.0.1:$MQ_PORT"
  mkdir -p "$dir/data"
  log "starting mq-broker ($MQ_JAR) --flush $flush on $bs (admin $MQ_ADMIN_PORT)"
  # shellcheck disable=SC2086
  start_bg "$BROKER_LIFETIME" "$dir/mq-broker.out" "$JAVA" $BROKER_JVM_OPTS -jar "$MQ_JAR" \
    --port "$MQ_PORT" --admin-port "$MQ_ADMIN_PORT" --data-dir "$dir/data" --flush "$flush"
  BROKER_PG="$BG_PID"
  local pg="$BG_PID" i ok=0 why="no 200 from http://127.0.0.1:$MQ_ADMIN_PORT/health within ${START_TIMEOUT}s"
  for (( i = 0; i < START_TIMEOUT * 2; i++ )); do
    if ! group_alive "$pg"; then why="the process exited before /health answered"; break; fi
    if curl -fsS -m 2 -o /dev/null "http://127.0.0.1:$MQ_ADMIN_PORT/health" 2>/dev/null; then ok=1; break; fi
    sleep 0.5
  done
  if [[ $ok == 1 ]] && ! wait_port "$MQ_PORT" 10 "$pg"; then ok=0; why="/health is up but port $MQ_PORT does not accept connections"; fi
  if [[ $ok != 1 ]]; then
    kill_group "$pg" 10
    local msg tailout
    tailout="$(tail -c 300 "$dir/mq-broker.out" 2>/dev/null | tr '\n' ' ' || true)"
    msg="mq-broker --flush $flush did not become ready: $why (output: $tailout)"
    [[ "$MQ_REQUIRED" == 1 ]] && die "$msg"
    log "SKIPPING mq-broker --flush $flush: $msg"
    log "  (mq-broker may not be implemented yet; run with SYSTEMS=kafka to leave it out, MQ_REQUIRED=1 to fail instead)"
    SKIPPED+=("mq-broker --flush $flush: not measured, $why")
    return 0
  fi
  log "mq-broker --flush $flush is up"
  measure_system mq "$flush" "$bs"
  log "stopping mq-broker --flush $flush"
  kill_group "$pg" 60
  rm -rf "$dir/data"
}

log "run $RUN_ID: SYSTEMS=$SYSTEMS NUM_RECORDS=$NUM_RECORDS RECORD_SIZE=$RECORD_SIZE PARTITIONS=$PARTITIONS WARMUP_RECORDS=$WARMUP_RECORDS ACKS_LIST='$ACKS_LIST'"
want_system kafka && run_kafka
if want_system mq; then
  if [[ "${MQ_BUILD_FAILED:-0}" == 1 ]]; then
    SKIPPED+=("mq-broker: not measured, $MQ_JAR could not be built")
  else
    for f in $MQ_FLUSH_MODES; do run_mq "$f"; done
  fi
fi

# ---------------------------------------------------------------------------------------------
# Report: markdown (also the terminal output).
# ---------------------------------------------------------------------------------------------
kafka_rate() { # acks -> Kafka records/s or empty
  local r
  for r in "${PRODUCER_ROWS[@]:-}"; do
    IFS='|' read -r s _ a rps _ <<<"$r"
    [[ "$s" == kafka && "$a" == "$1" ]] && { echo "$rps"; return; }
  done
}
kafka_cons_rate() { # acks -> Kafka consumer fetch MB/s or empty
  local r
  for r in "${CONSUMER_ROWS[@]:-}"; do
    IFS='|' read -r s _ a _ _ _ fmbs _ <<<"$r"
    [[ "$s" == kafka && "$a" == "$1" ]] && { echo "$fmbs"; return; }
  done
}
kafka_field() { # rows-array-name field-number -> that field of the Kafka row, or empty
  local -n rows="$1"
  local r
  for r in "${rows[@]:-}"; do
    [[ "${r%%|*}" == kafka ]] && { cut -d'|' -f"$2" <<<"$r"; return; }
  done
}
ratio() { [[ -n "$1" && -n "$2" ]] && awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }' || echo "-"; }
sysname() { [[ "$1" == kafka ]] && echo "Apache Kafka 4.1.2" || echo "mq-broker"; }

MD="$TMP/report.md"
{
  echo "# Producer / consumer throughput: Apache Kafka vs. mq-broker ($(date '+%Y-%m-%d %H:%M:%S %Z'))"
  echo
  echo "Kafka's ProducerPerformance, $NUM_RECORDS records of $RECORD_SIZE B, --throughput -1, default producer"
  echo "settings except acks; $PARTITIONS partitions, fresh topic per run, one unmeasured warm-up run"
  echo "($WARMUP_RECORDS records) before the measured runs; $REPEATS measured runs per row, the median (by records/s) shown."
  echo "Broker JVM: \`$BROKER_JVM_OPTS\`."
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $("$JAVA" -version 2>&1 | head -1);"
  echo "broker and load generator share the cores. Commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo n/a)."
  echo "Kafka flush = default (no fsync per write, page cache). mq-broker sync = every acks=all response waits for fsync."
  echo
  echo "## Producer (ProducerPerformance)"
  echo
  echo "| system | flush | acks | records/s | MB/s | avg latency ms | p99 latency ms | max latency ms | vs Kafka (records/s) |"
  echo "|---|---|---|---:|---:|---:|---:|---:|---:|"
  for r in "${PRODUCER_ROWS[@]:-}"; do
    [[ -n "$r" ]] || continue
    IFS='|' read -r s f a rps mbs avg p99 max <<<"$r"
    if [[ "$s" == kafka ]]; then vs="1.00"; else vs="$(ratio "$rps" "$(kafka_rate "$a")")"; fi
    printf '| %s | %s | %s | %.0f | %.2f | %.1f | %s | %.0f | %s |\n' "$(sysname "$s")" "$f" "$a" "$rps" "$mbs" "$avg" "$p99" "$max" "$vs"
  done
  if [[ "$CONSUMER" == 1 ]]; then
    echo
    echo "## Consumer (ConsumerPerformance, reading $NUM_RECORDS records written in full batches: linger.ms=100)"
    echo
    echo "MB/s and records/s include the consumer-group join (a fixed cost that depends on the broker's"
    echo "group coordinator); fetch MB/s and fetch records/s exclude it, and the ratio uses fetch MB/s."
    echo "$CONSUMER_REPEATS runs per row, each with a fresh group; the run with the median fetch MB/s is shown, all"
    echo "runs in the last column. Broker CPU: user + system CPU seconds of the broker process during that run."
    echo
    echo "| system | flush | topic written with acks | records | MB/s | records/s | fetch MB/s | fetch records/s | group join ms | broker CPU s | broker CPU s per GB | vs Kafka (fetch MB/s) | fetch MB/s of all runs |"
    echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    for r in "${CONSUMER_ROWS[@]:-}"; do
      [[ -n "$r" ]] || continue
      IFS='|' read -r s f a n mbs ns fmbs fns reb cpu all <<<"$r"
      if [[ "$s" == kafka ]]; then vs="1.00"; else vs="$(ratio "$fmbs" "$(kafka_cons_rate "$a")")"; fi
      pergb="$(awk -v c="$cpu" -v n="$n" -v sz="$RECORD_SIZE" 'BEGIN { printf "%.2f", c / (n * sz / 1073741824) }')"
      printf '| %s | %s | %s | %s | %.1f | %.0f | %.1f | %.0f | %s | %s | %s | %s | %s |\n' "$(sysname "$s")" "$f" "$a" "$n" "$mbs" "$ns" "$fmbs" "$fns" "$reb" "$cpu" "$pergb" "$vs" "$all"
    done
  fi
  if [[ "$E2E" == 1 ]]; then
    echo
    echo "## End-to-end latency (EndToEndLatency: one $E2E_RECORD_SIZE-byte record at a time, acks=all, produce → consume)"
    echo
    echo "| system | flush | records | avg ms | p50 ms | p99 ms | p99.9 ms | p99 vs Kafka |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|"
    for r in "${E2E_ROWS[@]:-}"; do
      [[ -n "$r" ]] || continue
      IFS='|' read -r s f n avg p50 p99 p999 <<<"$r"
      if [[ "$s" == kafka ]]; then vs="1.00"; else vs="$(ratio "$p99" "$(kafka_field E2E_ROWS 6)")"; fi
      printf '| %s | %s | %s | %.3f | %s | %s | %s | %s |\n' "$(sysname "$s")" "$f" "$n" "$avg" "$p50" "$p99" "$p999" "$vs"
    done
    echo
    echo "## End-to-end latency at a fixed rate ($E2E_RATE records/s of $E2E_RECORD_SIZE B, acks=all, ${E2E_DURATION_S}s measured)"
    echo
    echo "$E2E_REPEATS runs per row, each on a fresh topic; the run with the median p99 is shown, all runs' p99 in the"
    echo "last column. Broker CPU: the broker process's CPU over the whole run, in % of one core."
    echo
    echo "| system | flush | records measured | avg ms | p50 ms | p99 ms | p99.9 ms | max ms | broker CPU % | p99 vs Kafka | p99 ms of all runs |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    for r in "${FIXED_ROWS[@]:-}"; do
      [[ -n "$r" ]] || continue
      IFS='|' read -r s f _ n avg p50 p99 p999 max cpu all <<<"$r"
      if [[ "$s" == kafka ]]; then vs="1.00"; else vs="$(ratio "$p99" "$(kafka_field FIXED_ROWS 7)")"; fi
      printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$(sysname "$s")" "$f" "$n" "$avg" "$p50" "$p99" "$p999" "$max" "$cpu" "$vs" "$all"
    done
  fi
  if [[ ${#SKIPPED[@]} -gt 0 ]]; then
    echo
    echo "## Not measured"
    echo
    for s in "${SKIPPED[@]}"; do echo "- $s"; done
  fi
} >"$MD"

mkdir -p "$RESULTS_DIR"
OUT="$RESULTS_DIR/producer-$(date +%Y-%m-%d-%H%M%S).md"
cp "$MD" "$OUT"
echo
cat "$MD"
echo
log "written: $OUT"
[[ ${#PRODUCER_ROWS[@]} -gt 0 ]] || die "no producer run succeeded"
