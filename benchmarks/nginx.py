"""nginx's main configuration for the benchmarks and tests that run nginx themselves: the
project's template (scripts/nginx-main.conf) around the sites they give; and the static-file
server the benchmarks measure the tile sites against."""

from __future__ import annotations

import getpass
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parents[1] / "scripts" / "nginx-main.conf"
SITE = Path(__file__).resolve().parents[1] / "scripts" / "nginx-site.conf"
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


def static_server(listen: str, root: Path) -> str:
    """A server sending ROOT's files under /files/ as static files: the floor the tile sites are
    measured against. Its answers carry the headers of the production site's tile location
    (scripts/nginx-site.conf), so that both send the same bytes: on the loopback, whose segments
    are 64 KiB, those ~150 bytes alone make some tile answers wait for a delayed ACK (40 ms),
    whichever location sends them, so a floor without them is one no site that must send them
    can reach."""
    site = SITE.read_text()
    tile_location = site[site.index("    # Viewer tiles"):site.index("    location / {")]
    headers = "".join(f"{line.strip()} " for line in tile_location.splitlines()
                      if line.strip().startswith("add_header"))
    return f"""
  server {{
    listen {listen};
    location /files/ {{ alias {root}/; {headers}}}
  }}
"""
