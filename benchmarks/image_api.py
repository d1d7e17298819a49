"""Image API benchmark: our tiles and regions next to IIPImage, nginx static files and vips, as ratios.

On one generated image (10000 x 8000 by default) it measures, all on 127.0.0.1 with every server
running side by side and the cases taking turns for a few rounds (each keeps its best), each run
bounded in time:
  (a) the deep-zoom tiles a viewer asks for (every tile of info.json, in a shuffled order) through
      the application server alone (granian, as `make run` serves it), behind nginx with every
      request through the application and the file sent by X-Accel-Redirect, and behind the
      production nginx site (scripts/nginx-site.conf) whose tile location sends pyramid files
      without asking the application;
  (b) the same tiles from IIPImage (FastCGI under lighttpd) on a `vips tiffsave --tile --pyramid`
      TIFF, asked in Image API 2 syntax;
  (c) the same tile files sent by nginx as static files, with the site's tile headers
      (benchmarks/nginx.py: static_server);
  (d) arbitrary regions at arbitrary sizes, each asked once (nothing cached), ours and IIPImage's,
      also as the servers' CPU time per request, which other load on the machine disturbs less;
  (e) pyramid build time and peak memory (of the process doing it, from wait4), ours next to
      `vips dzsave`, on the image and on 100 megapixels, each run --builds times in turns.
The load generator is wrk. Run it through benchmarks/image_api.sh, which installs what it needs.
The machine's load average is printed with the figures: on a busy machine, compare ratios.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from PIL import Image  # noqa: E402

from benchmarks.nginx import main_config, static_server  # noqa: E402
from iiif.image.pyramid import TileGrid  # noqa: E402

WRK_SCRIPT = r"""
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
position = 0
local thread_count = 0
setup = function(thread)
  thread:set("position", thread_count * 7919)
  thread_count = thread_count + 1
end
request = function()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "status_errors": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
"""

GENERATE = """
import sys
from PIL import Image
width, height = int(sys.argv[1]), int(sys.argv[2])
# Smooth gradients under fine noise: tiles compress like photographs of objects, not like flat colour.
red = Image.linear_gradient("L").resize((width, height))
green = Image.radial_gradient("L").resize((width, height))
blue = Image.effect_noise((width, height), 40)
Image.merge("RGB", (red, green, blue)).save(sys.argv[3], quality=92)
"""

INGEST = """
import sys
from pathlib import Path
from iiif.image.store import ImageStore
store = ImageStore(Path(sys.argv[1]), max_pixels=200_000_000, tile_size=512)
with open(sys.argv[2], "rb") as source:
    print(store.ingest(source).id)
