#!/usr/bin/env bash
# A local S3-compatible object store (SeaweedFS, Apache-2.0) for development and CI:
# fetch, start, stop, url, status.
#
#   scripts/seaweedfs.sh fetch    build the `weed` binary from the Go module (once; cached)
#   scripts/seaweedfs.sh start    run `weed server -s3` on the loopback, wait for S3, create the bucket
#   scripts/seaweedfs.sh stop     stop it by its PID file and wait for the process to end
#   scripts/seaweedfs.sh url      print the STORAGE_URL that reaches the bucket
#   scripts/seaweedfs.sh status   say whether it runs
#
# Environment (all optional):
#   SEAWEEDFS_VERSION  Go module version to build. SeaweedFS tags its releases without the
#                      "v" that Go modules need, so the module proxy only has pseudo-versions
#                      of its commits; the default is the 4.x commit current when this was
#                      written, whose go.mod asks for Go 1.26.
#   S3_PORT            S3 port (default 8333); master, volume and filer ports derive from it
#   S3_BUCKET          bucket to create (default caravanserai)
#   SEAWEEDFS_INSTANCE_DIR  data, logs and PID file (default .cache/seaweedfs/instance-$S3_PORT)
#   SEAWEEDFS_START_TIMEOUT seconds to wait for S3 to answer (default 120)
#
# `go install module@version` refuses SeaweedFS (its go.mod has replace directives), so the
# module is downloaded with `go mod download` and built with `go build ./weed` in a writable
# copy. Every subcommand is idempotent.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SEAWEEDFS_VERSION="${SEAWEEDFS_VERSION:-v0.0.0-20261109003541-7506e5f91cd6}"
S3_PORT="${S3_PORT:-8333}"
S3_BUCKET="${S3_BUCKET:-caravanserai}"
SEAWEEDFS_START_TIMEOUT="${SEAWEEDFS_START_TIMEOUT:-120}"
CACHE_DIR="$ROOT/.cache/seaweedfs"
WEED="$CACHE_DIR/weed-$SEAWEEDFS_VERSION"
INSTANCE_DIR="${SEAWEEDFS_INSTANCE_DIR:-$CACHE_DIR/instance-$S3_PORT}"
PID_FILE="$INSTANCE_DIR/weed.pid"
LOG="$INSTANCE_DIR/weed.log"
URL="http://127.0.0.1:$S3_PORT"
# The Python with boto3 that creates the bucket (the project's virtualenv unless told).
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
# Fixed development credentials: the server listens on the loopback only.
ACCESS_KEY="caravanserai"
SECRET_KEY="caravanserai-secret"

NAME=seaweedfs
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

fetch() {
    if [[ -x "$WEED" ]]; then
        say "$SEAWEEDFS_VERSION already built in ${WEED#"$ROOT"/}"
        return
    fi
    command -v go >/dev/null || die "go is needed to build SeaweedFS: apt-get install golang-go (1.26 or newer)"
    mkdir -p "$CACHE_DIR"
    # Two fetches at once (test workers, a developer's shell) build once: the second waits.
    exec 9>"$CACHE_DIR/.fetch.lock"
    flock 9
    if [[ -x "$WEED" ]]; then
        say "$SEAWEEDFS_VERSION built meanwhile in ${WEED#"$ROOT"/}"
        return
    fi
    local started=$SECONDS module_dir build_dir
    say "downloading github.com/seaweedfs/seaweedfs@$SEAWEEDFS_VERSION"
    module_dir="$(cd "$CACHE_DIR" && GOFLAGS=-mod=mod go mod download -json \
        "github.com/seaweedfs/seaweedfs@$SEAWEEDFS_VERSION" \
        | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
    [[ -d "$module_dir" ]] || die "go mod download gave no module directory"
    # The module cache is read-only; the build needs a writable copy (go.sum updates).
    build_dir="$CACHE_DIR/.build-$$"
    rm -rf "$build_dir"
    cp -r "$module_dir" "$build_dir"
    chmod -R u+w "$build_dir"
    say "building weed (several minutes on two cores)"
    (cd "$build_dir" && GOFLAGS=-buildvcs=false go build -o "$WEED.partial" ./weed) \
        || { rm -rf "$build_dir"; die "go build ./weed failed"; }
    # Built aside, then moved into place: an interrupted build never looks like a finished one.
    mv "$WEED.partial" "$WEED"
    rm -rf "$build_dir"
    say "built ${WEED#"$ROOT"/} in $((SECONDS - started))s"
}

running_pid() { pid_from "$PID_FILE"; }

answers() {
    # S3 answers an anonymous request (with an access error) once the gateway has its filer.
    curl -sS --max-time 5 -o /dev/null -w '%{http_code}' "$URL/" 2>/dev/null | grep -qE '^[2-4][0-9][0-9]$'
}

