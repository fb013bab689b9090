#!/usr/bin/env bash
# Start/stop a real Elasticsearch 8 node (or a 3-node cluster) in one JVM, built from Maven Central artifacts.
#
#   tools/es-runner/es.sh start [-n 1|3] [-p PORT]   # default: 1 node, HTTP port 9250
#   tools/es-runner/es.sh stop
#   tools/es-runner/es.sh status
#   tools/es-runner/es.sh -v 9 start ...           # Elasticsearch 9.x instead (same as ES_MAJOR=9)
#
# It builds the Maven modules common + es8 (or es9) and writes everything under <repo>/build/es/: one folder
# per module (jar, classpath.txt), data/ (wiped on each start), es.log, es.pid, es.state, mvn.log.
# Environment: ES_JAVA_OPTS (heap etc.), JAVA (default: java), ES_START_TIMEOUT (seconds, default 120),
# ES_INSTANCE (a second, separate node), ES_KEEP_DATA=1 (keep data).
# ES_MAJOR=9 (or -v 9 before the command) uses the es9 module instead: it writes under <repo>/build/es9/,
# needs Java 21+ (JAVA default: ES9_JAVA_HOME/bin/java, ES9_JAVA_HOME default
# /usr/lib/jvm/temurin-25-jdk-amd64) and compiles with JAVA_HOME=ES9_JAVA_HOME.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"

ES_MAJOR="${ES_MAJOR:-8}"
if [[ "${1:-}" == "-v" ]]; then
    ES_MAJOR="${2:?-v needs a value (8 or 9)}"
    shift 2
fi
case "$ES_MAJOR" in
    8)
        OUT="$ROOT/build/es"
        MVN_ENV=()
        LOCALE_PROVIDERS="SPI,COMPAT"
        EXTRA_JVM=()
        ;;
    9)
        OUT="$ROOT/build/es9"
        ES9_JAVA_HOME="${ES9_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
        [[ -x "$ES9_JAVA_HOME/bin/java" ]] || { echo "es.sh: Elasticsearch 9 needs Java 21+; set ES9_JAVA_HOME (not found: $ES9_JAVA_HOME)" >&2; exit 1; }
        JAVA="${JAVA:-$ES9_JAVA_HOME/bin/java}"
        MVN_ENV=(env "JAVA_HOME=$ES9_JAVA_HOME")
        LOCALE_PROVIDERS="CLDR" # COMPAT is gone in Java 23+; stock 9.x jvm.options use CLDR
        # 9.x loads native libraries (zstd for index.codec=best_compression, ...) from es.nativelibs.path; the
        # distribution ships them in lib/platform, which is not on Central, so we point it at the system libzstd.
        EXTRA_JVM=(--enable-native-access=ALL-UNNAMED --add-modules=jdk.incubator.vector -Des.nativelibs.path="$OUT/nativelibs"
            -Dorg.elasticsearch.nativeaccess.enableVectorLibrary=false) # libvec.so is not on Central either
        ;;
    *) echo "es.sh: unsupported ES_MAJOR/-v: $ES_MAJOR (8 or 9)" >&2; exit 2 ;;
esac
MODULE="es$ES_MAJOR" # the adapter module; Maven builds common with it (-am)
POM="$SCRIPT_DIR/pom.xml"
CP_FILE="$OUT/kms-es-runner-$MODULE/classpath.txt" # the adapter's runtime classpath, common's jar included
JAR="$OUT/kms-es-runner-$MODULE/kms-es-runner-$MODULE.jar"
STAMP="$OUT/build.sha256"
# ES_INSTANCE names a separate node (own data, log and pid) beside the default one.
RUN="$OUT${ES_INSTANCE:+/instances/$ES_INSTANCE}"
DATA="$RUN/data"
LOG="$RUN/es.log"
PID_FILE="$RUN/es.pid"
STATE_FILE="$RUN/es.state"
JAVA="${JAVA:-java}"
START_TIMEOUT="${ES_START_TIMEOUT:-120}"
MAIN_CLASS="org.kms.esrunner.Runner"

die() { echo "es.sh: $*" >&2; exit 1; }

usage() {
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
    exit 2
}

# Hash of everything that affects the build: the parent pom and the common and adapter modules.
source_hash() {
    (cd "$SCRIPT_DIR" && { echo "$OUT"; cat pom.xml; find common "$MODULE" -type f | LC_ALL=C sort | while read -r f; do echo "$f"; cat "$f"; done; }) |
        sha256sum | cut -d' ' -f1
}

build() {
    mkdir -p "$OUT"
    local want have=""
    want="$(source_hash)"
    [[ -f "$STAMP" ]] && have="$(cat "$STAMP")"
    if [[ "$want" == "$have" && -s "$CP_FILE" && -f "$JAR" ]]; then
        return 0
    fi
    echo "es.sh: building runner (mvn -pl $MODULE -am package dependency:build-classpath) ..."
    local t0=$SECONDS
    if ! ${MVN_ENV[@]+"${MVN_ENV[@]}"} mvn -q -B -f "$POM" -pl "$MODULE" -am -Dkms.out.dir="$OUT" \
        package dependency:build-classpath >"$OUT/mvn.log" 2>&1; then
        tail -40 "$OUT/mvn.log" >&2
        die "maven build failed (full log: $OUT/mvn.log)"
    fi
    [[ -s "$CP_FILE" && -f "$JAR" ]] || die "build did not produce $CP_FILE / $JAR"
    echo "$want" >"$STAMP"
    echo "es.sh: built in $((SECONDS - t0))s"
}