"""


@dataclass
class Load:
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    requests: int
    errors: int


def session_cpu_seconds(process: subprocess.Popen) -> float:
    """User and system CPU time of the processes of a service's session (it and its workers)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        if int(fields[3]) == process.pid:  # its session: start_new_session made the service lead one
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_measured(command: list[str], **options) -> tuple[float, int, str]:
    """(seconds, peak resident bytes, stdout) of a command run to its end."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **options)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    output = process.stdout.read().decode()
    errors = process.stderr.read().decode()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{command[0]} failed ({process.returncode}): {errors[-2000:]}")
    return elapsed, usage.ru_maxrss * 1024, output


class Services:
    """Processes started by the benchmark; all of them are stopped at the end, whatever happens."""

    def __init__(self, logs: Path):
        self.logs = logs
        self.running: list[subprocess.Popen] = []

    def start(self, name: str, command: list[str], ready_url: str, **options) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "wb")
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **options)
        self.running.append(process)
        deadline = time.monotonic() + 120  # workers importing the app on a busy machine take a while
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited at start; see {log.name}")
            try:
                with urllib.request.urlopen(ready_url, timeout=2) as response:
                    if response.status == 200:
                        return process
            except Exception:
                time.sleep(0.2)
        raise RuntimeError(f"{name} did not answer {ready_url} within 120 s; see {log.name}")

    def stop(self, process: subprocess.Popen) -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if process in self.running:
            self.running.remove(process)

    def stop_all(self) -> None:
        for process in list(self.running):
            self.stop(process)


def wrk(base: str, paths: list[str], work: Path, name: str, duration: int, connections: int) -> Load:
    path_file = work / f"{name}.paths"
    path_file.write_text("\n".join(paths) + "\n")
    script = work / "paths.lua"
    script.write_text(WRK_SCRIPT)
    run = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", str(script), base],
        capture_output=True, text=True, env={**os.environ, "BENCH_PATHS": str(path_file)}, timeout=duration + 60,
    )
    result = json.loads(run.stdout.strip().splitlines()[-1])
    seconds = result["duration_us"] / 1e6
    return Load(result["requests"] / seconds, result["p50_us"] / 1000, result["p95_us"] / 1000,
                result["requests"], result["status_errors"] + result["socket_errors"])


def fetch(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def check_jpeg(url: str, label: str, size: tuple[int, int] | None = None) -> dict:
    """Fail the benchmark unless the URL gives a JPEG (of the given size): a fast wrong answer is no result."""
    status, headers, body = fetch(url)
    if status != 200 or body[:2] != b"\xff\xd8":
        raise RuntimeError(f"{label}: {url} gave {status} {body[:200]!r}")
    if size is not None:
        with Image.open(io.BytesIO(body)) as picture:
            if picture.size != size:
                raise RuntimeError(f"{label}: {url} gave a {picture.size} image, not {size}")
    return headers


def tile_requests(grid: TileGrid) -> list[tuple[int, int, int, int, int, int, str]]:
    """(x, y, w, h, scaled width, scaled height, file name) of every tile a viewer may ask for."""
    tiles = []
    for factor in grid.scale_factors:
        columns, rows = grid.columns_rows(factor)
        for column in range(columns):
            for row in range(rows):
                region = grid.tile_region(factor, column, row)
                tiles.append((region.x, region.y, region.width, region.height,
                              -(-region.width // factor), -(-region.height // factor),
                              grid.tile_name(factor, column, row)))
    random.Random(3).shuffle(tiles)
    return tiles


def viewer_tile_path(image_id: str, name: str) -> str:
    """The URL a viewer asks for the tile stored as NAME: the file's name is the tile's region and
    size, so the one tile holding the whole image is asked for as `full`, as OpenSeadragon does."""
    return f"/iiif/3/{image_id}/{Path(name).stem.replace('_', '/')}/0/default.jpg"


def arbitrary_regions(width: int, height: int, count: int) -> list[tuple[int, int, int, int, int]]:
    """(x, y, w, h, scaled width): regions of 800-4000 px shown at 200-800 px, all different."""
    chooser = random.Random(5)
    regions = set()
    while len(regions) < count:
        w = chooser.randint(800, 4000)
        h = chooser.randint(800, min(4000, height))
        x, y = chooser.randint(0, width - w), chooser.randint(0, height - h)
        regions.add((x, y, w, h, chooser.randint(200, min(800, w))))
    return sorted(regions, key=lambda _: chooser.random())


def nginx_config(work: Path, store_root: Path, site_port: int, accel_port: int, app_port: int,
                 static_port: int) -> Path:
    """nginx with three servers: the production site (scripts/nginx-site.conf), the same without
    its tile location (every request through the application, files by X-Accel-Redirect), and
    the store's files as static files with the site's tile headers."""
    site = (REPO / "scripts" / "nginx-site.conf").read_text()
    site = site.replace("@LISTEN@", f"127.0.0.1:{site_port}").replace("@UPSTREAM@", f"127.0.0.1:{app_port}")
    site = site.replace("@IMAGE_DIR@", str(store_root))
    accel_only = site.replace("upstream caravanserai {", "upstream caravanserai_accel {").replace(
        "http://caravanserai;", "http://caravanserai_accel;")
    accel_only = accel_only.replace(f"127.0.0.1:{site_port}", f"127.0.0.1:{accel_port}")
    start = accel_only.index("    # Viewer tiles")
    accel_only = accel_only[:start] + accel_only[accel_only.index("    location / {"):]
    static = static_server(f"127.0.0.1:{static_port}", store_root)
    return main_config(work / "nginx", site + accel_only + static, workers="auto")


def lighttpd_config(work: Path, port: int, processes: int) -> Path:
    config = work / "lighttpd.conf"
    config.write_text(f"""
