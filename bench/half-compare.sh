#!/usr/bin/env bash
# Half (transactional) messages and delayed delivery through mq-client, on mq-broker (coordinator built in)
# and on Apache Kafka 4.1.2 with the standalone coordinator (`mq-broker.jar coordinator`), in one run on
# this machine, measured with io.seckill.bench.HalfMessageBench. See bench/README.md.
#
# A benchmark, not a test: it is never run by `./mvnw verify`.
#
#   bench/half-compare.sh                                  # everything, defaults below
#   TXN_COUNT=20000 DELAY_COUNT=10000 REPEATS=1 bench/half-compare.sh    # quick smoke run
#
# Options (environment variables):
#   SYSTEMS           mq,kafka         which systems to run, in this order (mq: mq-broker; kafka: Kafka + standalone coordinator)
#   MQ_FLUSH_MODES    "sync async"     mq-broker --flush modes to measure (one fresh broker each)
#   TXN / DELAY / DELAY_BURST  1 / 1 / 1   0 = skip that section
#   TXN_COUNT         200000           measured transactions per txn run
#   TXN_WARMUP        20000            unmeasured transactions first, in the same run (own topic, waited for)
#   TXN_THREADS       64               sending threads
#   TXN_THREAD_KINDS  "virtual platform"   thread kinds to measure (each REPEATS times, interleaved)
#   REPEATS           3                txn runs per (system, flush, thread kind); the median (tx/s) is reported
#   LINGER_MS         1                producer linger.ms of the tool (kafka-clients 4.x default is 5)
#   DELAY_COUNT       100000           delayed messages of the delay run
#   DELAY_WARMUP      10000            unmeasured delayed messages first (delays of 1-2 s, waited for)
#   DELAY_MIN_MS / DELAY_MAX_MS  1000 / 30000   delays are uniform in [min, max]
#   BURST_DUE_MS      15000            burst run: DELAY_COUNT messages all due at one instant, this long after the first send
#   RECORD_SIZE       100              bytes per value
#   PARTITIONS        6                partitions of the target topics
#   QUIET_MAX_BUSY / QUIET_WAIT_S  15 / 900   before each system, wait (up to QUIET_WAIT_S) until the machine is
#                                    below QUIET_MAX_BUSY % CPU busy (other builds skew a 2-core box); 0 = don't wait
#   MQ_REQUIRED       0                1 = fail (instead of skipping mq) when mq-broker does not come up
#   KAFKA_PORT / KAFKA_CONTROLLER_PORT   19092 / 19094
#   MQ_PORT / MQ_ADMIN_PORT              19093 / 19644
#   BROKER_JVM_OPTS   "-Xms2g -Xmx2g -XX:+UseG1GC ..."   same JVM flags for both brokers (as kafka-compare.sh)
#   COORD_JVM_OPTS    "-Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20"   the standalone coordinator's JVM
#   TOOL_JVM_OPTS     "-Xmx512m"       JVM flags of HalfMessageBench
#   START_TIMEOUT     120              seconds to wait for a broker / the coordinator to become ready
#   RUN_TIMEOUT       900              seconds one tool run may take before it is killed
#   BROKER_LIFETIME   3600             hard upper bound (seconds) on the life of each broker process
#   RESULTS_DIR       bench/results    where half-<date>.md is written
#   KEEP_TMP          0                1 = keep the temp dir (broker logs, tool output) after the run
#   MQ_JAR            mq-broker/target/mq-broker.jar   the mq-broker fat jar (not built here; copied at start)
set -euo pipefail
export LC_ALL=C

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"

export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"

