#!/usr/bin/env bash
# The production deployment rehearsed on one machine (see the README's "Production"): nginx in
# front of two application servers, one worker of the task queue, PostgreSQL (database and
# queue), a three-node Elasticsearch cluster whose index has one replica, and an S3 server
# (SeaweedFS) holding the images. Each part is a process of its own, on the loopback.
#
#   scripts/cluster.sh up           start every part that does not run (all of them the first
#                                   time; after a crash, the parts that died, as systemd would),
#                                   waiting for each to answer; prints how long it took
#   scripts/cluster.sh down         stop every part (the data stays)
#   scripts/cluster.sh status       one line per part; exit status 3 when a part does not run
#   scripts/cluster.sh purge        down, then delete the data: database, index, bucket, state
#   scripts/cluster.sh env          the applications' environment, KEY=VALUE lines (secrets too)
#   scripts/cluster.sh flask ARG..  run `flask --app wsgi ARG..` with that environment, e.g.
#                                   `scripts/cluster.sh flask museums create --slug nmc ...`
#   scripts/cluster.sh pid PART     the PID of a part that runs (PARTS below), for kill drills
#   scripts/cluster.sh url          nginx's address, the cluster's front door
#
# The parts: postgres, s3, es-1 es-2 es-3, app-1 app-2, worker, nginx.
#
# Environment (all optional; the default ports leave the development servers' and the test
# suite's alone):
#   CLUSTER_DIR          state: the applications' environment and data folders, nginx's
#                        configuration and cache, the S3 server's data, PID files and logs
#                        (default .cache/cluster)
#   CLUSTER_NGINX_PORT   nginx (default 8180)
#   CLUSTER_APP_PORTS    the application servers, space-separated (default "8181 8182")
#   CLUSTER_ES_PORTS     the Elasticsearch nodes' HTTP ports (default "9221 9222 9223"); each
#                        node's transport port is its HTTP port + 100
#   CLUSTER_ES_HEAP      each node's JVM heap (default 384m)
#   CLUSTER_ES_JAVA_OPTS more JVM options for the nodes (default -XX:TieredStopAtLevel=1: the
#                        quick compiler alone, so that three nodes start on two busy cores in
#                        under two minutes rather than three; a production node leaves it out)
#   CLUSTER_ES_REPLICAS  copies of the index beside its primary (default 1)
#   CLUSTER_PG_PORT      PostgreSQL (default 5440; scripts/postgres.sh names its cluster by it)
#   CLUSTER_S3_PORT      the S3 server (default 8370; its other ports follow it)
#   CLUSTER_APP_WORKERS  granian worker processes per application server (default 1)
#   CLUSTER_APP_ENV      more settings for the applications, KEY=VALUE lines (e.g.
#                        "SWEEP_SECONDS=5"), over the ones this script writes
#   PYTHON               the Python with the project installed (default .venv/bin/python)
#
# Needs what the test suite needs (scripts/system-packages.sh: PostgreSQL, nginx; a JDK for
# Elasticsearch; Go once, to build SeaweedFS). PostgreSQL's cluster tools need root.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$(realpath -m "${CLUSTER_DIR:-$ROOT/.cache/cluster}")"
NGINX_PORT="${CLUSTER_NGINX_PORT:-8180}"
read -r -a APP_PORTS <<<"${CLUSTER_APP_PORTS:-8181 8182}"
read -r -a ES_PORTS <<<"${CLUSTER_ES_PORTS:-9221 9222 9223}"
ES_HEAP="${CLUSTER_ES_HEAP:-384m}"
ES_JAVA_EXTRA="${CLUSTER_ES_JAVA_OPTS--XX:TieredStopAtLevel=1}"
ES_REPLICAS="${CLUSTER_ES_REPLICAS:-1}"
PG_PORT="${CLUSTER_PG_PORT:-5440}"
S3_PORT="${CLUSTER_S3_PORT:-8370}"
APP_WORKERS="${CLUSTER_APP_WORKERS:-1}"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
START_TIMEOUT=240  # seconds for one part to answer
DATABASE="caravanserai"
RUN="$STATE/run"
LOGS="$STATE/logs"
cd "$ROOT"  # where `wsgi:app` is found

NAME=cluster
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

# -- the parts' own scripts ------------------------------------------------------------------

