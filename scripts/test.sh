#!/usr/bin/env bash
# The whole test suite, against a real Elasticsearch, a real PostgreSQL and a real S3 server
# (SeaweedFS) that this script starts and stops.
# `make test` and CI run it; extra arguments go to pytest (e.g. scripts/test.sh -k search).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The S3 server is built from source on a machine's first run (scripts/seaweedfs.sh: minutes
# on two cores); that build runs beside the lint and the other servers' starts.
mkdir -p .cache
scripts/seaweedfs.sh fetch >.cache/seaweedfs-fetch.log 2>&1 &
fetching=$!

.venv/bin/ruff check .

# A port of its own, so that a development instance on 9200 is left alone.
export ES_PORT="${ES_PORT:-9250}"
scripts/elasticsearch.sh fetch
scripts/elasticsearch.sh start
trap 'scripts/elasticsearch.sh stop; scripts/postgres.sh stop; scripts/seaweedfs.sh stop' EXIT
scripts/postgres.sh start
# The S3 server of the storage tests, on a port of its own.
wait "$fetching" || { cat .cache/seaweedfs-fetch.log >&2; exit 1; }
export S3_PORT="${S3_PORT:-8350}"
scripts/seaweedfs.sh start
export TEST_S3_URL="$(scripts/seaweedfs.sh url)"
# The server's development credentials, for the tests' S3 clients.
set -a
eval "$(scripts/seaweedfs.sh env)"
set +a

export ELASTICSEARCH_URL="http://127.0.0.1:$ES_PORT"
export TEST_POSTGRES_URL="$(scripts/postgres.sh url)"
# With the servers started above, a skipped Elasticsearch, PostgreSQL or S3 test is a failure.
export CARAVANSERAI_REQUIRE_ELASTICSEARCH=1
export CARAVANSERAI_REQUIRE_POSTGRES=1
export CARAVANSERAI_REQUIRE_S3=1
# One worker per core (pytest-xdist); a file's tests stay on one worker, so that its module
# fixtures (served apps, museum servers) start once. `-n 0` among the arguments runs one process.
.venv/bin/python -m pytest -n auto --dist loadfile "$@"
