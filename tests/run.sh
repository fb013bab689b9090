#!/usr/bin/env bash
# The whole suite on SQLite (the embedded default) and, side by side, everything but the browser tests on a
# private PostgreSQL cluster, each pass spread over pytest-xdist workers. One real Elasticsearch 8 node serves both passes;
# the engine contract runs once more on an Elasticsearch 9 node, and the fail-over tests on a 3-node Elasticsearch 8
# cluster of their own, each beside the passes. Arguments go to every pytest call.
#
# Environment: TEST_WORKERS (xdist workers per pass, default 2), TEST_PASSES ("sqlite postgres" by default;
# "sqlite" alone runs one pass), ELASTICSEARCH_URL (use a running node instead of starting one).
set -uo pipefail
cd "$(dirname "$0")/.."
unset PYTHONDONTWRITEBYTECODE  # compiled modules are kept: every process of the run imports Django and Wagtail (Makefile)
PY=.venv/bin/python
ES_SH=tools/es-runner/es.sh
export ES_INSTANCE="${ES_INSTANCE:-suite}"  # the suite's own nodes, beside any started with `make es`
# Test nodes start on half the CPU with the client compiler only and the serial collector (measured here: 5.7 s of
# CPU to "up" for ES 8 with the stock options, 3.2 s with these; 7.5 s and 3.8 s for ES 9), and the suite is CPU-bound.
export ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx1g -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:CICompilerCount=1}"
LOGS=build/test-logs
WORKERS="${TEST_WORKERS:-2}"
PASSES="${TEST_PASSES:-sqlite postgres}"
ES9_JAVA="${ES9_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
mkdir -p "$LOGS"
started_es8="" started_es9=""

stop_es() {
  [ -n "$started_es8" ] && bash "$ES_SH" stop >/dev/null 2>&1
  [ -n "$started_es9" ] && ES_MAJOR=9 bash "$ES_SH" stop >/dev/null 2>&1
  true
}
trap stop_es EXIT

free_port() { $PY -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"; }
have_pg() { ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [ -n "${PG_BINDIR:-}" ] || [ -n "${DATABASE_URL:-}" ]; }
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }
failed() { cat "$1"; echo "!! $2 failed." >&2; status=1; }  # a job's log, then what failed
# CPU=seconds of CPU (user + system) used by this shell's finished children. A pass runs in a subshell of its
# own, whose children start at none; `times` runs in this shell (in a pipe or $(...) it would count a new one's).
children_cpu() {
  local f; f=$(mktemp)
  times > "$f"
  CPU=$(tail -n 1 "$f" | awk '{ s = 0; for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); s += t[1] * 60 + t[2] } printf "%.0f", s }')
  rm -f "$f"
}
# Seconds of CPU used so far by the Elasticsearch JVMs a start log names ("pid 123" or "pid 1,2,3"): they run
# detached, so no pass counts them.
jvm_cpu() {
  local pids; pids=$(grep -m1 -o 'pid [0-9,]*' "$1" 2>/dev/null | tr -dc '0-9,' | tr ',' ' ')
  for pid in $pids; do awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null; done \
    | awk -v hz="$(getconf CLK_TCK)" '{ s += $1 } END { printf "%.0f", s / hz }'
}
t0=$(date +%s)
status=0

# --- The SQLite pass's migrated template, made at once (its workers would otherwise make it when their first
# database test starts, one migrating while the other waits); they find it, or wait on its lock ------------
template_pid=""
if [[ " $PASSES " == *" sqlite "* ]]; then
  DJANGO_SETTINGS_MODULE=kms.settings.test KMS_TEST_DATABASE=sqlite $PY -c \
    "import django; django.setup(); from tests.services.template_db import sqlite_template; sqlite_template()" \
    > "$LOGS/template.log" 2>&1 &
  template_pid=$!
