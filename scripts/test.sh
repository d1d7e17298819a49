#!/usr/bin/env bash
# The whole test suite, against a real Elasticsearch that this script starts and stops.
# `make test` and CI run it; extra arguments go to pytest (e.g. scripts/test.sh -k search).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# A port of its own, so that a development instance on 9200 is left alone.
export ES_PORT="${ES_PORT:-9250}"
scripts/elasticsearch.sh fetch
scripts/elasticsearch.sh start
trap 'scripts/elasticsearch.sh stop' EXIT

export ELASTICSEARCH_URL="http://127.0.0.1:$ES_PORT"
# With the server started above, a skipped Elasticsearch test is a failure.
export CARAVANSERAI_REQUIRE_ELASTICSEARCH=1
.venv/bin/python -m pytest "$@"
