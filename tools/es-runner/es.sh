#!/usr/bin/env bash
# Start/stop a real Elasticsearch 8 node (or a 3-node cluster) in one JVM, built from Maven Central artifacts.
#
#   tools/es-runner/es.sh start [-n 1|3] [-p PORT]   # default: 1 node, HTTP port 9250
#   tools/es-runner/es.sh stop
#   tools/es-runner/es.sh status
#   tools/es-runner/es.sh kill-node I               # a cluster's node I dies at once (SIGKILL): a crash
#   tools/es-runner/es.sh start-node I              # node I starts again on its data and rejoins the cluster
#   tools/es-runner/es.sh -v 9 start ...           # Elasticsearch 9.x instead (same as ES_MAJOR=9)
#
# It builds the Maven modules common + es8 (or es9) and writes everything under <repo>/build/es/: one folder
# per module (jar, classpath.txt), data/ (wiped on each start), es.log, es.pid, es.state, mvn.log.
# A cluster (-n 3) runs one JVM per node, as a real cluster runs one process per machine: es.pid has one
# pid a line (node 0 first) and node i logs to es-node_i.log.
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
BUILD_LOCK="$OUT/build.lock"
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

# Two starts at once (the test suite's node and its fail-over cluster) build one after the other; the lock's
# descriptor is closed before any JVM starts, so no node holds it.
build() {
    mkdir -p "$OUT"
    exec 9>"$BUILD_LOCK"
    flock 9
    build_unlocked
    exec 9>&-
}

