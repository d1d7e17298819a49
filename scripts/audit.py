"""Lighthouse on the public pages: home, an exhibition, an object and search, each scored for
performance, accessibility, best practices and SEO (mobile settings, Lighthouse's default).

Loads the demo alliance into a temporary data folder, serves it with granian on a free loopback
port, runs the pinned Lighthouse (package.json) on Debian's chromium, prints a table of the
scores and exits 1 when accessibility or best practices is below 95 on any page:

    .venv/bin/python scripts/audit.py [--image-scale 0.25] [--json DIR] [--runs 1]
    make audit

Performance moves from run to run with what else the machine is doing; with --runs N every page
is audited N times, in turns, and the table gives each score's median (as Lighthouse's own
guidance does, with 5 runs), then every run's performance score.

The search page stays out of search engines on purpose (noindex), so its SEO score is shown
but is no target.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# What fails the audit (and CI): the scores that do not depend on the machine's speed.
REQUIRED = {"accessibility": 95, "best-practices": 95}
# A page's Lighthouse run is a minute at most even on a busy machine.
RUN_TIMEOUT = 180


def demo_pages(app) -> dict[str, str]:
    """The audited paths of a demo site: home, the first demo exhibition, its jar, a search."""
    from sqlalchemy import select

    from exhibitions.models import MuseumObject
    from tests.pages.conftest import DEMO_EXHIBITION

    with app.extensions["caravanserai"].db.sessions() as session:
        jar = session.scalar(select(MuseumObject.id).where(MuseumObject.accession == "NMC-2021-001"))
    return {"home": "/", "exhibition": f"/exhibitions/{DEMO_EXHIBITION}", "object": f"/objects/{jar}",
            "search": "/search?q=bronze"}


def lighthouse(url: str, categories=CATEGORIES, report: Path | None = None) -> dict[str, int]:
    """One page's scores (0-100) by category; the whole JSON report goes to `report` if given."""
    if not LIGHTHOUSE.exists():
        raise SystemExit("audit: Lighthouse is missing: run scripts/assets.sh (npm ci installs it)")
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "report.json"
        subprocess.run(
            [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={output}",
             f"--only-categories={','.join(categories)}",
             "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run"],
            env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", CHROMIUM)},
            check=True, timeout=RUN_TIMEOUT, stdout=subprocess.DEVNULL)
        result = json.loads(output.read_text())
        if report:
            report.write_text(output.read_text())
    return {name: round((result["categories"][name]["score"] or 0) * 100) for name in categories}


def medians(runs: list[dict[str, dict[str, int]]]) -> dict[str, dict[str, int]]:
    """Each page's median score by category over several runs (the lower middle of an even count)."""
    return {page: {name: sorted(run[page][name] for run in runs)[(len(runs) - 1) // 2] for name in by_category}
            for page, by_category in runs[0].items()}


def failures(scores: dict[str, dict[str, int]]) -> list[str]:
    """The required scores a page missed, in words."""
    return [f"{page}: {name} {score} < {REQUIRED[name]}"
            for page, by_category in scores.items() for name, score in by_category.items()
            if name in REQUIRED and score < REQUIRED[name]]


def table(scores: dict[str, dict[str, int]]) -> str:
    names = next(iter(scores.values())).keys()
    lines = [f"{'page':<12}" + "".join(f"{name:>16}" for name in names)]
    lines += [f"{page:<12}" + "".join(f"{by_category[name]:>16}" for name in names)
              for page, by_category in scores.items()]
    return "\n".join(lines)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(base: str, server: subprocess.Popen, deadline: float = 60) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if server.poll() is not None:
            raise SystemExit(f"audit: the server stopped (exit {server.returncode})")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"audit: the server did not answer within {deadline:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--image-scale", type=float, default=0.25, help="the demo images' scale")
    parser.add_argument("--json", type=Path, help="keep each page's Lighthouse report in this folder")
    parser.add_argument("--runs", type=int, default=1, help="audits of each page, in turns; medians shown")
    args = parser.parse_args()
    from tests.pages.conftest import build_site

    with tempfile.TemporaryDirectory() as data:
        app = build_site(Path(data), image_scale=args.image_scale)
        paths = demo_pages(app)
        app.extensions["caravanserai"].db.engine.dispose()
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        # As `make run` serves: granian, on the data just loaded.
        server = subprocess.Popen(
            [str(REPO / ".venv" / "bin" / "granian"), "--interface", "wsgi", "--host", "127.0.0.1",
             "--port", str(port), "--workers", "1", "--blocking-threads", "4", "--log-level", "warning", "wsgi:app"],
            cwd=REPO, env={**os.environ, "DATA_DIR": data, "SYNC_ON_START": "false"},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_until_up(base, server)
            if args.json:
                args.json.mkdir(parents=True, exist_ok=True)
            runs = [{name: lighthouse(base + path, report=args.json / f"{name}-{run + 1}.json" if args.json else None)
                     for name, path in paths.items()} for run in range(args.runs)]
        finally:
            server.terminate()
            server.wait(timeout=30)
    scores = medians(runs)
    print(table(scores))
    if args.runs > 1:
        print(f"medians of {args.runs} runs; performance of each run:")
        for page in scores:
            print(f"  {page:<12}" + " ".join(str(run[page]["performance"]) for run in runs))
    missed = failures(scores)
    for line in missed:
        print(f"audit: below the bar: {line}", file=sys.stderr)
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