SYSTEMS="${SYSTEMS:-mq,kafka}"
MQ_FLUSH_MODES="${MQ_FLUSH_MODES:-sync async}"
TXN="${TXN:-1}"
DELAY="${DELAY:-1}"
DELAY_BURST="${DELAY_BURST:-1}"
TXN_COUNT="${TXN_COUNT:-200000}"
TXN_WARMUP="${TXN_WARMUP:-20000}"
TXN_THREADS="${TXN_THREADS:-64}"
TXN_THREAD_KINDS="${TXN_THREAD_KINDS:-virtual platform}"
REPEATS="${REPEATS:-3}"
LINGER_MS="${LINGER_MS:-1}"
DELAY_COUNT="${DELAY_COUNT:-100000}"
DELAY_WARMUP="${DELAY_WARMUP:-10000}"
DELAY_MIN_MS="${DELAY_MIN_MS:-1000}"
DELAY_MAX_MS="${DELAY_MAX_MS:-30000}"
BURST_DUE_MS="${BURST_DUE_MS:-15000}"
RECORD_SIZE="${RECORD_SIZE:-100}"
PARTITIONS="${PARTITIONS:-6}"
QUIET_MAX_BUSY="${QUIET_MAX_BUSY:-15}"
QUIET_WAIT_S="${QUIET_WAIT_S:-900}"
MQ_REQUIRED="${MQ_REQUIRED:-0}"
KAFKA_PORT="${KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19094}"
MQ_PORT="${MQ_PORT:-19093}"
MQ_ADMIN_PORT="${MQ_ADMIN_PORT:-19644}"
BROKER_JVM_OPTS="${BROKER_JVM_OPTS:--Xms2g -Xmx2g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}"
COORD_JVM_OPTS="${COORD_JVM_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20}"
TOOL_JVM_OPTS="${TOOL_JVM_OPTS:--Xmx512m}"
START_TIMEOUT="${START_TIMEOUT:-120}"
RUN_TIMEOUT="${RUN_TIMEOUT:-900}"
BROKER_LIFETIME="${BROKER_LIFETIME:-3600}"
RESULTS_DIR="${RESULTS_DIR:-$SCRIPT_DIR/results}"
KEEP_TMP="${KEEP_TMP:-0}"
MQ_JAR="${MQ_JAR:-$ROOT/mq-broker/target/mq-broker.jar}"
TARGET_TX_S=20000

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ -x "$JAVA" ]] || die "no java at $JAVA (set JAVA_HOME)"
for v in TXN_COUNT TXN_WARMUP TXN_THREADS REPEATS LINGER_MS DELAY_COUNT DELAY_WARMUP DELAY_MIN_MS DELAY_MAX_MS BURST_DUE_MS \
         RECORD_SIZE PARTITIONS QUIET_MAX_BUSY QUIET_WAIT_S START_TIMEOUT RUN_TIMEOUT BROKER_LIFETIME; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a non-negative integer, got '${!v}'"
done
want_system() { [[ ",$SYSTEMS," == *",$1,"* ]]; }

TMP_PREFIX=half-compare
# shellcheck source=bench/lib/processes.sh
source "$ROOT/bench/lib/processes.sh"
# shellcheck source=bench/lib/kafka.sh
source "$ROOT/bench/lib/kafka.sh"

java_pid_of_group() { # pgid -> pid of the java process in it
  pgrep -g "$1" -x java | head -1
}

cpu_busy_pct() { # CPU busy % of the whole machine over 3 s (from /proc/stat)
  local a b
  read -ra a </proc/stat; sleep 3; read -ra b </proc/stat
  awk -v u1="${a[1]}" -v n1="${a[2]}" -v s1="${a[3]}" -v i1="${a[4]}" -v w1="${a[5]}" -v q1="${a[6]}" -v sq1="${a[7]}" -v st1="${a[8]}" \
      -v u2="${b[1]}" -v n2="${b[2]}" -v s2="${b[3]}" -v i2="${b[4]}" -v w2="${b[5]}" -v q2="${b[6]}" -v sq2="${b[7]}" -v st2="${b[8]}" \
      'BEGIN { busy = (u2+n2+s2+q2+sq2+st2) - (u1+n1+s1+q1+sq1+st1); idle = (i2+w2) - (i1+w1);
               printf "%.0f", (busy + idle) > 0 ? 100 * busy / (busy + idle) : 0 }'
}

QUIET_NOTES=()
wait_quiet() { # label: wait until the machine is quiet (other people's builds skew a 2-core box)
  [[ "$QUIET_WAIT_S" -gt 0 ]] || return 0
  local label="$1" busy start=$SECONDS warned=0
  while :; do
    busy="$(cpu_busy_pct)"
    [[ "$busy" -le "$QUIET_MAX_BUSY" ]] && break
    if (( SECONDS - start >= QUIET_WAIT_S )); then
      log "WARNING: machine still ${busy}% busy after ${QUIET_WAIT_S}s; measuring $label anyway"
      QUIET_NOTES+=("$label: the machine was ${busy}% busy (other processes) when it started; figures are skewed")
      return 0
    fi
    if [[ $warned == 0 ]]; then
      log "machine ${busy}% busy before $label: waiting for it to be below ${QUIET_MAX_BUSY}% (top: $(ps -eo pcpu=,comm= --sort=-pcpu | head -3 | awk '{printf "%s %s%%; ", $2, $1}'))"
      warned=1
    fi
    sleep 5
  done
  (( SECONDS - start > 5 )) && QUIET_NOTES+=("$label: waited $(( SECONDS - start )) s for other processes to finish")
  log "machine ${busy}% busy: measuring $label"
}