# Prints the pid if our runner JVM is alive, else nothing.
running_pid() {
    [[ -f "$PID_FILE" ]] || return 0
    local pid
    pid="$(cat "$PID_FILE")"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 0
    if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$MAIN_CLASS"; then
        echo "$pid"
    fi
}

port_in_use() {
    curl -s -o /dev/null -m 2 "http://127.0.0.1:$1/" && return 0
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    return 1
}

cmd_start() {
    local nodes=1 port=9250
    while [[ $# -gt 0 ]]; do
        case "$1" in
            -n) nodes="${2:?-n needs a value}"; shift 2 ;;
            -p) port="${2:?-p needs a value}"; shift 2 ;;
            *) usage ;;
        esac
    done
    [[ "$nodes" =~ ^[1-9][0-9]*$ ]] || die "bad node count: $nodes"
    [[ "$port" =~ ^[0-9]+$ ]] || die "bad port: $port"

    local pid
    pid="$(running_pid)"
    [[ -z "$pid" ]] || die "already running (pid $pid, $(cat "$STATE_FILE" 2>/dev/null)); run '$0 stop' first"
    local i
    for ((i = 0; i < nodes; i++)); do
        port_in_use $((port + i)) && die "port $((port + i)) is already in use"
        port_in_use $((port + 100 + i)) && die "transport port $((port + 100 + i)) is already in use"
    done

    build

    # ES_KEEP_DATA=1 restarts on the previous data (a restart after an outage); otherwise start clean.
    [[ "${ES_KEEP_DATA:-0}" == 1 ]] || rm -rf "$DATA"
    mkdir -p "$DATA"
    local heap
    if [[ "$nodes" -eq 1 ]]; then heap="-Xms512m -Xmx1g"; else heap="-Xms1g -Xmx2g"; fi
    # shellcheck disable=SC2206
    local jvm=(${ES_JAVA_OPTS:-$heap}
        -Dfile.encoding=UTF-8 -Djava.locale.providers="$LOCALE_PROVIDERS" -Djna.nosys=true
        -XX:-OmitStackTraceInFastThrow -Xss1m -Djava.io.tmpdir="$DATA"
        ${EXTRA_JVM[@]+"${EXTRA_JVM[@]}"})
    if [[ "$ES_MAJOR" == 9 ]]; then
        mkdir -p "$OUT/nativelibs"
        local z
        for z in /usr/lib/x86_64-linux-gnu/libzstd.so.1 /usr/lib/aarch64-linux-gnu/libzstd.so.1 /usr/lib64/libzstd.so.1 /usr/lib/libzstd.so.1; do
            if [[ -e "$z" ]]; then ln -sfn "$z" "$OUT/nativelibs/libzstd.so"; break; fi
        done
    fi
    local t0
    t0="$(date +%s%N)"
    nohup "$JAVA" "${jvm[@]}" -cp "$JAR:$(cat "$CP_FILE")" "$MAIN_CLASS" \
        -basePath "$DATA" -numOfNode "$nodes" -baseHttpPort "$port" -baseTransportPort $((port + 100)) \
        >"$LOG" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$PID_FILE"
    echo "nodes=$nodes port=$port" >"$STATE_FILE"

    local url="http://127.0.0.1:$port" want="green" deadline=$((SECONDS + START_TIMEOUT)) body=""
    [[ "$nodes" -eq 1 ]] && want="yellow" # 'at least yellow': a single node cannot allocate replicas
    while ((SECONDS < deadline)); do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "es.sh: JVM exited during startup; tail of $LOG:" >&2
            tail -40 "$LOG" >&2
            rm -f "$PID_FILE"
            exit 1
        fi
        body="$(curl -s -m 10 "$url/_cluster/health?wait_for_status=$want&wait_for_nodes=$nodes&timeout=5s" || true)"
        if [[ "$body" == *'"timed_out":false'* ]]; then
            local ms=$((($(date +%s%N) - t0) / 1000000))
            printf 'es.sh: Elasticsearch up in %d.%03ds (pid %s, %s node(s)): %s\n' $((ms / 1000)) $((ms % 1000)) "$pid" "$nodes" "$url"
            echo "$body"
            echo "$url"
            return 0
        fi
        sleep 0.5
    done
    echo "es.sh: not healthy after ${START_TIMEOUT}s (last: ${body:-no answer}); tail of $LOG:" >&2
    tail -40 "$LOG" >&2
    cmd_stop >&2 || true
    exit 1
}

cmd_stop() {
    local pid
    pid="$(running_pid)"
    if [[ -z "$pid" ]]; then
        echo "es.sh: not running"
        rm -f "$PID_FILE" "$STATE_FILE"
        return 0
    fi
    kill -TERM "$pid"
    local deadline=$((SECONDS + 40))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
        sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "es.sh: pid $pid ignored SIGTERM for 40s; sending SIGKILL" >&2
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$PID_FILE" "$STATE_FILE"
    echo "es.sh: stopped (pid $pid)"
}

cmd_status() {
    local pid port=9250
    pid="$(running_pid)"
    if [[ -z "$pid" ]]; then
        echo "es.sh: not running"
        return 3
    fi
    [[ -f "$STATE_FILE" ]] && port="$(sed -n 's/.*port=\([0-9]*\).*/\1/p' "$STATE_FILE")"
    echo "es.sh: running (pid $pid, $(cat "$STATE_FILE" 2>/dev/null)) http://127.0.0.1:$port"
    curl -s -m 5 "http://127.0.0.1:$port/_cluster/health" || echo "(health request failed)"
    echo
}

case "${1:-}" in
    start) shift; cmd_start "$@" ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    build) build ;;
    *) usage ;;
esac