fi
# The SQLite pass is the longest; its database tests wait for that template, which took 76 s in a fresh clone
# while five Elasticsearch nodes started beside it (23-26 s of waiting on both workers). The Elasticsearch 9
# and fail-over passes, the lint and the PostgreSQL pass, which end minutes before it, start once it is made.
after_template() { [ -z "$template_pid" ] || while kill -0 "$template_pid" 2>/dev/null; do sleep 0.5; done; }

# --- Lint: ruff (rules and format) and the import contracts (pyproject.toml), beside the rest ------------
echo "==> Lint: ruff check, ruff format --check, lint-imports (runs alongside; its log: $LOGS/lint.log)"
(
  after_template
  rc=0
  .venv/bin/ruff check --quiet . || rc=1
  .venv/bin/ruff format --check --quiet . || rc=1
  .venv/bin/lint-imports --no-cache || rc=1
  exit $rc
) > "$LOGS/lint.log" 2>&1 &
lint_pid=$!

# --- Elasticsearch 8 (both passes) and 9 (the engine contract), started together and beside the passes ---
es8_pid="" es9_pid=""
if [ -z "${ELASTICSEARCH_URL:-}" ] && command -v java >/dev/null && command -v mvn >/dev/null; then
  port8=$(free_port)
  echo "==> Starting the Elasticsearch 8 test node on port $port8"
  bash "$ES_SH" stop >/dev/null 2>&1  # a node an interrupted run left behind
  bash "$ES_SH" start -p "$port8" > "$LOGS/es8-start.log" 2>&1 &
  es8_pid=$!
fi
if [ -x "$ES9_JAVA" ] && command -v mvn >/dev/null; then
  # The engine contract on Elasticsearch 9 runs beside the passes as soon as its node is up.
  port9=$(free_port)
  echo "==> Pass es9 (the search engine contract on Elasticsearch 9, port $port9) runs alongside; its log: $LOGS/es9.log"
  ES_MAJOR=9 bash "$ES_SH" stop >/dev/null 2>&1
  started_es9=1
  (
    after_template
    if ! ES_MAJOR=9 bash "$ES_SH" start -p "$port9" > "$LOGS/es9-start.log" 2>&1; then
      cat "$LOGS/es9-start.log"
      echo "!! The Elasticsearch 9 node did not start."
      exit 1
    fi
    ELASTICSEARCH_URL="http://127.0.0.1:$port9" KMS_ES_MAJOR=9 ELASTICSEARCH_STARTING="" $PY -m pytest -m elasticsearch \
      tests/search/test_engine_contract.py tests/test_elasticsearch_node.py "$@"
  ) > "$LOGS/es9.log" 2>&1 &
  es9_pid=$!
fi
# The fail-over tests start their own 3-node cluster (one JVM a node), crash a node and restart it
# (tests/search/test_failover.py); the passes leave that module to this job.
FAILOVER=tests/search/test_failover.py
echo "==> Pass failover ($FAILOVER, a 3-node cluster of its own) runs alongside; its log: $LOGS/failover.log"
(
  after_template
  started=$(date +%s)
  ELASTICSEARCH_STARTING="" $PY -m pytest "$FAILOVER" "$@"
  rc=$?
  echo "==> Pass failover finished in $(elapsed "$started") (exit $rc)"
  exit $rc
) > "$LOGS/failover.log" 2>&1 &
failover_pid=$!
if [ -n "$es8_pid" ]; then
  # The passes start at once; the tests that need the node wait for it (tests/services/elasticsearch.py).
  started_es8=1
  export ELASTICSEARCH_URL="http://127.0.0.1:$port8" ELASTICSEARCH_STARTING="$LOGS/es8-start.log"
fi

# --- The passes ------------------------------------------------------------------------------
# Tests go to the workers a module at a time (loadscope): what a module-scoped fixture builds (a demo, a site
# in one transaction) is built once, not on both workers, and no worker runs another module's test while a
# module's transaction is open. xdist's default (load) left the last minute of a fresh-clone run with one
# worker busy and one core idle (vmstat: 49% idle over the last 60 s, 0% before); work stealing fixed that
# but moved tests between workers mid-module, and on PostgreSQL a stolen neighbour's flush emptied the
# permission matrix's site under it.
run_pass() {  # name, then pytest arguments
  local name=$1; shift
  local started; started=$(date +%s)
  $PY -m pytest -n "$WORKERS" --dist loadscope --durations=25 --durations-min=0.5 --ignore="$FAILOVER" "$@"
  local rc=$?
  children_cpu
  echo "==> Pass $name finished in $(elapsed "$started") (exit $rc), $CPU s of CPU"
  return $rc
}

