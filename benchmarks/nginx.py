"""nginx's main configuration for the benchmarks and tests that run nginx themselves: the
project's template (scripts/nginx-main.conf) around the sites they give."""

from __future__ import annotations

import getpass
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parents[1] / "scripts" / "nginx-main.conf"
TEMP_FOLDERS = ("body", "proxy", "fastcgi", "uwsgi", "scgi")


def main_config(work: Path, sites: str, workers: int | str = 1, connections: int = 1024) -> Path:
    """Write WORK/nginx.conf holding SITES, with its temporary folders in WORK; its path."""
    for folder in TEMP_FOLDERS:
        (work / folder).mkdir(parents=True, exist_ok=True)
    # Without the template's comments, which name the markers.
    text = "".join(line for line in TEMPLATE.read_text().splitlines(keepends=True) if not line.startswith("#"))
    for marker, value in (("@USER@", getpass.getuser()), ("@WORKERS@", workers), ("@CONNECTIONS@", connections),
                          ("@WORK@", work), ("@ERROR_LOG@", work / "error.log"), ("@SITES@", sites)):
        text = text.replace(marker, str(value))
    config = work / "nginx.conf"
    config.write_text(text)
    return config
