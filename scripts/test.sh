#!/usr/bin/env bash
# The whole test suite, against a real Elasticsearch and a real PostgreSQL that this script
# starts and stops.
# `make test` and CI run it; extra arguments go to pytest (e.g. scripts/test.sh -k search).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

.venv/bin/ruff check .

# A port of its own, so that a development instance on 9200 is left alone.
export ES_PORT="${ES_PORT:-9250}"
scripts/elasticsearch.sh fetch
scripts/elasticsearch.sh start
trap 'scripts/elasticsearch.sh stop; scripts/postgres.sh stop' EXIT
scripts/postgres.sh start

export ELASTICSEARCH_URL="http://127.0.0.1:$ES_PORT"
export TEST_POSTGRES_URL="$(scripts/postgres.sh url)"
# With the servers started above, a skipped Elasticsearch or PostgreSQL test is a failure.
export CARAVANSERAI_REQUIRE_ELASTICSEARCH=1
export CARAVANSERAI_REQUIRE_POSTGRES=1
# One worker per core (pytest-xdist); a file's tests stay on one worker, so that its module
# fixtures (served apps, museum servers) start once. `-n 0` among the arguments runs one process.
.venv/bin/python -m pytest -n auto --dist loadfile "$@"
