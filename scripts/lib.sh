# What the server scripts share (elasticsearch.sh, seaweedfs.sh, cluster.sh, validator-ng.sh):
# messages that name the script, and the life of a server kept in a PID file. A script sets
# NAME, then sources this file.

say() { printf '%s: %s\n' "$NAME" "$*"; }
die() { printf '%s: error: %s\n' "$NAME" "$*" >&2; exit 1; }

pid_from() {  # pid_from FILE: the PID in FILE when that process is alive, else nothing
    [[ -s "$1" ]] || return 0
    local pid
    pid="$(tr -dc '0-9' <"$1")"
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then printf '%s' "$pid"; fi
}

stop_pid() {  # stop_pid FILE GRACE [group]: SIGTERM, SIGKILL after GRACE seconds; wait for the end
    # With "group", the signals go to the process group the PID leads (a server and its children).
    local file="$1" grace="$2" target pid waited=0
    pid="$(pid_from "$file")"
    if [[ -n "$pid" ]]; then
        target="$pid"
        [[ "${3:-}" != group ]] || target="-$pid"
        kill -TERM -- "$target" 2>/dev/null || true
        while kill -0 "$pid" 2>/dev/null; do
            if (( waited == grace * 2 )); then
                say "pid $pid still alive after ${grace}s; killing it"
                kill -KILL -- "$target" 2>/dev/null || true
            fi
            sleep 0.5
            waited=$((waited + 1))
        done
    fi
    rm -f "$file"
    [[ -n "$pid" ]]
}
