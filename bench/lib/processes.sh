# Process bookkeeping shared by the benchmark scripts (sourced, not run). Expects log(), and
# KEEP_TMP (1 keeps the temp dir); set TMP_PREFIX to name the temp dir. Defines TMP, PGIDS, start_bg,
# run_bounded, kill_group, wait_port, and the EXIT/INT/TERM traps that stop every started group.
# ---------------------------------------------------------------------------------------------
# Process bookkeeping: everything long-lived is started in its own process group (setsid) under
# `timeout`, so that it stops by itself, and the EXIT trap kills every group still alive.
# ---------------------------------------------------------------------------------------------
TMP="$(mktemp -d "/tmp/${TMP_PREFIX:-bench}.XXXXXX")"
PGIDS=()

group_alive() { # pgid: true while any process of the session/group is alive (zombies do not count)
  # shellcheck disable=SC2009  # pgrep cannot tell zombies (reaped later by forget_group) from live processes
  ps -o stat= -s "$1" 2>/dev/null | grep -qv '^ *Z'
}

forget_group() { # pgid: reap it if it is our child, and drop it from PGIDS
  local pg="$1" p keep=()
  wait "$pg" 2>/dev/null || true
  for p in "${PGIDS[@]:-}"; do [[ -n "$p" && "$p" != "$pg" ]] && keep+=("$p"); done
  PGIDS=("${keep[@]:-}")
}

kill_group() { # pgid [grace-seconds]
  local pg="$1" grace="${2:-15}" i
  if group_alive "$pg"; then
    kill -TERM -- "-$pg" 2>/dev/null || true
    for (( i = 0; i < grace * 5; i++ )); do
      group_alive "$pg" || break
      sleep 0.2
    done
    if group_alive "$pg"; then
      log "process group $pg did not stop in ${grace}s: SIGKILL"
      kill -KILL -- "-$pg" 2>/dev/null || true
      sleep 0.5
    fi
  fi
  forget_group "$pg"
}

cleanup() {
  local rc=$? pg
  trap - EXIT INT TERM
  for pg in "${PGIDS[@]:-}"; do
    [[ -n "$pg" ]] && kill_group "$pg" 10
  done
  if [[ "$KEEP_TMP" == 1 || $rc -ne 0 ]]; then
    log "temp dir kept: $TMP"
  else
    rm -rf "$TMP"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# start_bg <seconds> <logfile> cmd... : start cmd bounded by <seconds>, in its own process group.
# Sets BG_PID (= process group id).
start_bg() {
  local secs="$1" out="$2"; shift 2
  setsid timeout --kill-after=10 "$secs" "$@" >"$out" 2>&1 </dev/null &
  BG_PID=$!
  PGIDS+=("$BG_PID")
}

# run_bounded <seconds> <logfile> cmd... : run cmd to completion (bounded), output to logfile.
# Waiting on a background job keeps the INT/TERM trap responsive.
run_bounded() {
  local secs="$1" out="$2" rc=0; shift 2
  start_bg "$secs" "$out" "$@"
  wait "$BG_PID" || rc=$?
  kill_group "$BG_PID" 5   # stray children, if any; also drops it from PGIDS
  [[ $rc -eq 124 || $rc -eq 137 ]] && log "timed out after ${secs}s: $*"
  return $rc
}

wait_port() { # port seconds pgid
  local port="$1" secs="$2" pg="$3" i
  for (( i = 0; i < secs * 2; i++ )); do
    group_alive "$pg" || return 2
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.5
  done
  return 1
}