es_node() {  # es_node N COMMAND: scripts/elasticsearch.sh COMMAND for node N (1-based)
    local port="${ES_PORTS[$(($1 - 1))]}" seeds="" names="" p
    shift
    for p in "${ES_PORTS[@]}"; do
        seeds+="${seeds:+,}127.0.0.1:$((p + 100))"
        names+="${names:+,}es-$p"
    done
    ES_PORT="$port" ES_CLUSTER_NAME="caravanserai-cluster-${ES_PORTS[0]}" ES_NODE_NAME="es-$port" \
        ES_SEED_HOSTS="$seeds" ES_INITIAL_MASTER_NODES="$names" \
        ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP $ES_JAVA_EXTRA" ES_INSTANCE_DIR="" \
        "$ROOT/scripts/elasticsearch.sh" "$@"
}

postgres() { PG_PORT="$PG_PORT" "$ROOT/scripts/postgres.sh" "$@"; }

s3() {
    S3_PORT="$S3_PORT" SEAWEEDFS_INSTANCE_DIR="$STATE/seaweedfs" PYTHON="$PYTHON" \
        "$ROOT/scripts/seaweedfs.sh" "$@"
}

database_url() { printf 'postgresql+psycopg://caravanserai@127.0.0.1:%s/%s' "$PG_PORT" "$DATABASE"; }

es_urls() {
    local urls="" p
    for p in "${ES_PORTS[@]}"; do urls+="${urls:+,}http://127.0.0.1:$p"; done
    printf '%s' "$urls"
}

# -- the applications' environment ------------------------------------------------------------

write_env() {
    mkdir -p "$STATE"
    # One secret for every process: a login made through one server is valid on the other.
    [[ -s "$STATE/secret_key" ]] || (umask 077 && "$PYTHON" -c 'import secrets; print(secrets.token_hex(32))' >"$STATE/secret_key")
    {
        echo "DATABASE_URL=$(database_url)"
        echo "TASK_QUEUE_URL=$(database_url)"
        echo "TASKS_IN_WEB=false"
        echo "SEARCH_BACKEND=elasticsearch"
        echo "ELASTICSEARCH_URL=$(es_urls)"
        echo "ELASTICSEARCH_REPLICAS=$ES_REPLICAS"
        echo "STORAGE_URL=$(s3 url)"
        s3 env
        echo "ACCEL_REDIRECT_PREFIX=/_store/"
        echo "TRUSTED_PROXIES=1"
        echo "SECRET_KEY=$(cat "$STATE/secret_key")"
        if [[ -n "${CLUSTER_APP_ENV:-}" ]]; then printf '%s\n' "$CLUSTER_APP_ENV"; fi
    } >"$STATE/app.env.partial"
    chmod 600 "$STATE/app.env.partial"
    mv "$STATE/app.env.partial" "$STATE/app.env"
}

app_env() {  # the lines of app.env as an array, for env(1)
    mapfile -t APP_ENV < <(grep -v '^[[:space:]]*\(#\|$\)' "$STATE/app.env")
}

flask_command() {
    app_env
    env "${APP_ENV[@]}" DATA_DIR="$STATE/command" "$PYTHON" -m flask --app wsgi "$@"
}

# -- processes of our own: application servers, the worker, nginx ----------------------------

pid_of() { pid_from "$RUN/$1.pid"; }  # the PID of a process this script started, when it is alive

spawn() {  # spawn NAME COMMAND..: run in a session of its own (its PID is its group's)
    local name="$1"
    shift
    mkdir -p "$RUN" "$LOGS"
    printf '\n--- %s started at %s\n' "$name" "$(date -u +%FT%TZ)" >>"$LOGS/$name.log"
    PYTHONUNBUFFERED=1 setsid "$@" >>"$LOGS/$name.log" 2>&1 </dev/null &
    echo $! >"$RUN/$name.pid"
}

stop_part() {  # stop NAME's process group: SIGTERM, then SIGKILL after 30 s
    if stop_pid "$RUN/$1.pid" 30 group; then say "stopped $1"; fi
}

wait_answers() {  # wait_answers NAME URL: until URL answers 200, failing if NAME's process ends
    local name="$1" url="$2" waited=0
    until curl -fsS --max-time 5 -o /dev/null "$url" 2>/dev/null; do
        [[ -n "$(pid_of "$name")" ]] || { tail -n 30 "$LOGS/$name.log" >&2; die "$name exited while starting"; }
        (( waited < START_TIMEOUT * 5 )) || die "$name does not answer at $url; see $LOGS/$name.log"
        sleep 0.2
        waited=$((waited + 1))
    done
}