# ---------------------------------------------------------------------------------------------
# Build inputs: mq-client (installed, bench depends on it), bench classpath, mq-broker jar (copied,
# so that a rebuild by someone else during the run does not change what is measured).
# ---------------------------------------------------------------------------------------------
cd "$ROOT"
mvn_q() { # args... : ./mvnw offline first (deps cached), online if that fails
  timeout 600 ./mvnw -B -q -ntp -o "$@" >"$TMP/mvn.log" 2>&1 || timeout 600 ./mvnw -B -q -ntp "$@" >"$TMP/mvn.log" 2>&1
}
log "installing mq-client (./mvnw -pl mq-client install -DskipTests)"
mvn_q -pl mq-client install -DskipTests || { cat "$TMP/mvn.log" >&2; die "could not install mq-client"; }
CP_FILE="$TMP/bench.classpath"
log "compiling bench and resolving its classpath (./mvnw -pl bench compile dependency:build-classpath)"
mvn_q -pl bench compile dependency:build-classpath -Dmdep.outputFile="$CP_FILE" \
  || { cat "$TMP/mvn.log" >&2; die "could not resolve the bench classpath"; }
CP="$ROOT/bench/target/classes:$(cat "$CP_FILE")"
[[ "$CP" == *kafka_2.13-* && "$CP" == *mq-client-* ]] || die "bench classpath lacks kafka_2.13 / mq-client: $CP_FILE"

[[ -f "$MQ_JAR" ]] || die "$MQ_JAR is missing: build it first (./mvnw -pl mq-broker -am -DskipTests package)"
JAR="$TMP/mq-broker.jar"
cp "$MQ_JAR" "$JAR"
JAR_INFO="$(basename "$MQ_JAR"), built $(date -u -r "$MQ_JAR" '+%Y-%m-%d %H:%M UTC'), sha256 $(sha256sum "$JAR" | cut -c1-12)"
[[ "$(unzip -l "$JAR")" == *io/seckill/mq/broker/coordinator/CoordinatorCommand.class* ]] \
  || die "$MQ_JAR has no coordinator (io.seckill.mq.broker.coordinator.CoordinatorCommand): rebuild it"

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

CLK_TCK="$(getconf CLK_TCK)"
RUN_ID="$(date +%Y%m%d%H%M%S)"
COMMANDS=()       # the exact commands, for the report
CPU_ARGS=()       # --cpu-pid NAME=PID for the processes under test

bench_tool() { # logfile args... : run HalfMessageBench, bounded
  local out="$1"; shift
  COMMANDS+=("java $TOOL_JVM_OPTS -cp \"\$CP\" io.seckill.bench.HalfMessageBench $(printf '%q ' "$@")")
  # shellcheck disable=SC2086
  run_bounded "$RUN_TIMEOUT" "$out" "$JAVA" $TOOL_JVM_OPTS -Dlog4j2.configurationFile="$TMP/tools-log4j2.properties" \
    -cp "$CP" io.seckill.bench.HalfMessageBench "$@" "${CPU_ARGS[@]}" --clk-tck "$CLK_TCK"
}

result_line() { grep -E '^RESULT ' "$1" | tail -1; }
kv() { # line key -> value
  tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p" | head -1
}

# ---------------------------------------------------------------------------------------------
# Measurements. Rows are '|'-separated.
# ---------------------------------------------------------------------------------------------
TXN_RUNS=()     # system|flush|kind|rep|tx/s|delivered/s|p50|p99|p99.9|max|e2e p50|e2e p99|client cpu|broker cpu|coord cpu|complete|other cpu
DELAY_ROWS=()   # system|flush|mode|scheduled/s|delivered/s|window|p50|p99|p99.9|max|early|delivered|missing|dups|coord cpu (delivery)|complete|other cpu
COORD_METRICS=()
SKIPPED=()