server.modules = ("mod_fastcgi")
server.document-root = "{work}"
server.bind = "127.0.0.1"
server.port = {port}
server.errorlog = "{work}/logs/lighttpd-error.log"
server.max-connections = 1024
fastcgi.server = ( "/fcgi-bin/iipsrv.fcgi" => ((
  "socket" => "{work}/iipsrv.socket",
  "check-local" => "disable",
  "min-procs" => {processes},
  "max-procs" => {processes},
  "bin-path" => "/usr/lib/iipimage-server/iipsrv.fcgi",
  "bin-environment" => (
    "LOGFILE" => "{work}/logs/iipsrv.log",
    "VERBOSITY" => "0",
    "MAX_IMAGE_CACHE_SIZE" => "256",
    "FILESYSTEM_PREFIX" => "{work}/",
    "JPEG_QUALITY" => "90",
    "MAX_CVT" => "5000",
    "CORS" => "*"
  )
)))
""")
    return config


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=10_000)
    parser.add_argument("--height", type=int, default=8_000)
    parser.add_argument("--workers", type=int, default=4, help="application server workers and IIPImage processes")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=8, help="seconds of load per case and round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of all cases; each case keeps its best")
    parser.add_argument("--builds", type=int, default=2, help="runs of each pyramid build; each keeps its best")
    parser.add_argument("--skip-100mp", action="store_true", help="skip the 100-megapixel memory check")
    parser.add_argument("--skip-tiles", action="store_true", help="measure regions and pyramids only, not tiles")
    parser.add_argument("--keep", action="store_true", help="keep the working folder")
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="caravanserai-bench-"))
    (work / "logs").mkdir()
    services = Services(work / "logs")
    python = sys.executable
    try:
        print(f"working in {work}", file=sys.stderr)
        source = work / "source.jpg"
        subprocess.run([python, "-c", GENERATE, str(options.width), str(options.height), str(source)], check=True)

        # (e) pyramid builds
        loads = [os.getloadavg()]
        data_dir = work / "data"
        store_root = data_dir / "images"
        image_id, ours_time, ours_peak, dz_time, dz_peak = builds(python, source, work, store_root, options.builds)
        subprocess.run(["vips", "tiffsave", str(source), str(work / "pyramid.tif"), "--tile", "--pyramid",
                        "--compression", "jpeg", "--Q", "90", "--tile-width", "512", "--tile-height", "512"],
                       check=True)
        big = None
        if not options.skip_100mp:
            big_source = work / "source-100mp.jpg"
            subprocess.run([python, "-c", GENERATE, "10000", "10000", str(big_source)], check=True)
            _, *big = builds(python, big_source, work, work / "big-store", options.builds)
            shutil.rmtree(work / "big-store")
            big_source.unlink()

        grid = TileGrid(options.width, options.height, 512)
        tiles = tile_requests(grid)
        ours_tiles = [viewer_tile_path(image_id, name) for *_, name in tiles]
        iip_tiles = [f"/fcgi-bin/iipsrv.fcgi?IIIF=pyramid.tif/{x},{y},{w},{h}/{sw},/0/default.jpg"
                     for x, y, w, h, sw, sh, _ in tiles]
        static_tiles = [f"/files/images/{image_id[:2]}/{image_id}/{name}" for *_, name in tiles]
        regions = arbitrary_regions(options.width, options.height, 20_000)
        ours_regions = [f"/iiif/3/{image_id}/{x},{y},{w},{h}/{sw},/0/default.jpg" for x, y, w, h, sw in regions]
        iip_regions = [f"/fcgi-bin/iipsrv.fcgi?IIIF=pyramid.tif/{x},{y},{w},{h}/{sw},/0/default.jpg"
                       for x, y, w, h, sw in regions]

        environment = {**os.environ, "DATA_DIR": str(data_dir), "SYNC_ON_START": "false",
                       "SEARCH_BACKEND": "embedded", "PYTHONPATH": str(REPO)}
        subprocess.run([python, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=REPO, env=environment,
                       check=True, capture_output=True)
        results: dict[str, Load] = {}
        notes = []

        def app_server(port: int, accel: bool) -> subprocess.Popen:
            env = {**environment, "ACCEL_REDIRECT_PREFIX": "/_store/" if accel else ""}
            return services.start(
                "granian-accel" if accel else "granian",
                [python, "-m", "granian", "--interface", "wsgi", "--workers", str(options.workers),
                 "--blocking-threads", "4", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
                 "wsgi:app"],
                f"http://127.0.0.1:{port}/healthz", cwd=REPO, env=env)

        # All servers run side by side (an idle one costs nothing); the cases then take turns for
        # several rounds and each keeps its best round, so that other load on the machine at one
        # moment does not decide a ratio.
        plain_port, app_port = free_port(), free_port()
        site_port, accel_port, static_port, iip_port = free_port(), free_port(), free_port(), free_port()
        servers = {plain_port: app_server(plain_port, accel=False)}
        app_server(app_port, accel=True)
        config = nginx_config(work, store_root, site_port, accel_port, app_port, static_port)
        services.start("nginx", ["nginx", "-c", str(config)], f"http://127.0.0.1:{accel_port}/healthz")
        servers[iip_port] = services.start(
            "lighttpd", ["lighttpd", "-D", "-f", str(lighttpd_config(work, iip_port, options.workers))],
            f"http://127.0.0.1:{iip_port}{iip_tiles[0]}")
        first_tile_size = tiles[0][4:6]
        for name, port in (("X-Accel-Redirect", accel_port), ("the nginx tile location", site_port)):
            headers = check_jpeg(f"http://127.0.0.1:{port}{ours_tiles[0]}", name, first_tile_size)
            expected = ("Link", "Access-Control-Allow-Origin", "Cache-Control", "ETag", "Last-Modified")
            kept = [header for header in expected if header in headers]
            notes.append(f"headers of a tile through {name}: {', '.join(kept)}")
        cases = {
            "ours_tiles": (plain_port, ours_tiles, options.connections),
            "ours_accel_tiles": (accel_port, ours_tiles, options.connections),
            "ours_site_tiles": (site_port, ours_tiles, options.connections),
            "nginx_static_tiles": (static_port, static_tiles, options.connections),
            "iip_tiles": (iip_port, iip_tiles, options.connections),
            "ours_regions": (plain_port, ours_regions, 4),
            "iip_regions": (iip_port, iip_regions, 4),
        }
        if options.skip_tiles:
            cases = {name: case for name, case in cases.items() if "regions" in name}
        for name, (port, paths, _) in cases.items():
            check_jpeg(f"http://127.0.0.1:{port}{paths[-1]}", name, None if "regions" in name else tiles[-1][4:6])
        slice_size = len(regions) // options.rounds
        cpu_per_request: dict[str, float] = {}  # regions: the least of the rounds, in ms
        for round_number in range(options.rounds):
            for name, (port, paths, connections) in cases.items():
                base = f"http://127.0.0.1:{port}"
                if "regions" in name:  # a fresh slice each round: every region is asked for the first time
                    paths = paths[round_number * slice_size:(round_number + 1) * slice_size]
                else:
                    wrk(base, paths[:200], work, name + "-warm", 2, connections)
                cpu_before = session_cpu_seconds(servers[port]) if "regions" in name else 0
                load = wrk(base, paths, work, name, options.duration, connections)
                if "regions" in name and load.requests:
                    cpu = (session_cpu_seconds(servers[port]) - cpu_before) * 1000 / load.requests
                    cpu_per_request[name] = min(cpu, cpu_per_request.get(name, cpu))
                if name not in results or load.requests_per_second > results[name].requests_per_second:
                    results[name] = load
                print(f"  round {round_number + 1}, {name}: {load.requests_per_second:.0f} req/s", file=sys.stderr)

        loads.append(os.getloadavg())
        if "ours_regions" in cpu_per_request:
            ours, theirs = cpu_per_request["ours_regions"], cpu_per_request["iip_regions"]
            notes.append(f"uncached regions, server CPU per request (least of the rounds): ours {ours:.1f} ms, "
                         f"IIPImage {theirs:.1f} ms: {theirs / ours:.2f}x IIPImage's requests per CPU second")
        print_table(options, grid, len(tiles), results, (ours_time, ours_peak, dz_time, dz_peak), big, notes, loads)
        return 0
    finally:
        services.stop_all()
        if options.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def builds(python: str, source: Path, work: Path, store_root: Path, runs: int):
    """(image id, our best seconds, our peak bytes, vips' best seconds, vips' peak bytes): each
    build run `runs` times, ours and vips' in turns, each into a fresh folder."""
    ours, theirs = [], []
    for run in range(runs):
        shutil.rmtree(store_root, ignore_errors=True)
        seconds, peak, out = run_measured([python, "-c", INGEST, str(store_root), str(source)], cwd=REPO)
        ours.append((seconds, peak))
        shutil.rmtree(work / "dz", ignore_errors=True)
        theirs.append(run_measured(
            ["vips", "dzsave", str(source), str(work / "dz"), "--layout", "iiif3", "--tile-size", "512",
             "--overlap", "0", "--suffix", ".jpg[Q=90]"])[:2])
        print(f"  build {run + 1} of {source.name}: ours {seconds:.2f} s {peak / 2**20:.0f} MiB, vips "
              f"{theirs[-1][0]:.2f} s {theirs[-1][1] / 2**20:.0f} MiB, load {os.getloadavg()[0]:.1f}", file=sys.stderr)
    shutil.rmtree(work / "dz", ignore_errors=True)
    return (out.strip().splitlines()[-1], min(t for t, _ in ours), max(p for _, p in ours),
            min(t for t, _ in theirs), max(p for _, p in theirs))


