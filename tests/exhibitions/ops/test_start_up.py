"""What a process loads as it starts: every `flask` command (one a file in a bulk import) and
server process builds the app, so libraries only some of them use are loaded on first use, not
at start. A module-level import added back anywhere would slow every command again unseen."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO

# What starting on SQLite with the embedded backend leaves out, and who loads it when needed.
LOADED_ON_FIRST_USE = (
    "numpy",  # broad searches and the demo (search.lazy_numpy)
    "alembic",  # db upgrade (exhibitions.migrate)
    "requests",  # IIIF imports and harvests (exhibitions.imports.harvesting)
    "sqlalchemy.dialects.postgresql",  # a PostgreSQL database (exhibitions.db)
)


def test_the_app_starts_without_the_libraries_only_some_commands_use(tmp_path):
    environment = {**os.environ, "DATA_DIR": str(tmp_path), "SEARCH_BACKEND": "embedded", "SYNC_ON_START": "0",
                   "SECRET_KEY": "test-secret", "PYTHONPATH": str(REPO)}
    environment.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=REPO, env=environment,
                   check=True, capture_output=True)
    started = subprocess.run(
        [sys.executable, "-c", f"import sys, wsgi; print(*(m for m in {LOADED_ON_FIRST_USE!r} if m in sys.modules))"],
        cwd=REPO, env=environment, check=True, capture_output=True, text=True)
    assert started.stdout.split() == []