run_txn() { # system flush bootstrap
  local sys="$1" flush="$2" bs="$3" rep kind out line
  for ((rep = 1; rep <= REPEATS; rep++)); do
    for kind in $TXN_THREAD_KINDS; do
      out="$TMP/txn-$sys-$flush-$kind-r$rep.log"
      log "$sys flush=$flush: txn, $TXN_COUNT transactions (+$TXN_WARMUP warm-up), $TXN_THREADS $kind threads, run $rep/$REPEATS"
      bench_tool "$out" txn --bootstrap-server "$bs" --topic "txn-$sys-$flush-$kind-r$rep-$RUN_ID" \
        --partitions "$PARTITIONS" --record-size "$RECORD_SIZE" --linger-ms "$LINGER_MS" \
        --transactions "$TXN_COUNT" --warmup "$TXN_WARMUP" --threads "$TXN_THREADS" --thread-kind "$kind" \
        || log "txn run exited non-zero: $(tail -3 "$out" | tr '\n' ' ')"
      line="$(result_line "$out")" || true
      if [[ -z "$line" ]]; then
        SKIPPED+=("$sys flush=$flush txn $kind run $rep: no result ($(tail -2 "$out" | tr '\n' ' ' | cut -c1-200))")
        continue
      fi
      log "  -> $(grep -E '^committed:' "$out")"
      log "  -> $(grep -E '^delivered:' "$out")"
      TXN_RUNS+=("$sys|$flush|$kind|$rep|$(kv "$line" tx_per_s)|$(kv "$line" delivered_per_s)|$(kv "$line" p50_ms)|$(kv "$line" p99_ms)|$(kv "$line" p999_ms)|$(kv "$line" max_ms)|$(kv "$line" e2e_p50_ms)|$(kv "$line" e2e_p99_ms)|$(kv "$line" cpu_client_sent_pct)|$(kv "$line" cpu_broker_sent_pct)|$(kv "$line" cpu_coordinator_sent_pct)|$(kv "$line" complete)|$(kv "$line" cpu_other_sent_pct)")
    done
  done
}

run_delay() { # system flush bootstrap burst(0|1)
  local sys="$1" flush="$2" bs="$3" burst="$4" out line mode args
  if [[ "$burst" == 1 ]]; then
    mode=burst; args=(--same-due-ms "$BURST_DUE_MS" --warmup 0)
    log "$sys flush=$flush: delay burst, $DELAY_COUNT messages all due ${BURST_DUE_MS} ms after the first send"
  else
    mode=uniform; args=(--min-delay-ms "$DELAY_MIN_MS" --max-delay-ms "$DELAY_MAX_MS" --warmup "$DELAY_WARMUP")
    log "$sys flush=$flush: delay, $DELAY_COUNT messages with delays uniform in [$DELAY_MIN_MS, $DELAY_MAX_MS] ms"
  fi
  out="$TMP/delay-$mode-$sys-$flush.log"
  bench_tool "$out" delay --bootstrap-server "$bs" --topic "delay-$mode-$sys-$flush-$RUN_ID" \
    --partitions "$PARTITIONS" --record-size "$RECORD_SIZE" --linger-ms "$LINGER_MS" --messages "$DELAY_COUNT" "${args[@]}" \
    || log "delay run exited non-zero: $(tail -3 "$out" | tr '\n' ' ')"
  line="$(result_line "$out")" || true
  if [[ -z "$line" ]]; then
    SKIPPED+=("$sys flush=$flush delay ($mode): no result ($(tail -2 "$out" | tr '\n' ' ' | cut -c1-200))")
    return 1
  fi
  log "  -> $(grep -E '^scheduled:' "$out")"
  log "  -> $(grep -E '^delivered:' "$out")"
  log "  -> $(grep -E '^lateness' "$out")"
  local coord_cpu
  coord_cpu="$(kv "$line" cpu_coordinator_delivered_pct)"
  [[ -n "$coord_cpu" ]] || coord_cpu="$(kv "$line" cpu_broker_delivered_pct)"
  DELAY_ROWS+=("$sys|$flush|$mode|$(kv "$line" scheduled_per_s)|$(kv "$line" delivered_per_s)|$(kv "$line" window_s)|$(kv "$line" late_p50_ms)|$(kv "$line" late_p99_ms)|$(kv "$line" late_p999_ms)|$(kv "$line" late_max_ms)|$(kv "$line" early)|$(kv "$line" delivered)|$(kv "$line" missing)|$(kv "$line" duplicates)|$coord_cpu|$(kv "$line" complete)|$(kv "$line" cpu_other_delivered_pct)")
}

scrape_coordinator() { # label url : keep the coordinator's own counters and lateness summary
  local label="$1" url="$2" m
  m="$(curl -fsS -m 5 "$url" 2>/dev/null | grep -E '^mq_coordinator_(half_messages_total|half_checks_total|half_late_decisions_total|delay_messages_total|delay_hops_total|delay_lateness_seconds(\{|_max))' || true)"
  [[ -n "$m" ]] && COORD_METRICS+=("$label"$'\n'"$m")
}