build_unlocked() {
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

# The pid of node $1's JVM as es.pid records it (line $1 + 1), whether or not it still runs.
node_pid() {
    [[ -f "$PID_FILE" ]] || return 0
    sed -n "$(($1 + 1))p" "$PID_FILE"
}

# Whether pid $1 is one of our runner JVMs, alive.
is_runner() {
    [[ "$1" =~ ^[0-9]+$ ]] && kill -0 "$1" 2>/dev/null && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q "$MAIN_CLASS"
}

# Prints the pids of our runner JVMs that are alive (one a line), else nothing.
running_pids() {
    [[ -f "$PID_FILE" ]] || return 0
    local pid
    while read -r pid; do
        if is_runner "$pid"; then echo "$pid"; fi
    done <"$PID_FILE"
}

port_in_use() {
    curl -s -o /dev/null -m 2 "http://127.0.0.1:$1/" && return 0
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    return 1
}

# JVM options for every node's process.
jvm_options() {
    local heap="-Xms512m -Xmx1g"
    # shellcheck disable=SC2206
    JVM_OPTS=(${ES_JAVA_OPTS:-$heap}
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
}

node_log() { if [[ "$1" == all ]]; then echo "$LOG"; else echo "$RUN/es-node_$1.log"; fi; }

# Starts the JVM of node $1 ("all": every node in one JVM, the single-node layout) of a $2-node cluster on
# base port $3, in the background; prints its pid.
launch() {
    local node=$1 nodes=$2 port=$3 only=()
    [[ "$node" == all ]] || only=(-node "$node")
    nohup "$JAVA" "${JVM_OPTS[@]}" -cp "$JAR:$(cat "$CP_FILE")" "$MAIN_CLASS" \
        -basePath "$DATA" -numOfNode "$nodes" ${only[@]+"${only[@]}"} -baseHttpPort "$port" -baseTransportPort $((port + 100)) \
        >"$(node_log "$node")" 2>&1 </dev/null &
    echo $!
}

# Waits until the cluster on $1 reports health $2 with $3 nodes; fails when a JVM in $4 (pids) exits first.
await_health() {
    local url=$1 want=$2 nodes=$3 pids=$4 deadline=$((SECONDS + START_TIMEOUT)) body="" t0 pid
    t0="$(date +%s%N)"
    while ((SECONDS < deadline)); do
        for pid in $pids; do
            if ! kill -0 "$pid" 2>/dev/null; then
                echo "es.sh: a JVM (pid $pid) exited during startup; tail of the logs:" >&2
                tail -n 40 "$RUN"/es*.log >&2
                return 1
            fi
        done
        body="$(curl -s -m 10 "$url/_cluster/health?wait_for_status=$want&wait_for_nodes=$nodes&timeout=5s" || true)"
        if [[ "$body" == *'"timed_out":false'* ]]; then
            local ms=$((($(date +%s%N) - t0) / 1000000))
            printf 'es.sh: Elasticsearch up in %d.%03ds (pid %s, %s node(s)): %s\n' $((ms / 1000)) $((ms % 1000)) "$(echo $pids | tr ' ' ,)" "$nodes" "$url"
            echo "$body"
            echo "$url"
            return 0
        fi
        sleep 0.5
    done
    echo "es.sh: not healthy after ${START_TIMEOUT}s (last: ${body:-no answer}); tail of the logs:" >&2
    tail -n 20 "$RUN"/es*.log >&2
    return 1
}

state() { sed -n "s/.*$1=\([0-9]*\).*/\1/p" "$STATE_FILE" 2>/dev/null; }

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

    local pids
    pids="$(running_pids)"
    [[ -z "$pids" ]] || die "already running (pid $(echo $pids | tr ' ' ,), $(cat "$STATE_FILE" 2>/dev/null)); run '$0 stop' first"
    local i
    for ((i = 0; i < nodes; i++)); do
        port_in_use $((port + i)) && die "port $((port + i)) is already in use"
        port_in_use $((port + 100 + i)) && die "transport port $((port + 100 + i)) is already in use"
    done

    build

    # ES_KEEP_DATA=1 restarts on the previous data (a restart after an outage); otherwise start clean.
    [[ "${ES_KEEP_DATA:-0}" == 1 ]] || rm -rf "$DATA"
    mkdir -p "$DATA"
    rm -f "$RUN"/es-node_*.log
    jvm_options
    : >"$PID_FILE"
    if [[ "$nodes" -eq 1 ]]; then
        launch all 1 "$port" >>"$PID_FILE"
    else
        for ((i = 0; i < nodes; i++)); do launch "$i" "$nodes" "$port" >>"$PID_FILE"; done
    fi
    echo "nodes=$nodes port=$port" >"$STATE_FILE"

    local want="green"
    [[ "$nodes" -eq 1 ]] && want="yellow" # 'at least yellow': a single node cannot allocate replicas
    if ! await_health "http://127.0.0.1:$port" "$want" "$nodes" "$(cat "$PID_FILE")"; then
        cmd_stop >&2 || true
        exit 1
    fi
}

# The node number $1 checked against the running cluster; dies unless it is one of a multi-JVM cluster's.
cluster_node() {
    local node=$1 nodes
    nodes="$(state nodes)"
    [[ -n "$nodes" && "$nodes" -gt 1 ]] || die "no cluster is running here (kill-node and start-node need 'start -n 3')"
    [[ "$node" =~ ^[0-9]+$ && "$node" -lt "$nodes" ]] || die "bad node: $node (0 to $((nodes - 1)))"
}

cmd_kill_node() {
    local node=${1:?kill-node needs a node number} pid
    cluster_node "$node"
    pid="$(node_pid "$node")"
    is_runner "$pid" || die "node $node is not running"
    kill -KILL "$pid"
    # Gone once the kernel has reaped it (a zombie holds no port and no lock).
    while kill -0 "$pid" 2>/dev/null && [[ "$(ps -o stat= -p "$pid")" != Z* ]]; do sleep 0.05; done
    echo "es.sh: killed node $node (pid $pid)"
}

cmd_start_node() {
    local node=${1:?start-node needs a node number} nodes port pid
    cluster_node "$node"
    nodes="$(state nodes)"
    port="$(state port)"
    pid="$(node_pid "$node")"
    is_runner "$pid" && die "node $node is already running (pid $pid)"
    jvm_options
    pid="$(launch "$node" "$nodes" "$port")"
    sed -i "$((node + 1))s/.*/$pid/" "$PID_FILE"
    # Back with the others: all nodes in, and at least yellow (green is the caller's to wait for, as its
    # copies recover); the node's own port answers.
    await_health "http://127.0.0.1:$((port + node))" yellow "$nodes" "$pid" || exit 1
}

cmd_stop() {
    local pids pid
    pids="$(running_pids)"
    if [[ -z "$pids" ]]; then
        echo "es.sh: not running"
        rm -f "$PID_FILE" "$STATE_FILE"
        return 0
    fi
    for pid in $pids; do kill -TERM "$pid"; done
    local deadline=$((SECONDS + 40))
    for pid in $pids; do
        while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
            sleep 0.2
        done
        if kill -0 "$pid" 2>/dev/null; then
            echo "es.sh: pid $pid ignored SIGTERM for 40s; sending SIGKILL" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
    rm -f "$PID_FILE" "$STATE_FILE"
    echo "es.sh: stopped (pid $(echo $pids | tr ' ' ,))"
}

cmd_status() {
    local pids port
    pids="$(running_pids)"
    if [[ -z "$pids" ]]; then
        echo "es.sh: not running"
        return 3
    fi
    port="$(state port)"
    echo "es.sh: running (pid $(echo $pids | tr ' ' ,), $(cat "$STATE_FILE" 2>/dev/null)) http://127.0.0.1:${port:-9250}"
    curl -s -m 5 "http://127.0.0.1:${port:-9250}/_cluster/health" || echo "(health request failed)"
    echo
}

case "${1:-}" in
    start) shift; cmd_start "$@" ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    kill-node) shift; cmd_kill_node "$@" ;;
    start-node) shift; cmd_start_node "$@" ;;
    build) build ;;
    *) usage ;;
esac