pg_pid=""
if [[ " $PASSES " == *" postgres "* ]]; then
  if have_pg; then
    echo "==> Pass postgres (private cluster under build/pg) runs alongside; its log: $LOGS/postgres.log"
    # What depends on the database runs on both; the browser tests drive pages whose data the SQLite pass
    # already proves, so they run once.
    # It ends minutes before the SQLite pass, so it starts (and migrates its own template) once the SQLite
    # template is made.
    (after_template; run_pass postgres --database=postgres -m "not browser" "$@") > "$LOGS/postgres.log" 2>&1 &
    pg_pid=$!
  elif [ "${CI:-}" = "true" ]; then
    echo "!! PostgreSQL server binaries not found; CI must run the PostgreSQL pass." >&2
    status=1
  else
    echo "-- PostgreSQL pass skipped: server binaries not found (install Debian's postgresql)."
  fi
fi

if [[ " $PASSES " == *" sqlite "* ]]; then
  echo "==> Pass sqlite"
  (run_pass sqlite "$@") || status=1
fi

if [ -n "$pg_pid" ]; then
  echo "==> Waiting for pass postgres"
  if wait "$pg_pid"; then
    # The whole log when it failed; its summary and slowest tests when it passed.
    sed -n '/slowest .* durations/,$p' "$LOGS/postgres.log"
  else
    cat "$LOGS/postgres.log"
    status=1
  fi
fi

if [ -n "$es8_pid" ]; then
  if wait "$es8_pid"; then
    echo "==> Elasticsearch 8: $(grep -m1 'up in' "$LOGS/es8-start.log")"
  else
    cat "$LOGS/es8-start.log" >&2
    echo "!! The Elasticsearch 8 node did not start." >&2
    status=1
  fi
fi

# --- The engine contract on Elasticsearch 9 ----------------------------------------------------
if [ -n "$es9_pid" ]; then
  if wait "$es9_pid"; then
    echo "==> Pass es9: $(grep -E '(passed|failed|error)' "$LOGS/es9.log" | tail -n 1)"
  else
    failed "$LOGS/es9.log" "Pass es9"
  fi
else
  echo "-- Elasticsearch 9 pass skipped: no Java 21+ at $ES9_JAVA (set ES9_JAVA_HOME)."
fi

# --- Fail-over on the 3-node cluster --------------------------------------------------------------
if wait "$failover_pid"; then
  echo "==> Pass failover: $(grep -E '(passed|failed|error)' "$LOGS/failover.log" | tail -n 1), $(grep -o 'finished in [0-9]*s' "$LOGS/failover.log")"
  $PY -c "import json, sys; print('    ' + ', '.join(f'{k}: {v}' for k, v in json.load(open(sys.argv[1])).items()))" \
    build/test-logs/failover.json 2>/dev/null
else
  failed "$LOGS/failover.log" "Pass failover"
fi

if wait "$lint_pid"; then
  echo "==> Lint: $(grep -E 'Contracts:' "$LOGS/lint.log")"
else
  failed "$LOGS/lint.log" "Lint"
fi

# Read before the nodes stop (on exit); the fail-over nodes' CPU is in the fail-over line above.
[ -n "$started_es8" ] && echo "==> The Elasticsearch 8 node used $(jvm_cpu "$LOGS/es8-start.log") s of CPU"
[ -n "$started_es9" ] && echo "==> The Elasticsearch 9 node used $(jvm_cpu "$LOGS/es9-start.log") s of CPU"
children_cpu
echo "==> The suite took $(elapsed "$t0") (exit $status), $CPU s of CPU in its own processes"
exit $status