measure_system() { # system flush bootstrap
  local sys="$1" flush="$2" bs="$3"
  [[ "$TXN" == 1 ]] && run_txn "$sys" "$flush" "$bs"
  [[ "$DELAY" == 1 ]] && { run_delay "$sys" "$flush" "$bs" 0 || true; }
  [[ "$DELAY_BURST" == 1 ]] && { run_delay "$sys" "$flush" "$bs" 1 || true; }
  return 0
}

# ---------------------------------------------------------------------------------------------
# mq-broker (coordinator inside), one fresh broker per --flush mode.
# ---------------------------------------------------------------------------------------------
run_mq() { # flush
  local flush="$1" dir="$TMP/mq-$1" bs="127.0.0.1:$MQ_PORT"
  mkdir -p "$dir/data"
  wait_quiet "mq-broker --flush $flush"
  log "starting mq-broker ($JAR_INFO) --flush $flush on $bs (admin $MQ_ADMIN_PORT)"
  COMMANDS+=("java $BROKER_JVM_OPTS -jar mq-broker.jar --port $MQ_PORT --admin-port $MQ_ADMIN_PORT --data-dir DIR --flush $flush")
  # shellcheck disable=SC2086
  start_bg "$BROKER_LIFETIME" "$dir/mq-broker.out" "$JAVA" $BROKER_JVM_OPTS -jar "$JAR" \
    --port "$MQ_PORT" --admin-port "$MQ_ADMIN_PORT" --data-dir "$dir/data" --flush "$flush"
  local pg="$BG_PID" i ok=0 why="no 200 from http://127.0.0.1:$MQ_ADMIN_PORT/health within ${START_TIMEOUT}s"
  for (( i = 0; i < START_TIMEOUT * 2; i++ )); do
    if ! group_alive "$pg"; then why="the process exited before /health answered"; break; fi
    if curl -fsS -m 2 -o /dev/null "http://127.0.0.1:$MQ_ADMIN_PORT/health" 2>/dev/null; then ok=1; break; fi
    sleep 0.5
  done
  if [[ $ok == 1 ]] && ! wait_port "$MQ_PORT" 10 "$pg"; then ok=0; why="/health is up but port $MQ_PORT does not accept connections"; fi
  if [[ $ok != 1 ]]; then
    kill_group "$pg" 10
    local msg
    msg="mq-broker --flush $flush did not become ready: $why (output: $(tail -c 300 "$dir/mq-broker.out" 2>/dev/null | tr '\n' ' '))"
    [[ "$MQ_REQUIRED" == 1 ]] && die "$msg"
    log "SKIPPING: $msg"
    SKIPPED+=("mq-broker --flush $flush: not measured, $why")
    return 0
  fi
  log "mq-broker --flush $flush is up"
  CPU_ARGS=(--cpu-pid "broker=$(java_pid_of_group "$pg")")
  measure_system mq "$flush" "$bs"
  scrape_coordinator "mq-broker --flush $flush (coordinator inside the broker)" "http://127.0.0.1:$MQ_ADMIN_PORT/metrics"
  log "stopping mq-broker --flush $flush"
  kill_group "$pg" 60
  cp "$dir/mq-broker.out" "$TMP/mq-broker-$flush.out" 2>/dev/null || true
  rm -rf "$dir/data"
}