start_app() {  # start_app N
    local name="app-$1" port="${APP_PORTS[$(($1 - 1))]}"
    [[ -z "$(pid_of "$name")" ]] || return 0
    app_env
    mkdir -p "$STATE/$name"
    # As in production (README): granian restarts a worker process that dies.
    spawn "$name" env "${APP_ENV[@]}" DATA_DIR="$STATE/$name" "$PYTHON" -m granian --interface wsgi \
        --host 127.0.0.1 --port "$port" --workers "$APP_WORKERS" --blocking-threads 4 \
        --respawn-failed-workers wsgi:app
    STARTED+=("$name")
}

start_worker() {
    [[ -z "$(pid_of worker)" ]] || return 0
    app_env
    mkdir -p "$STATE/worker"
    spawn worker env "${APP_ENV[@]}" DATA_DIR="$STATE/worker" "$PYTHON" -m flask --app wsgi worker
    STARTED+=(worker)
}

nginx_config() {
    local binary="$1" servers="" p site
    for p in "${APP_PORTS[@]}"; do servers+="    server 127.0.0.1:$p;\n"; done
    mkdir -p "$STATE/nginx"/{body,proxy,fastcgi,uwsgi,scgi,tiles-cache}
    site="$(sed -e '/^#/d' -e "s|^    server @UPSTREAM@;|${servers%\\n}|" -e "s|@LISTEN@|127.0.0.1:$NGINX_PORT|" \
        -e "s|@S3@|127.0.0.1:$S3_PORT|g" -e "s|@STORE_PATH@|/caravanserai/images|g" \
        -e "s|@CACHE_DIR@|$STATE/nginx/tiles-cache|" "$ROOT/scripts/nginx-s3-site.conf")"
    # The workers run as this user (nobody could not read the state folder).
    sed -e '/^#/d' -e "s|@USER@|$(id -un)|" -e "s|@WORKERS@|1|" -e "s|@CONNECTIONS@|512|" \
        -e "s|@WORK@|$STATE/nginx|g" -e "s|@ERROR_LOG@|$LOGS/nginx.log|" \
        -e "/@SITES@/{r /dev/stdin" -e "d}" "$ROOT/scripts/nginx-main.conf" <<<"$site" >"$STATE/nginx/nginx.conf"
    "$binary" -t -q -c "$STATE/nginx/nginx.conf" -e "$LOGS/nginx.log" || die "nginx refuses $STATE/nginx/nginx.conf"
}

start_nginx() {
    [[ -z "$(pid_of nginx)" ]] || return 0
    local binary
    binary="$(command -v nginx || echo /usr/sbin/nginx)"
    [[ -x "$binary" ]] || die "nginx is not installed (scripts/system-packages.sh installs it)"
    mkdir -p "$LOGS"
    nginx_config "$binary"
    spawn nginx "$binary" -c "$STATE/nginx/nginx.conf" -e "$LOGS/nginx.log"
    STARTED+=(nginx)
}

awaited() {  # awaited NAME.. -- PID..: wait for the starts in the background; fail if one failed
    local names=() failed=0 i=0 pid
    while [[ "$1" != "--" ]]; do names+=("$1"); shift; done
    shift
    for pid in "$@"; do
        if ! wait "$pid"; then
            printf 'cluster: %s did not start:\n' "${names[$i]}" >&2
            tail -n 20 "$LOGS/${names[$i]}.start.log" >&2
            failed=1
        fi
        i=$((i + 1))
    done
    (( failed == 0 )) || die "a server of data did not start; see $LOGS"
}

# -- the subcommands --------------------------------------------------------------------------

