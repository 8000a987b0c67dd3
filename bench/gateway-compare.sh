#!/usr/bin/env bash
# Gateway throughput on this machine (a benchmark, not a test): wrk against the gateway jar in front of a trivial
# backend, three ways through the same gateway in one run:
#   pass-through  GET  /api/activities/{id} without a token: routing + circuit breaker only
#   jwt           the same GET with a bearer token: + HS256 verification and identity forwarding
#   jwt+buckets   POST /api/seckill/{id} with a token: + the per-user and the per-activity Redis token bucket
# Limits are set far above the load, so every request passes every bucket (each one still costs its Lua call).
# Usage: bench/gateway-compare.sh   (env: WARMUP_S=60 MEASURE_S=20 ROUNDS=3 CONNECTIONS=64 RESULT=path.md
#                                     JWT_CACHE_SIZE=100000: the gateway's verified-token cache; 0 verifies every request)
# Needs wrk (apt-get install -y wrk) and Maven; builds gateway.jar and the backend class if missing.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WARMUP_S="${WARMUP_S:-60}"
MEASURE_S="${MEASURE_S:-20}"
ROUNDS="${ROUNDS:-3}"
CONNECTIONS="${CONNECTIONS:-64}"
JWT_CACHE_SIZE="${JWT_CACHE_SIZE:-100000}"
GATEWAY_PORT="${GATEWAY_PORT:-18080}"
BACKEND_PORT="${BACKEND_PORT:-18091}"
REDIS_PORT="${REDIS_PORT:-16379}"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
STAMP="$(date -u +%Y-%m-%d-%H%M%S)"
RESULT="${RESULT:-$ROOT/bench/results/gateway-$STAMP.md}"
ACTIVITY="bench-activity"
GATEWAY_JVM=(-Xms512m -Xmx512m -XX:+UseG1GC)

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
TMP_PREFIX=gateway-bench
KEEP_TMP="${KEEP_TMP:-0}"
# shellcheck source=lib/processes.sh
source "$ROOT/bench/lib/processes.sh"

command -v wrk >/dev/null || { log "wrk is missing: apt-get install -y wrk"; exit 1; }
command -v curl >/dev/null || { log "curl is missing"; exit 1; }

build() {
  local jar="$ROOT/gateway/target/gateway.jar"
  local backend="$ROOT/gateway/target/test-classes/io/seckill/gateway/bench/TrivialBackend.class"
  if [[ ! -f "$jar" || ! -f "$backend" ]]; then
    log "building the gateway (jar and test classes)"
    (cd "$ROOT" && JAVA_HOME="$JAVA_HOME" mvn -q package -pl gateway -DskipTests)
  fi
  (cd "$ROOT" && JAVA_HOME="$JAVA_HOME" mvn -q dependency:build-classpath -pl gateway \
      -Dmdep.outputFile="$TMP/cp.txt" >/dev/null)
}

redis_binary() { # a redis-server on PATH, else the linux-amd64 one that embedded-redis ships
  if command -v redis-server >/dev/null; then command -v redis-server; return; fi
  local jar
  jar="$(find "$HOME/.m2/repository/com/github/codemonstur/embedded-redis" -name 'embedded-redis-*.jar' | sort | tail -1)"
  [[ -n "$jar" ]] || { log "no redis-server: apt-get install -y redis-server"; exit 1; }
  (cd "$TMP" && unzip -qo "$jar" 'redis-server-*-linux-amd64')
  local bin; bin="$(ls "$TMP"/redis-server-*-linux-amd64 | head -1)"
  chmod +x "$bin"; echo "$bin"
}

start_all() {
  local redis; redis="$(redis_binary)"
  start_bg 1200 "$TMP/redis.log" "$redis" --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no
  wait_port "$REDIS_PORT" 20 "$BG_PID" || { log "redis did not start"; exit 1; }
  REDIS_PID="$(pgrep -P "$BG_PID" | head -1)"
  start_bg 1200 "$TMP/backend.log" "$JAVA" -Xmx256m -XX:+UseSerialGC \
      -cp "$ROOT/gateway/target/test-classes:$(cat "$TMP/cp.txt")" io.seckill.gateway.bench.TrivialBackend "$BACKEND_PORT"
  wait_port "$BACKEND_PORT" 60 "$BG_PID" || { log "backend did not start"; exit 1; }
  local backend="http://127.0.0.1:$BACKEND_PORT"
  start_bg 1200 "$TMP/gateway.log" "$JAVA" "${GATEWAY_JVM[@]}" -jar "$ROOT/gateway/target/gateway.jar" \
      --server.port="$GATEWAY_PORT" --spring.data.redis.port="$REDIS_PORT" \
      --seckill.gateway.services.inventory="$backend" --seckill.gateway.services.order="$backend" \
      --seckill.gateway.services.payment="$backend" \
      --seckill.auth.jwt-secret="bench-jwt-secret-0123456789-0123456789-abcdef" \
      --seckill.auth.verified-token-cache-size="$JWT_CACHE_SIZE" \
      --seckill.gateway.rate-limit.per-user=1000000:1000000 \
      --seckill.gateway.rate-limit.per-activity=1000000:1000000 \
      --logging.level.io.seckill.gateway.access=OFF
  wait_port "$GATEWAY_PORT" 120 "$BG_PID" || { log "gateway did not start: see $TMP/gateway.log"; exit 1; }
  GATEWAY_PID="$(pgrep -P "$BG_PID" | head -1)"
}

