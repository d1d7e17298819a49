"""Upload of a 100-megapixel image: the time to the API's answer, and the web process's peak
memory (resident set), before and after the pyramid moved to the task queue.

A JPEG of 10,000 x 10,000 pixels (a photograph-like gradient with grain, made here once) is
POSTed to an object's images through the application in a process of its own (SQLite, embedded
search), which then reports the wall time to the answer and its peak resident memory
(VmHWM): at the answer, and once the pyramid exists (before: the same moment; after, with
consumers in the web process as `make run` has them: once they have derived it). After is also
measured with TASKS_IN_WEB off, where a worker process (not measured) derives the pyramid.

It runs on the code of a git revision (--before, default main, taken with `git archive`) and on
this working tree in one go. Run: .venv/bin/python -m benchmarks.uploads [--before main]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if sys.path and Path(sys.path[0]).resolve() == REPO / "benchmarks":
    sys.path.pop(0)  # run as a script: benchmarks/search.py must not stand for the search package
SIDE = 10_000


def make_image(path: Path) -> None:
    import numpy
    from PIL import Image

    rng = numpy.random.default_rng(7)
    ramp = numpy.linspace(0, 200, SIDE, dtype=numpy.float32)
    red = ramp[None, :] + rng.normal(0, 6, (SIDE, SIDE)).astype(numpy.float32)
    green = ramp[:, None] * 0.8 + 20
    blue = (ramp[None, :] + ramp[:, None]) / 2
    pixels = numpy.stack([numpy.broadcast_to(band, (SIDE, SIDE)) for band in (red, green, blue)], axis=-1)
    Image.fromarray(numpy.clip(pixels, 0, 255).astype(numpy.uint8)).save(path, quality=90)


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike getrusage's, not carried over from the
    process that started it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def measure(image: Path, tasks_in_web: bool) -> dict:
    """In the tree this process runs from: one upload's figures (printed as JSON)."""
    from exhibitions import create_app
    from exhibitions.migrate import upgrade
    from exhibitions.settings import Settings
    from tests.exhibitions.conftest import VALID_OBJECT, add_museum, bearer

    with tempfile.TemporaryDirectory() as folder:
        os.environ["TASKS_IN_WEB"] = "1" if tasks_in_web else "0"  # read by the tree's settings, if it has them
        settings = Settings.from_env(environ=os.environ, data_dir=Path(folder), secret_key="bench",
                                     sync_on_start=False)
        upgrade(settings.sqlalchemy_url)
        app = create_app(settings)
        platform = app.extensions["caravanserai"]
        add_museum(platform, "nmc")
        token = bearer(platform, "contributor", "nmc")
        client = app.test_client()
        assert client.put("/api/v1/museums/nmc/objects/BIG", json=VALID_OBJECT, headers=token).status_code == 201
        resting = peak_mb()
        with image.open("rb") as file:
            began = time.perf_counter()
            answer = client.post("/api/v1/museums/nmc/objects/BIG/images", headers=token,
                                 data={"file": (file, "big.jpg")}, content_type="multipart/form-data")
            answered = time.perf_counter() - began
        assert answer.status_code == 201, answer.get_data(as_text=True)
        at_answer = peak_mb()
        image_id = answer.get_json()["id"]
        derived = None
        if tasks_in_web:
            while not getattr(platform.images.get(image_id), "tiled", True):
                time.sleep(0.1)  # the pyramid, derived by this process's consumers
                platform.images.forget(image_id)
            derived = time.perf_counter() - began
        result = {"answer_s": answered, "derived_s": derived, "resting_mb": resting, "at_answer_mb": at_answer,
                  "peak_mb": peak_mb()}
        platform.close()
    return result


def run_in(tree: Path, image: Path, tasks_in_web: bool = True) -> dict:
    # This file runs as a script (the tree measured may not have it), on the tree's own modules.
    arguments = [sys.executable, __file__, "--child", str(image)] + ([] if tasks_in_web else ["--worker-elsewhere"])
    done = subprocess.run(arguments, cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)}, capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="main", help="the git revision measured first")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--worker-elsewhere", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(measure(arguments.child, tasks_in_web=not arguments.worker_elsewhere)))
        return
    with tempfile.TemporaryDirectory() as folder:
        image = Path(folder) / "big.jpg"
        make_image(image)
        rows = []
        before = Path(folder) / "before"
        before.mkdir()
        archive = subprocess.run(["git", "archive", arguments.before], cwd=REPO, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(before)], input=archive.stdout, check=True)
        rows.append((f"before ({arguments.before})", run_in(before, image)))
        rows.append(("after, consumers in web", run_in(REPO, image)))
        rows.append(("after, TASKS_IN_WEB=0", run_in(REPO, image, tasks_in_web=False)))
        size = image.stat().st_size / 1e6
    print(f"{SIDE} x {SIDE} JPEG ({size:.0f} MB), load average {os.getloadavg()[0]:.1f}")
    print(f"{'':26} {'answer':>8} {'pyramid':>8} {'RSS resting':>12} {'peak at answer':>15} {'peak':>8}")
    for label, row in rows:
        derived = f"{row['derived_s']:.1f} s" if row["derived_s"] is not None else "-"
        print(f"{label:26} {row['answer_s']:>6.1f} s {derived:>8} {row['resting_mb']:>9.0f} MB "
              f"{row['at_answer_mb']:>12.0f} MB {row['peak_mb']:>5.0f} MB")


if __name__ == "__main__":
    main()