up() {
    local started=$SECONDS n
    [[ -x "$PYTHON" ]] || die "no Python at $PYTHON (make run installs .venv; or set PYTHON)"
    mkdir -p "$STATE" "$RUN" "$LOGS"
    "$ROOT/scripts/elasticsearch.sh" fetch >/dev/null
    s3 fetch >/dev/null
    # The servers of data all at once: a cluster forms once two of its three nodes run, so its
    # nodes must start side by side. The applications need only PostgreSQL and the bucket to
    # start (what goes to search waits in the outbox), so they start while the nodes do.
    local es_pids=() data_pids=()
    for n in $(seq 1 "${#ES_PORTS[@]}"); do
        es_node "$n" start >"$LOGS/es-$n.start.log" 2>&1 &
        es_pids+=($!)
    done
    postgres start >"$LOGS/postgres.start.log" 2>&1 &
    data_pids+=($!)
    s3 start >"$LOGS/s3.start.log" 2>&1 &
    data_pids+=($!)
    awaited postgres s3 -- "${data_pids[@]}"
    say "PostgreSQL and S3 answer after $((SECONDS - started))s"

    write_env
    if ! psql -h 127.0.0.1 -p "$PG_PORT" -U caravanserai -d postgres -tAc \
            "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'" | grep -qx 1; then
        psql -q -h 127.0.0.1 -p "$PG_PORT" -U caravanserai -d postgres -c "CREATE DATABASE $DATABASE"
    fi
    flask_command db upgrade >"$LOGS/db-upgrade.log" 2>&1 || { cat "$LOGS/db-upgrade.log" >&2; die "db upgrade failed"; }

    STARTED=()
    for n in $(seq 1 "${#APP_PORTS[@]}"); do start_app "$n"; done
    start_worker
    start_nginx
    awaited $(seq -f 'es-%g' 1 "${#ES_PORTS[@]}") -- "${es_pids[@]}"
    say "Elasticsearch answers after $((SECONDS - started))s"
    for n in $(seq 1 "${#APP_PORTS[@]}"); do wait_answers "app-$n" "http://127.0.0.1:${APP_PORTS[$((n - 1))]}/healthz"; done
    wait_answers nginx "http://127.0.0.1:$NGINX_PORT/healthz"
    # The worker answers no HTTP: it is up once its consumer says so in its log.
    local waited=0
    until awk '/^--- worker started/ {up = 0} /Consuming the task queue/ {up = 1} END {exit !up}' "$LOGS/worker.log"; do
        [[ -n "$(pid_of worker)" ]] || { tail -n 30 "$LOGS/worker.log" >&2; die "the worker exited while starting"; }
        (( waited < START_TIMEOUT * 5 )) || die "the worker did not start; see $LOGS/worker.log"
        sleep 0.2
        waited=$((waited + 1))
    done
    say "started: ${STARTED[*]:-nothing new}"
    say "up after $((SECONDS - started))s: http://127.0.0.1:$NGINX_PORT"
}

down() {
    local n
    stop_part nginx
    for n in $(seq 1 "${#APP_PORTS[@]}"); do stop_part "app-$n"; done
    stop_part worker
    local pids=()
    for n in $(seq 1 "${#ES_PORTS[@]}"); do
        es_node "$n" stop &
        pids+=($!)
    done
    s3 stop
    postgres stop
    for n in "${pids[@]}"; do wait "$n"; done
    say "down"
}

purge() {
    down
    local n
    for n in $(seq 1 "${#ES_PORTS[@]}"); do es_node "$n" purge; done
    postgres purge
    rm -rf "$STATE"
    say "deleted the cluster's data"
}

status() {
    local n down=0 pid
    for n in $(seq 1 "${#ES_PORTS[@]}"); do
        es_node "$n" status | sed "s/^elasticsearch:/es-$n:/" || down=1
    done
    if pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; then
        say "postgres: running on 127.0.0.1:$PG_PORT"
    else
        say "postgres: not running"; down=1
    fi
    s3 status | sed 's/^seaweedfs:/s3:/' || down=1
    for name in $(for n in $(seq 1 "${#APP_PORTS[@]}"); do echo "app-$n"; done) worker nginx; do
        pid="$(pid_of "$name")"
        if [[ -n "$pid" ]]; then say "$name: running (pid $pid)"; else say "$name: not running"; down=1; fi
    done
    (( down == 0 )) || return 3
}

pid() {
    local part="${1:-}"
    case "$part" in
        es-[0-9]*) es_node "${part#es-}" pid ;;
        app-[0-9]* | worker | nginx) pid_of "$part"; echo ;;
        *) die "pid of what? es-N, app-N, worker or nginx" ;;
    esac
}

case "${1:-}" in
    up) up ;;
    down) down ;;
    status) status ;;
    purge) purge ;;
    env) [[ -s "$STATE/app.env" ]] || write_env; cat "$STATE/app.env" ;;
    flask) shift; [[ -s "$STATE/app.env" ]] || write_env; flask_command "$@" ;;
    pid) pid "${2:-}" ;;
    url) echo "http://127.0.0.1:$NGINX_PORT" ;;
    *) printf 'usage: %s up|down|status|purge|env|flask ARG..|pid PART|url\n' "$0" >&2; exit 2 ;;
esac