write_scripts() { # one token per connection: each connection is a different user
  local i token
  {
    echo "local tokens = {"
    for (( i = 0; i < CONNECTIONS; i++ )); do
      token="$(curl -sf -X POST -H 'Content-Type: application/json' -d "{\"userId\":\"bench-$i\"}" \
          "http://127.0.0.1:$GATEWAY_PORT/api/auth/token" | sed -E 's/.*"token":"([^"]+)".*/\1/')"
      echo "  \"$token\","
    done
    echo "}"
    echo "local n = 0"
  } > "$TMP/tokens.lua"
  cat "$TMP/tokens.lua" - > "$TMP/jwt.lua" <<EOF
request = function()
  n = n + 1
  return wrk.format("GET", "/api/activities/$ACTIVITY", {["Authorization"] = "Bearer " .. tokens[(n % #tokens) + 1]})
end
EOF
  cat "$TMP/tokens.lua" - > "$TMP/full.lua" <<EOF
request = function()
  n = n + 1
  return wrk.format("POST", "/api/seckill/$ACTIVITY",
    {["Authorization"] = "Bearer " .. tokens[(n % #tokens) + 1], ["Content-Type"] = "application/json"}, "{}")
end
EOF
}

run_wrk() { # scenario seconds outfile
  local scenario="$1" secs="$2" out="$3" url="http://127.0.0.1:$GATEWAY_PORT/api/activities/$ACTIVITY"
  local args=(-t2 -c"$CONNECTIONS" -d"${secs}s" --latency)
  case "$scenario" in
    pass-through) wrk "${args[@]}" "$url" > "$out" ;;
    jwt) wrk "${args[@]}" -s "$TMP/jwt.lua" "$url" > "$out" ;;
    jwt+buckets) wrk "${args[@]}" -s "$TMP/full.lua" "$url" > "$out" ;;
  esac
}

field() { # wrk-output what → value
  case "$2" in
    rps) awk '/^Requests\/sec/ {print $2}' "$1" ;;
    p50) awk '$1 == "50%" {print $2}' "$1" ;;
    p99) awk '$1 == "99%" {print $2}' "$1" ;;
    non2xx) awk '/Non-2xx/ {print $NF}' "$1" | grep . || echo 0 ;;
  esac
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system CPU of a process, in clock ticks

cpu_us_per_request() { # scenario round which(1 = gateway, 2 = redis) → CPU µs per request
  local ticks requests
  ticks="$(cut -d' ' -f"$3" "$TMP/cpu-$1-$2.txt")"
  requests="$(awk '/requests in/ {print $1}' "$TMP/run-$1-$2.txt")"
  awk -v t="$ticks" -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.0f", t * 1e6 / hz / n}'
}

median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

main() {
  local started; started=$(date +%s)
  build
  start_all
  write_scripts
  local s code
  for s in pass-through jwt jwt+buckets; do
    run_wrk "$s" 2 "$TMP/check-$s.txt"
    code="$(field "$TMP/check-$s.txt" non2xx)"
    [[ "$code" == 0 ]] || { log "$s: $code non-2xx answers in the check run; see $TMP/gateway.log"; exit 1; }
  done
  log "warm-up ${WARMUP_S}s (a third on each path)"
  for s in pass-through jwt jwt+buckets; do run_wrk "$s" $(( WARMUP_S / 3 )) "$TMP/warmup-$s.txt"; done
  LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
  local round
  for (( round = 1; round <= ROUNDS; round++ )); do
    for s in pass-through jwt jwt+buckets; do
      log "round $round/$ROUNDS: $s ${MEASURE_S}s"
      local gw0 rd0
      gw0="$(cpu_ticks "$GATEWAY_PID")"; rd0="$(cpu_ticks "$REDIS_PID")"
      run_wrk "$s" "$MEASURE_S" "$TMP/run-$s-$round.txt"
      echo "$(( $(cpu_ticks "$GATEWAY_PID") - gw0 )) $(( $(cpu_ticks "$REDIS_PID") - rd0 ))" > "$TMP/cpu-$s-$round.txt"
    done
  done
  LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
  local metrics; metrics="$(curl -sf "http://127.0.0.1:$GATEWAY_PORT/actuator/prometheus" \
      | grep -E '^seckill_gateway_ratelimit_(decisions_total|redis_call_checks_(count|sum|max))' | grep -v ' 0.0$' || true)"
  report "$started" "$metrics" | tee "$RESULT"
  log "written: $RESULT"
}

report() { # started metrics
  local s round rps passthrough full ratio cpu_pass cpu_full
  echo "# Gateway throughput: pass-through vs JWT vs JWT + both token buckets ($(date -u '+%Y-%m-%d %H:%M:%S') UTC)"
  echo
  echo "Command: \`bench/gateway-compare.sh\` (WARMUP_S=$WARMUP_S MEASURE_S=$MEASURE_S ROUNDS=$ROUNDS CONNECTIONS=$CONNECTIONS JWT_CACHE_SIZE=$JWT_CACHE_SIZE)"
  echo
  echo "- Machine: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(free -g | awk '/Mem:/ {print $2}') GiB;"
  echo "  $("$JAVA" -version 2>&1 | head -1). wrk, gateway, backend and redis-server share the cores (other builds may too)."
  echo "- Commit $(git -C "$ROOT" rev-parse --short HEAD) ($(git -C "$ROOT" status --porcelain | wc -l) uncommitted paths);"
  echo "  gateway JVM: \`${GATEWAY_JVM[*]}\`, access log off; wrk -t2 -c$CONNECTIONS, one user token per connection"
  echo "  (each token is used again and again, so with JWT_CACHE_SIZE > 0 the verified-token cache answers nearly every request)."
  echo "- Backend: Reactor Netty answering a 40-byte JSON (\`io.seckill.gateway.bench.TrivialBackend\`); Redis: redis-server, no persistence."
  echo "- Warm-up ${WARMUP_S}s over the three paths, then $ROUNDS rounds of ${MEASURE_S}s per path, interleaved; median per path."
  echo "- Load average (1/5/15 min) before measuring: $LOAD_BEFORE; after: $LOAD_AFTER. Above ~3 on 2 cores, other"
  echo "  processes took CPU from the run: compare paths within the run (interleaved rounds), not across runs."
  echo "- Run took $(( ($(date +%s) - $1) / 60 )) min. Every measured request answered 2xx (checked per run below)."
  echo
  echo "| path | what runs | req/s (median) | vs pass-through | gateway CPU µs/req (median) | redis CPU µs/req | runs req/s | p50 | p99 | non-2xx |"
  echo "|---|---|---:|---:|---:|---:|---|---:|---:|---:|"
  for s in pass-through jwt jwt+buckets; do
    local runs="" p50="" p99="" bad=0 cpu="" rcpu="" gwcpu
    for (( round = 1; round <= ROUNDS; round++ )); do
      runs+="$(field "$TMP/run-$s-$round.txt" rps) "
      p50+="$(field "$TMP/run-$s-$round.txt" p50) "
      p99+="$(field "$TMP/run-$s-$round.txt" p99) "
      bad=$(( bad + $(field "$TMP/run-$s-$round.txt" non2xx) ))
      cpu+="$(cpu_us_per_request "$s" "$round" 1) "
      rcpu+="$(cpu_us_per_request "$s" "$round" 2) "
    done
    rps="$(tr ' ' '\n' <<< "$runs" | grep . | median)"
    gwcpu="$(tr ' ' '\n' <<< "$cpu" | grep . | median)"
    [[ "$s" == pass-through ]] && passthrough="$rps" && cpu_pass="$gwcpu"
    [[ "$s" == jwt+buckets ]] && full="$rps" && cpu_full="$gwcpu"
    ratio="$(awk -v a="$rps" -v b="$passthrough" 'BEGIN {printf "%.2f", a / b}')"
    echo "| $s | $(describe "$s") | **$(printf '%.0f' "$rps")** | $ratio | **$gwcpu** | $(tr ' ' '\n' <<< "$rcpu" | grep . | median) | ${runs% } | ${p50% } | ${p99% } | $bad |"
  done
  echo
  awk -v f="$full" -v p="$passthrough" 'BEGIN {
    printf "Full filter chain (JWT + both buckets) keeps %.0f%% of pass-through throughput: it costs %.0f%% (target: <= 30%%).\n",
      100 * f / p, 100 * (1 - f / p) }'
  echo
  awk -v f="$cpu_full" -v p="$cpu_pass" 'BEGIN {
    printf "By the gateway'"'"'s CPU per request (less sensitive to other load than req/s): %s µs vs %s µs, so a gateway that is\n", f, p
    printf "the bottleneck would keep %.0f%% of pass-through throughput with the full chain (Redis'"'"' own CPU not counted).\n", 100 * p / f }'
  echo
  echo "Limiter decisions counted by the gateway over the whole run (store=local: Redis did not answer within the limiter's timeout, so that instance decided from memory),"
  echo "and the bucket checks per Redis call (sum / count = the mean; concurrent requests share a call):"
  echo
  echo '```'
  echo "$2"
  echo '```'
}

describe() {
  case "$1" in
    pass-through) echo "GET /api/activities/{id}, no token: routing, request id, breaker" ;;
    jwt) echo "same GET with a bearer token: + HS256 verify, identity headers" ;;
    jwt+buckets) echo "POST /api/seckill/{id} with a token: + user bucket + activity bucket (one batched script call)" ;;
  esac
}

main "$@"
