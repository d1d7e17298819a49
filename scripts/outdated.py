"""Print the pinned packages (requirements*.txt, constraints.txt) that have newer releases on the package index.

Run by `make outdated`, with the project's virtual environment: pip asks the index for the
newest release of each installed package, and this lists those we pin at an older one.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==(\S+)")
# Their security releases are taken within a week, with the whole suite run (see the README).
WITHIN_A_WEEK = {"pillow", "granian", "urllib3", "werkzeug", "flask", "sqlalchemy", "elasticsearch", "psycopg",
                 "psycopg-binary"}


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(files: list[Path]) -> dict[str, tuple[str, str]]:
    """Each pinned package: its version and the first file pinning it (a requirements file
    for what we ask for, constraints.txt alone for what those pull in)."""
    found: dict[str, tuple[str, str]] = {}
    for path in files:
        for line in path.read_text().splitlines():
            match = PIN.fullmatch(line.strip())
            if match:
                found.setdefault(normalized(match[1]), (match[2], path.name))
    return found


def outdated_lines(pinned: dict[str, tuple[str, str]], latest: dict[str, str]) -> list[str]:
    """A table of the pinned packages with a newer release, the watched ones marked."""
    rows = [(name, version, latest[name], where, "security releases within a week" if name in WITHIN_A_WEEK else "")
            for name, (version, where) in sorted(pinned.items())
            if name in latest and Version(latest[name]) > Version(version)]
    if not rows:
        return [f"All {len(pinned)} pinned packages are at their newest release."]
    table = [("package", "pinned", "newest", "pinned in", ""), *rows]
    widths = [max(len(row[column]) for row in table) for column in range(len(table[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in table]
    return [*lines, f"{len(rows)} of {len(pinned)} pinned packages have newer releases."]


def main() -> None:
    files = [*sorted(ROOT.glob("requirements*.txt")), ROOT / "constraints.txt"]
    listed = subprocess.run([sys.executable, "-m", "pip", "list", "--outdated", "--format=json"],
                            check=True, capture_output=True, text=True).stdout
    latest = {normalized(package["name"]): package["latest_version"] for package in json.loads(listed)}
    print("\n".join(outdated_lines(pins(files), latest)))


if __name__ == "__main__":
    main()