# ---------------------------------------------------------------------------------------------
# Apache Kafka (KRaft, single node, same settings as kafka-compare.sh) + standalone coordinator.
# ---------------------------------------------------------------------------------------------
run_kafka() {
  local dir="$TMP/kafka" bs="127.0.0.1:$KAFKA_PORT"
  prepare_kafka "$dir"

  wait_quiet "Apache Kafka + standalone coordinator"
  log "starting Apache Kafka $(basename "$(tr ':' '\n' <<<"$CP" | grep -m1 '/kafka_2.13-')" .jar) on $bs"
  COMMANDS+=("java $BROKER_JVM_OPTS -cp \"\$CP\" kafka.Kafka server.properties   # KRaft single node, as kafka-compare.sh")
  # shellcheck disable=SC2086
  start_bg "$BROKER_LIFETIME" "$dir/logs/kafka.out" "$JAVA" $BROKER_JVM_OPTS \
    -Dlog4j2.configurationFile="$dir/log4j2.properties" -cp "$CP" kafka.Kafka "$dir/server.properties"
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
  log "Apache Kafka is up; starting the standalone coordinator against it"
  COMMANDS+=("java $COORD_JVM_OPTS -jar mq-broker.jar coordinator --bootstrap $bs --admin-port 0")
  # shellcheck disable=SC2086
  start_bg "$BROKER_LIFETIME" "$dir/logs/coordinator.out" "$JAVA" $COORD_JVM_OPTS -jar "$JAR" coordinator \
    --bootstrap "$bs" --admin-port 0
  local cpg="$BG_PID" health=""
  for (( i = 0; i < START_TIMEOUT * 2; i++ )); do
    group_alive "$cpg" || break
    health="$(sed -nE 's|^coordinator: health (http://[^ ,]+/health).*|\1|p' "$dir/logs/coordinator.out" | head -1)"
    if [[ -n "$health" ]] && curl -fsS -m 2 -o /dev/null "${health/localhost/127.0.0.1}" 2>/dev/null; then ok=2; break; fi
    sleep 0.5
  done
  if [[ $ok != 2 ]]; then
    tail -30 "$dir/logs/coordinator.out" >&2 2>/dev/null || true
    die "the standalone coordinator did not become ready within ${START_TIMEOUT}s"
  fi
  log "standalone coordinator is up ($health)"
  CPU_ARGS=(--cpu-pid "broker=$(java_pid_of_group "$pg")" --cpu-pid "coordinator=$(java_pid_of_group "$cpg")")
  measure_system kafka "default" "$bs"
  scrape_coordinator "Apache Kafka + standalone coordinator" "$(sed 's|/health$|/metrics|' <<<"${health/localhost/127.0.0.1}")"
  log "stopping the standalone coordinator and Apache Kafka"
  kill_group "$cpg" 40
  kill_group "$pg" 60
  cp "$dir/logs/coordinator.out" "$TMP/coordinator.out" 2>/dev/null || true
  rm -rf "$dir/data"
}

log "run $RUN_ID: SYSTEMS=$SYSTEMS MQ_FLUSH_MODES='$MQ_FLUSH_MODES' TXN_COUNT=$TXN_COUNT TXN_THREADS=$TXN_THREADS kinds='$TXN_THREAD_KINDS' REPEATS=$REPEATS DELAY_COUNT=$DELAY_COUNT"
START_EPOCH=$SECONDS
for s in ${SYSTEMS//,/ }; do
  case "$s" in
    mq) for f in $MQ_FLUSH_MODES; do run_mq "$f"; done ;;
    kafka) run_kafka ;;
    *) die "unknown system '$s' (mq, kafka)" ;;
  esac
done

# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------
sysname() { [[ "$1" == kafka ]] && echo "Apache Kafka 4.1.2 + standalone coordinator" || echo "mq-broker"; }
median_row() { # rows (one per line) sorted by field 5 (tx/s) -> the median one
  sort -t'|' -k5,5 -g | awk '{ rows[NR] = $0 } END { if (NR) print rows[int((NR + 1) / 2)] }'
}
fmt_int() { [[ -n "$1" ]] && sed -E ':a; s/^([0-9]+)([0-9]{3})/\1,\2/; ta' <<<"$1" || echo "-"; }