s3_config() {
    # The application's identity, and anonymous reads of served images and cached renderings
    # only (under any STORAGE_URL prefix), for nginx in front of the bucket
    # (scripts/nginx-s3-site.conf); withdrawn images and import uploads stay private.
    cat <<EOF
{"identities": [
  {"name": "caravanserai",
   "credentials": [{"accessKey": "$ACCESS_KEY", "secretKey": "$SECRET_KEY"}],
   "actions": ["Admin", "Read", "List", "Tagging", "Write"]},
  {"name": "anonymous",
   "actions": ["Read:$S3_BUCKET/*images/images/*", "Read:$S3_BUCKET/*images/cache/*"]}]}
EOF
}

start() {
    local pid
    pid="$(running_pid)"
    if [[ -n "$pid" ]]; then
        make_bucket
        say "already running (pid $pid) on $URL, bucket $S3_BUCKET"
        return
    fi
    [[ -x "$WEED" ]] || fetch
    if answers; then
        die "something else already answers on $URL; choose another S3_PORT"
    fi
    mkdir -p "$INSTANCE_DIR/data"
    s3_config >"$INSTANCE_DIR/s3.json"
    rm -f "$PID_FILE"
    say "starting on $URL (instance ${INSTANCE_DIR#"$ROOT"/})"
    # One process holds master, volume server, filer and S3 gateway, all on the loopback; the
    # gateway's Iceberg and Lance catalogs (fixed ports 8181 and 9101 unless told) stay off, so
    # that several servers can run side by side.
    # Small volumes (64 MB) and a few of them keep a test data directory small.
    "$WEED" server -ip=127.0.0.1 -ip.bind=127.0.0.1 -dir="$INSTANCE_DIR/data" \
        -master.port="$((S3_PORT + 1))" -master.volumeSizeLimitMB=64 \
        -volume.port="$((S3_PORT + 2))" -volume.max=16 \
        -filer.port="$((S3_PORT + 3))" \
        -s3 -s3.port="$S3_PORT" -s3.config="$INSTANCE_DIR/s3.json" -s3.port.iceberg=0 -s3.port.lance=0 \
        -metricsPort=0 \
        >"$LOG" 2>&1 </dev/null &
    echo $! >"$PID_FILE"

    local waited=0
    until answers; do
        if (( waited >= SEAWEEDFS_START_TIMEOUT * 2 )); then
            die "S3 does not answer after ${SEAWEEDFS_START_TIMEOUT}s; see ${LOG#"$ROOT"/}"
        fi
        if [[ -z "$(running_pid)" ]]; then
            tail -n 30 "$LOG" >&2 || true
            die "the server exited while starting; see ${LOG#"$ROOT"/}"
        fi
        sleep 0.5
        waited=$((waited + 1))
    done
    make_bucket
    say "running (pid $(running_pid)) on $URL, bucket $S3_BUCKET"
}

make_bucket() {
    # The gateway answers before its volumes are allocated; a bucket creation can fail until then.
    local tries=0
    until "$PYTHON" - "$URL" "$S3_BUCKET" "$ACCESS_KEY" "$SECRET_KEY" <<'EOF'
import sys
import boto3
url, bucket, key, secret = sys.argv[1:]
s3 = boto3.client("s3", endpoint_url=url, aws_access_key_id=key, aws_secret_access_key=secret,
                  region_name="us-east-1")
existing = {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
if bucket not in existing:
    s3.create_bucket(Bucket=bucket)
s3.put_object(Bucket=bucket, Key=".probe", Body=b"ok")
s3.delete_object(Bucket=bucket, Key=".probe")
EOF
    do
        tries=$((tries + 1))
        (( tries < 60 )) || die "could not create the bucket $S3_BUCKET; see ${LOG#"$ROOT"/}"
        sleep 1
    done
}

stop() {
    if stop_pid "$PID_FILE" 30; then say "stopped"; else say "not running on $URL"; fi
}

url() {
    # Credentials go in the standard variables, not in the URL: see the README's storage section.
    printf 's3://%s?endpoint=%s\n' "$S3_BUCKET" "$URL"
}

env_lines() {
    printf 'AWS_ACCESS_KEY_ID=%s\nAWS_SECRET_ACCESS_KEY=%s\n' "$ACCESS_KEY" "$SECRET_KEY"
}

status() {
    local pid
    pid="$(running_pid)"
    if [[ -z "$pid" ]]; then
        say "not running on $URL"
        return 3
    fi
    if answers; then
        say "running (pid $pid) on $URL"
    else
        say "process $pid is alive but $URL does not answer (yet)"
        return 1
    fi
}

case "${1:-}" in
    fetch) fetch ;;
    start) start ;;
    stop) stop ;;
    url) url ;;
    env) env_lines ;;
    status) status ;;
    *) printf 'usage: %s fetch|start|stop|url|env|status\n' "$0" >&2; exit 2 ;;
esac