def print_table(options, grid, tile_count, results, build, big, notes, loads) -> None:
    def row(label, load: Load, ratio: str = "") -> str:
        errors = f" ({load.errors} errors)" if load.errors else ""
        return (f"| {label:<44} | {load.requests_per_second:>8.0f} | {load.p50_ms:>7.1f} | {load.p95_ms:>7.1f} | "
                f"{ratio:<32} |{errors}")

    def times(ours: str, peer: str) -> str:
        value = results[ours].requests_per_second / max(results[peer].requests_per_second, 1e-9)
        return f"{value:.2f}x"

    print()
    print(f"Image API benchmark: {options.width} x {options.height} image, {tile_count} tiles of 512 px at scale "
          f"factors {list(grid.scale_factors)}; {options.workers} granian workers / IIPImage processes; "
          f"wrk, {options.connections} connections (4 for regions), best of {options.rounds} rounds of "
          f"{options.duration} s per case; pyramid builds best of {options.builds}; "
          f"{os.cpu_count()} CPUs")
    print("load average (1, 5, 15 min) at the start: {:.1f} {:.1f} {:.1f}; at the end: {:.1f} {:.1f} {:.1f}".format(
        *loads[0], *loads[-1]))
    print()
    print(f"| {'case':<44} | {'req/s':>8} | {'p50 ms':>7} | {'p95 ms':>7} | {'ratio':<32} |")
    print(f"|{'-' * 46}|{'-' * 10}|{'-' * 9}|{'-' * 9}|{'-' * 34}|")
    if "ours_tiles" in results:
        print(row("(a) tiles: ours, granian alone", results["ours_tiles"],
                  f"{times('ours_tiles', 'iip_tiles')} IIPImage (target 0.5)"))
        print(row("(a) tiles: ours, nginx + X-Accel-Redirect", results["ours_accel_tiles"],
                  f"{times('ours_accel_tiles', 'nginx_static_tiles')} nginx static (target 0.8)"))
        print(row("(a) tiles: ours, production nginx site", results["ours_site_tiles"],
                  f"{times('ours_site_tiles', 'nginx_static_tiles')} nginx static"))
        print(row("(b) tiles: IIPImage, lighttpd FastCGI", results["iip_tiles"]))
        print(row("(c) tiles: nginx static files", results["nginx_static_tiles"]))
    print(row("(d) uncached regions: ours, granian", results["ours_regions"],
              f"{times('ours_regions', 'iip_regions')} IIPImage (target 1.5)"))
    print(row("(d) uncached regions: IIPImage", results["iip_regions"]))
    print()
    ours_time, ours_peak, dz_time, dz_peak = build
    mib = 1024 * 1024
    print(f"| {'pyramid build':<44} | {'seconds':>8} | {'peak MiB':>8} | {'ratio':<30} |")
    print(f"|{'-' * 46}|{'-' * 10}|{'-' * 10}|{'-' * 32}|")
    def ratios(ours_seconds, ours_bytes, their_seconds, their_bytes) -> str:
        return (f"{ours_seconds / their_seconds:.2f}x time, {ours_bytes / their_bytes:.2f}x memory "
                f"(targets 1.0, 1.5)")

    print(f"| {f'ours, {options.width} x {options.height}':<44} | {ours_time:>8.2f} | {ours_peak / mib:>8.0f} | "
          f"{ratios(*build):<30} |")
    print(f"| {'vips dzsave, same image':<44} | {dz_time:>8.2f} | {dz_peak / mib:>8.0f} | {'':<30} |")
    if big:
        big_time, big_peak, big_dz_time, big_dz_peak = big
        print(f"| {'ours, 10000 x 10000 (100 MP)':<44} | {big_time:>8.2f} | {big_peak / mib:>8.0f} | "
              f"{ratios(*big):<30} |")
        print(f"| {'vips dzsave, 100 MP':<44} | {big_dz_time:>8.2f} | {big_dz_peak / mib:>8.0f} | {'':<30} |")
    for note in notes:
        print(f"\n{note}")


if __name__ == "__main__":
    sys.exit(main())