MD="$TMP/report.md"
{
  echo "# Half messages and delayed delivery: mq-broker vs. Apache Kafka + standalone coordinator ($(date '+%Y-%m-%d %H:%M:%S %Z'))"
  echo
  echo "\`io.seckill.bench.HalfMessageBench\` (bench module) through mq-client's \`TransactionalMessageProducer\` and"
  echo "\`DelayedMessageSender\`; one client JVM per run, producer = kafka-clients 4.1.2 defaults (idempotent, acks=all,"
  echo "max.in.flight 5, batch.size 16384) except linger.ms=$LINGER_MS; $RECORD_SIZE-byte values; target topics of $PARTITIONS partitions;"
  echo "the coordinator's internal topics as it creates them (half topic 6 partitions, delay and tier topics 3)."
  echo
  echo "- Machine: $(nproc) cores ($(sed -nE 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(. /etc/os-release 2>/dev/null; echo "${PRETTY_NAME:-Linux}"), kernel $(uname -r); $("$JAVA" -version 2>&1 | head -1)."
  echo "  Brokers, coordinator and the load generator share the cores."
  echo "- Commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo n/a) (working tree with uncommitted changes: $(git -C "$ROOT" status --porcelain 2>/dev/null | wc -l) files); mq-broker jar: $JAR_INFO."
  echo "- Broker JVM (both): \`$BROKER_JVM_OPTS\`; standalone coordinator JVM: \`$COORD_JVM_OPTS\`; tool JVM: \`$TOOL_JVM_OPTS\`."
  echo "- Kafka: KRaft single node, defaults (no fsync per write). mq-broker \`--flush sync\`: every acks=all answer waits for"
  echo "  a (group-committed) fsync and consumers see only fsynced data; \`--flush async\`: Kafka's durability."
  echo "- Anchor (given, not re-measured here): **RocketMQ 5.3.3, sync send, 16 threads, 100-byte messages: ~14,000 msg/s on this machine.**"
  echo "  Target: **>= $(fmt_int $TARGET_TX_S) committed half-message transactions/s on mq-broker.**"
  echo "- Run took $(( (SECONDS - START_EPOCH) / 60 )) min."
  if [[ ${#QUIET_NOTES[@]} -gt 0 ]]; then
    for n in "${QUIET_NOTES[@]}"; do echo "- Load: $n."; done
  fi
  if [[ "$TXN" == 1 ]]; then
    echo
    echo "## Transactions (half message + no-op local transaction returning COMMIT + decision)"
    echo
    echo "$(fmt_int "$TXN_COUNT") measured transactions per run after $(fmt_int "$TXN_WARMUP") warm-up ones (own topic, delivered before"
    echo "measuring), $TXN_THREADS sending threads. **tx/s**: transactions / time until every \`send\` returned and the producer"
    echo "was flushed (every decision acknowledged). **delivered/s**: transactions / time until the consumer (assigned, same JVM)"
    echo "had seen every message on the target topic. Latency: one \`send\` call (half stored with acks=all + local transaction +"
    echo "decision queued). e2e: start of \`send\` to consumed. CPU: % of one core during the send phase (client = the tool's JVM;"
    echo "other = every other process on the machine, which should be near 0)."
    echo "Median of $REPEATS runs (by tx/s) per row; every run is listed below."
    echo
    echo "| system | flush | threads | tx/s | vs target | vs RocketMQ anchor | delivered/s | p50 ms | p99 ms | p99.9 ms | max ms | e2e p50 ms | e2e p99 ms | CPU client / broker / coordinator / other |"
    echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    declare -A seen_cfg=()
    for r in "${TXN_RUNS[@]:-}"; do
      [[ -n "$r" ]] || continue
      IFS='|' read -r s f k _ <<<"$r"
      [[ -n "${seen_cfg[$s|$f|$k]:-}" ]] && continue
      seen_cfg[$s|$f|$k]=1
      m="$(printf '%s\n' "${TXN_RUNS[@]}" | awk -F'|' -v s="$s" -v f="$f" -v k="$k" '$1 == s && $2 == f && $3 == k' | median_row)"
      IFS='|' read -r s f k rep tps dps p50 p99 p999 max e50 e99 cc cb co comp oth <<<"$m"
      printf '| %s | %s | %s %s | **%s** | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s%% / %s%% / %s / %s%% |\n' \
        "$(sysname "$s")" "$f" "$TXN_THREADS" "$k" "$(fmt_int "$tps")" \
        "$(awk -v a="$tps" -v b="$TARGET_TX_S" 'BEGIN { printf "%.2f", a / b }')" \
        "$(awk -v a="$tps" 'BEGIN { printf "%.2f", a / 14000 }')" \
        "$(fmt_int "$dps")$([[ "$comp" == true ]] || echo ' (incomplete)')" "$p50" "$p99" "$p999" "$max" "$e50" "$e99" \
        "${cc:--}" "${cb:--}" "$([[ -n "$co" ]] && echo "$co%" || echo "(in broker)")" "${oth:--}"
    done
    echo
    echo "<details><summary>every txn run</summary>"
    echo
    echo "| system | flush | threads | run | tx/s | delivered/s | p50 ms | p99 ms | p99.9 ms | CPU client / broker / coordinator / other % |"
    echo "|---|---|---|---:|---:|---:|---:|---:|---:|---|"
    for r in "${TXN_RUNS[@]:-}"; do
      [[ -n "$r" ]] || continue
      IFS='|' read -r s f k rep tps dps p50 p99 p999 max e50 e99 cc cb co comp oth <<<"$r"
      printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s / %s / %s |\n' "$(sysname "$s")" "$f" "$k" "$rep" \
        "$(fmt_int "$tps")" "$(fmt_int "$dps")" "$p50" "$p99" "$p999" "${cc:--}" "${cb:--}" "${co:--}" "${oth:--}"
    done
    echo
    echo "</details>"
  fi
  if [[ "$DELAY" == 1 || "$DELAY_BURST" == 1 ]]; then
    echo
    echo "## Delayed messages"
    echo
    echo "**uniform**: $(fmt_int "$DELAY_COUNT") messages, delays uniform in [$DELAY_MIN_MS, $DELAY_MAX_MS] ms, \`sendAsync\` from one thread as fast as"
    echo "the producer takes them (after $(fmt_int "$DELAY_WARMUP") warm-up messages with 1-2 s delays, waited for). **burst**: $(fmt_int "$DELAY_COUNT") messages all due at"
    echo "the same instant, $BURST_DUE_MS ms after the first send (\`sendAtAsync\`): the coordinator's delivery capacity."
    echo "scheduled/s: messages / time until every send was acknowledged. delivered/s: messages / (last - first receipt);"
    echo "for **uniform** it follows the schedule (about $(fmt_int "$DELAY_COUNT") / $(( (DELAY_MAX_MS - DELAY_MIN_MS) / 1000 )) s), not the capacity."
    echo "Lateness = consumer receive time - due time (the \`deliverAt\` that \`DelayedMessageSender\` stored; ms clock, same"
    echo "machine), so it includes the consumer's fetch; early = received before due (must be 0). Coordinator CPU: % of one core"
    echo "over the delivery phase (for mq-broker: the whole broker process); other: every other process (should be near 0)."
    echo
    echo "| system | flush | run | scheduled/s | delivered/s | over s | lateness p50 ms | p99 ms | p99.9 ms | max ms | early | delivered / missing / duplicates | coordinator CPU | other CPU |"
    echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|"
    for r in "${DELAY_ROWS[@]:-}"; do
      [[ -n "$r" ]] || continue
      IFS='|' read -r s f mode sps dps win p50 p99 p999 max early del miss dup cpu comp oth <<<"$r"
      printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s / %s%s | %s%% | %s%% |\n' "$(sysname "$s")" "$f" "$mode" \
        "$(fmt_int "$sps")" "$(fmt_int "$dps")" "$win" "$p50" "$p99" "$p999" "$max" "$early" "$del" "$miss" "$dup" \
        "$([[ "$comp" == true ]] || echo ' (incomplete)')" "${cpu:--}" "${oth:--}"
    done
  fi
  if [[ ${#COORD_METRICS[@]} -gt 0 ]]; then
    echo
    echo "## Coordinator's own counters at the end of each system's runs (/metrics)"
    echo
    echo "\`mq_coordinator_delay_lateness_seconds\` is measured by the coordinator (due time to its send), over every delayed"
    echo "message of the system's runs (warm-up, uniform and burst together)."
    echo
    for m in "${COORD_METRICS[@]}"; do
      echo "- ${m%%$'\n'*}:"
      echo
      echo '```'
      echo "${m#*$'\n'}"
      echo '```'
    done
  fi
  echo
  echo "## Commands"
  echo
  echo "\`CP\` = bench/target/classes + \`./mvnw -pl bench dependency:build-classpath\` (kafka_2.13 4.1.2, kafka-tools, mq-client,"
  echo "HdrHistogram, picocli). Each tool run also gets \`--cpu-pid broker=PID [--cpu-pid coordinator=PID] --clk-tck $CLK_TCK\`."
  echo
  echo '```bash'
  echo "$(printf 'TXN_COUNT=%s TXN_WARMUP=%s TXN_THREADS=%s TXN_THREAD_KINDS="%s" REPEATS=%s LINGER_MS=%s DELAY_COUNT=%s SYSTEMS=%s MQ_FLUSH_MODES="%s" bench/half-compare.sh' \
    "$TXN_COUNT" "$TXN_WARMUP" "$TXN_THREADS" "$TXN_THREAD_KINDS" "$REPEATS" "$LINGER_MS" "$DELAY_COUNT" "$SYSTEMS" "$MQ_FLUSH_MODES")"
  echo
  printf '%s\n' "${COMMANDS[@]}" | awk '!seen[$0]++'
  echo '```'
  if [[ ${#SKIPPED[@]} -gt 0 ]]; then
    echo
    echo "## Not measured / failed"
    echo
    for s in "${SKIPPED[@]}"; do echo "- $s"; done
  fi
} >"$MD"

mkdir -p "$RESULTS_DIR"
OUT="$RESULTS_DIR/half-$(date +%Y-%m-%d-%H%M%S).md"
cp "$MD" "$OUT"
echo
cat "$MD"
echo
log "written: $OUT"
[[ ${#TXN_RUNS[@]} -gt 0 || ${#DELAY_ROWS[@]} -gt 0 ]] || die "no run succeeded"
