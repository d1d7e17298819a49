#!/usr/bin/env bash
# A PostgreSQL server of the project's own for the tests: start, stop, url.
#
#   scripts/postgres.sh start   create (once) and start the cluster "caravanserai-$PG_PORT" on 127.0.0.1:$PG_PORT
#   scripts/postgres.sh stop    stop it
#   scripts/postgres.sh url     print the SQLAlchemy URL of its maintenance database
#   scripts/postgres.sh purge   stop it and delete the cluster with its data
#
# Uses Debian's PostgreSQL (installed by scripts/system-packages.sh) and its cluster tools,
# which run the server as the unprivileged user postgres. Tests make a database per test.
set -euo pipefail

PG_PORT="${PG_PORT:-5433}"
# The port names the cluster, so that two checkouts can test side by side on different ports.
CLUSTER="caravanserai-$PG_PORT"
ROLE=caravanserai

NAME=postgres
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
version() { ls /usr/lib/postgresql | sort -n | tail -1; }

case "${1:-}" in
  start)
    command -v pg_ctlcluster >/dev/null || die "PostgreSQL is not installed"
    V="$(version)"
    if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$V $CLUSTER"; then
      say "creating cluster $V/$CLUSTER on port $PG_PORT"
      pg_createcluster "$V" "$CLUSTER" -p "$PG_PORT" -- --auth-local=peer --auth-host=trust >/dev/null
    fi
    if ! pg_lsclusters -h | awk -v c="$CLUSTER" '$2==c {print $4}' | grep -qx online; then
      # A throwaway cluster for tests: no fsync, and no autovacuum, whose workers would sit in a
      # test database that the test is dropping (DROP DATABASE ... FORCE may not end them).
      pg_ctlcluster "$V" "$CLUSTER" start -- -o "-c listen_addresses=127.0.0.1 -c fsync=off -c autovacuum=off"
    fi
    for _ in $(seq 1 60); do
      pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break
      sleep 0.5
    done
    pg_isready -q -h 127.0.0.1 -p "$PG_PORT" || die "did not start"
    su postgres -c "psql -q -p $PG_PORT -tc \"SELECT 1 FROM pg_roles WHERE rolname='$ROLE'\"" | grep -q 1 \
      || su postgres -c "psql -q -p $PG_PORT -c \"CREATE ROLE $ROLE LOGIN CREATEDB\""
    say "running on 127.0.0.1:$PG_PORT"
    ;;
  stop)
    V="$(version)"
    if pg_lsclusters -h 2>/dev/null | awk -v c="$CLUSTER" '$2==c {print $4}' | grep -qx online; then
      pg_ctlcluster "$V" "$CLUSTER" stop
      say "stopped"
    else
      say "not running"
    fi
    ;;
  purge)
    V="$(version)"
    if pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$V $CLUSTER"; then
      pg_dropcluster --stop "$V" "$CLUSTER"
      say "deleted cluster $V/$CLUSTER"
    else
      say "no cluster $V/$CLUSTER"
    fi
    ;;
  url)
    echo "postgresql+psycopg://$ROLE@127.0.0.1:$PG_PORT/postgres"
    ;;
  *)
    echo "usage: $0 start|stop|url|purge" >&2
    exit 2
    ;;
esac
