#!/usr/bin/env bash
# The whole suite, twice: on SQLite (the embedded default) and on a private PostgreSQL
# cluster. One real Elasticsearch node serves both passes when Java and Maven are here.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
started_es=""

stop_es() {
  [ -n "$started_es" ] && bash tools/es-runner/es.sh stop >/dev/null 2>&1
  [ -n "$started_es9" ] && ES_MAJOR=9 bash tools/es-runner/es.sh stop >/dev/null 2>&1
  true
}
started_es9=""
trap stop_es EXIT

if [ -z "${ELASTICSEARCH_URL:-}" ] && command -v java >/dev/null && command -v mvn >/dev/null; then
  port=$($PY -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
  echo "==> Starting the Elasticsearch test node on port $port"
  if bash tools/es-runner/es.sh start -p "$port"; then
    started_es=1
    export ELASTICSEARCH_URL="http://127.0.0.1:$port"
  else
    echo "!! The Elasticsearch node did not start; its tests will report why." >&2
  fi
fi

status=0
echo "==> Pass 1/2: SQLite"
$PY -m pytest "$@" || status=1

echo "==> Pass 2/2: PostgreSQL (private cluster under build/pg)"
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [ -n "${PG_BINDIR:-}" ] || [ -n "${DATABASE_URL:-}" ]; then
  $PY -m pytest --database=postgres "$@" || status=1
elif [ "${CI:-}" = "true" ]; then
  echo "!! PostgreSQL server binaries not found; CI must run the PostgreSQL pass." >&2
  status=1
else
  echo "-- PostgreSQL pass skipped: server binaries not found (install Debian's postgresql)."
fi

# The engine speaks to Elasticsearch 8 and 9: the engine contract runs once more on a 9.x node
# (it needs Java 21+, the machine's Temurin JDK; ES9_JAVA_HOME overrides).
es9_java="${ES9_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
if [ -x "$es9_java" ] && command -v mvn >/dev/null; then
  echo "==> Pass 3: the search engine contract on Elasticsearch 9"
  port9=$($PY -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
  if ES_MAJOR=9 bash tools/es-runner/es.sh start -p "$port9"; then
    started_es9=1
    ELASTICSEARCH_URL="http://127.0.0.1:$port9" KMS_ES_MAJOR=9 $PY -m pytest -m elasticsearch \
      tests/search/test_engine_contract.py tests/test_elasticsearch_node.py "$@" || status=1
  else
    echo "!! The Elasticsearch 9 node did not start." >&2
    status=1
  fi
else
  echo "-- Elasticsearch 9 pass skipped: no Java 21+ at $es9_java (set ES9_JAVA_HOME)."
fi

exit $status
