"""Tiles from each storage in one run: req/s of the ways a viewer's tiles can reach it.

  (a) nginx static files: the pyramid's files under a plain `location` with the site's tile
      headers, the floor;
  (b) the local-disk production path: scripts/nginx-site.conf, whose tile location sends the
      pyramid files without the application;
  (c) S3 through the production caching proxy: scripts/nginx-s3-site.conf, its cache warm;
  (d) the same site with its cache off: every tile read from the bucket;
  (e) the application's redirects to signed URLs (STORAGE_REDIRECT_SECONDS): the 302 answers
      through granian, and (f) the signed GETs a viewer then sends to the bucket itself.

The bucket is a SeaweedFS on the loopback (scripts/seaweedfs.sh, built on first use). The load
generator is wrk (`apt-get install wrk nginx`). Run: .venv/bin/python -m benchmarks.tile_storage
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from benchmarks.image_api import GENERATE, REPO, Services, check_jpeg, free_port, tile_requests, viewer_tile_path, wrk
from benchmarks.nginx import main_config, static_server
from iiif.image.store import ImageStore
from storage import open_storage

S3_PORT = 8633  # a SeaweedFS of the benchmark's own


def seaweedfs(command: str) -> str:
    return subprocess.run([str(REPO / "scripts" / "seaweedfs.sh"), command], check=True, capture_output=True,
                          text=True, env={**os.environ, "S3_PORT": str(S3_PORT), "PYTHON": sys.executable},
                          timeout=7200).stdout


def nginx_config(work: Path, image_dir: Path, storage_url: str, ports: dict[str, int], app_port: int) -> Path:
    """One nginx with the four nginx cases on their ports, each site from the project's files."""
    local = (REPO / "scripts" / "nginx-site.conf").read_text().replace("@IMAGE_DIR@", str(image_dir))
    local = local.replace("@LISTEN@", f"127.0.0.1:{ports['local']}").replace("@UPSTREAM@", f"127.0.0.1:{app_port}")
    local = local.replace("upstream caravanserai {", "upstream caravanserai_local {").replace(
        "http://caravanserai;", "http://caravanserai_local;")
    bucket = urlsplit(storage_url)
    endpoint = urlsplit(dict(part.split("=", 1) for part in bucket.query.split("&"))["endpoint"]).netloc
    s3 = (REPO / "scripts" / "nginx-s3-site.conf").read_text().replace("@S3@", endpoint)
    s3 = s3.replace("@STORE_PATH@", f"/{bucket.netloc}{bucket.path.rstrip('/')}/images")
    s3 = s3.replace("@UPSTREAM@", f"127.0.0.1:{app_port}").replace("@CACHE_DIR@", str(work / "tile-cache"))
    cached = s3.replace("@LISTEN@", f"127.0.0.1:{ports['s3_cached']}")
    # The same site without its cache: every name made its own so that both fit in one nginx.
    uncached = s3.replace("@LISTEN@", f"127.0.0.1:{ports['s3_uncached']}")
    uncached = uncached[uncached.index("upstream caravanserai {"):]
    uncached = uncached.replace("proxy_cache caravanserai_tiles;", "proxy_cache off;")
    for name in ("caravanserai_bucket", "caravanserai"):
        uncached = uncached.replace(f"upstream {name} {{", f"upstream {name}_uncached {{")
        uncached = uncached.replace(f"http://{name};", f"http://{name}_uncached;")
        uncached = uncached.replace(f"http://{name}$", f"http://{name}_uncached$")
    static = static_server(f"127.0.0.1:{ports['static']}", image_dir)
    return main_config(work / "nginx", local + cached + uncached + static, workers=2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=6_000)
    parser.add_argument("--height", type=int, default=4_000)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=8, help="seconds of load per case and round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of all cases; each case keeps its best")
    parser.add_argument("--workers", type=int, default=2, help="application server workers")
    parser.add_argument("--keep", action="store_true", help="keep the working folder (logs, configuration)")
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="caravanserai-tile-storage-"))
    (work / "logs").mkdir()
    services = Services(work / "logs")
    python = sys.executable
    seaweedfs("start")
    try:
        for line in seaweedfs("env").splitlines():
            name, _, value = line.partition("=")
            os.environ[name] = value
        storage_url = f"{seaweedfs('url').strip().replace('?', f'/bench-{uuid.uuid4().hex}?')}"
        source = work / "source.jpg"
        subprocess.run([python, "-c", GENERATE, str(options.width), str(options.height), str(source)], check=True)
        data_dir = work / "data"
        local = ImageStore(open_storage("", data_dir).child("images"), max_pixels=200_000_000)
        bucket = ImageStore(open_storage(storage_url, work).child("images"), max_pixels=200_000_000)
        with source.open("rb") as file:
            stored = local.ingest(file)
        with source.open("rb") as file:
            bucket.ingest(file)
        tiles = tile_requests(stored.grid)
        # A tile's file is named like its URL: tiles/<region>_<size>.jpg
        paths = [viewer_tile_path(stored.id, name) for *_, name in tiles]
        static = [f"/files/{local.image_key(stored.id)}/{name}" for *_, name in tiles]
        signed = []
        for *_, name in tiles:
            url = urlsplit(bucket.storage.signed_url(f"{bucket.image_key(stored.id)}/{name}", 3600))
            signed.append(f"{url.path}?{url.query}")

        # The application, for the redirect case (and as the sites' upstream, which tiles never reach).
        environment = {**os.environ, "DATA_DIR": str(data_dir), "SYNC_ON_START": "false", "SEARCH_BACKEND": "embedded",
                       "STORAGE_URL": storage_url, "STORAGE_REDIRECT_SECONDS": "3600", "PYTHONPATH": str(REPO)}
        subprocess.run([python, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=REPO, env=environment,
                       check=True, capture_output=True)
        app_port = free_port()
        services.start("granian", [python, "-m", "granian", "--interface", "wsgi", "--workers", str(options.workers),
                                   "--blocking-threads", "4", "--host", "127.0.0.1", "--port", str(app_port),
                                   "--log-level", "warning", "wsgi:app"],
                       f"http://127.0.0.1:{app_port}/healthz", cwd=REPO, env=environment)
        ports = {name: free_port() for name in ("static", "local", "s3_cached", "s3_uncached")}
        config = nginx_config(work, data_dir / "images", storage_url, ports, app_port)
        services.start("nginx", ["nginx", "-c", str(config)], f"http://127.0.0.1:{ports['local']}{paths[0]}")
        endpoint = urlsplit(dict(p.split("=", 1) for p in urlsplit(storage_url).query.split("&"))["endpoint"]).netloc
        cases = {
            "nginx static files": (ports["static"], static),
            "local disk, production site": (ports["local"], paths),
            "S3, caching proxy (warm)": (ports["s3_cached"], paths),
            "S3, proxy without cache": (ports["s3_uncached"], paths),
            "S3, redirect answers (302)": (app_port, paths),
            "S3, signed GETs to the bucket": (int(endpoint.rsplit(":", 1)[1]), signed),
        }
        for name, (port, case_paths) in cases.items():
            if "302" not in name:
                check_jpeg(f"http://127.0.0.1:{port}{case_paths[-1]}", name, tiles[-1][4:6])
        results = {}
        for round_number in range(options.rounds):
            for name, (port, case_paths) in cases.items():
                base = f"http://127.0.0.1:{port}"
                slug = "".join(c if c.isalnum() else "-" for c in name)
                wrk(base, case_paths, work, slug + "-warm", 2, options.connections)  # and fills the cache
                load = wrk(base, case_paths, work, slug, options.duration, options.connections)
                if name not in results or load.requests_per_second > results[name].requests_per_second:
                    results[name] = load
                print(f"  round {round_number + 1}, {name}: {load.requests_per_second:.0f} req/s", file=sys.stderr)
        floor = results["nginx static files"].requests_per_second
        print(f"\nTiles of a {options.width} x {options.height} image ({len(tiles)} tiles), wrk {options.connections} "
              f"connections, best of {options.rounds} rounds of {options.duration} s; load average "
              f"{os.getloadavg()[0]:.1f}\n")
        print("| path | req/s | p50 ms | p95 ms | errors | of static |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, load in results.items():
            print(f"| {name} | {load.requests_per_second:,.0f} | {load.p50_ms:.2f} | {load.p95_ms:.2f} | "
                  f"{load.errors} | {load.requests_per_second / floor:.2f} |")
        return 0
    finally:
        services.stop_all()
        seaweedfs("stop")
        if options.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
