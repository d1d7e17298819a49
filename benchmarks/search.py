"""Search benchmark: our API next to Elasticsearch asked directly, and the embedded backend.

On N synthetic objects (100,000 by default; a fixed seed, so every run indexes the same ones)
it measures, in one run:
  (a) bulk indexing into Elasticsearch through our backend (a rebuild: documents built by
      search.documents, sent with the bulk helper, alias swapped), in documents per second;
  (b) the latency (p50, p95) of a realistic query mix through our API (`GET /api/v1/search`,
      served over HTTP by granian, the server `make run` uses) next to the same queries sent
      straight to Elasticsearch (the request body our backend builds, POSTed to
      `/<alias>/_search`), and their ratio;
      also `backend.search()` called in process, which separates the search package's own
      cost (client, response shaping) from the web stack's (WSGI server, Flask, one more hop),
      and a floor: the same queries through benchmarks/passthrough.py, the thinnest Python
      layer (same WSGI server, same request body, Elasticsearch's bytes handed back untouched);
  (c) an export of every hit (N of them) as JSON Lines through our API (`/api/v1/search/export`,
      streamed), in rows per second, with the API server's resident memory sampled throughout,
      next to the same point-in-time walk (search_after, pages of the same size) sent straight
      to Elasticsearch;
  (d) the embedded backend's latency for the same mix at 10,000 objects and at N, in process;
  (e) exploring in space and time: map clusters of the whole world (zoom 0-3) and of a
      city-sized box (0.3 x 0.2 degrees at zoom 12, where the objects come too), and timeline
      buckets per century, each sometimes narrowed by a material or a word: p50/p95 through the
      API next to the same requests sent straight to Elasticsearch (the clusters' aggregation,
      then the objects' request when few matched), and on the embedded backend at N in process.
      Elasticsearch's request cache answers a repeated aggregation (size 0) from memory, for
      both paths alike.
  (f) broad words, each in most objects ("camel" in 70%, "silk bowl" in a third), whose totals
      and facets count tens of thousands of hits: p50/p95 through the API next to the same
      requests sent straight to Elasticsearch, and on the embedded backend at N in process.
The embedded backend's maps, timelines and broad words are also given in CPU time per request
(this thread's), which a busy machine moves less than the wall time; the load average is printed.
Targets: API p50 at most 1.15x direct (maps and timelines 1.3x); embedded p95 under 100 ms at
100,000 objects, 50 ms for the broad words.

Elasticsearch is reached at ELASTICSEARCH_URL (default http://127.0.0.1:9200); when nothing
answers on this machine, scripts/elasticsearch.sh fetches and starts the local one (and leaves it
running). Run: .venv/bin/python -m benchmarks.search [--objects N] [--queries Q] [--index ALIAS] [--cases ...]
--cases picks parts of it (all by default): `--cases map,timeline` measures only (e)'s maps and
timelines, at N, through the API, straight and embedded (the indexing still runs: it fills them).
Every request loop is bounded in count; everything stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from pathlib import Path
from urllib.parse import urlencode, urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import requests  # noqa: E402

from exhibitions.vocabularies import object_terms, parse_query  # noqa: E402
from search.documents import build_document  # noqa: E402
from search.elastic import ElasticsearchBackend  # noqa: E402
from search.embedded import EmbeddedBackend  # noqa: E402
from search.geo import MAP_OBJECTS  # noqa: E402
from search.query import parse_map_args as parse_map_request  # noqa: E402
from search.query import parse_search_args as parse_search_request  # noqa: E402
from search.timeline import parse_timeline_args as parse_timeline_request  # noqa: E402


# Requests read as the API reads them: type and material filters as the index holds them (term ids).
def parse_search_args(args):
    return parse_query(args, "en", parse_search_request)


def parse_map_args(args):
    return parse_query(args, "en", parse_map_request)


def parse_timeline_args(args):
    return parse_query(args, "en", parse_timeline_request)

COUNTRIES = ["CN", "UZ", "KZ", "KG", "TJ", "TM", "IR", "AF", "PK", "IN", "TR", "AZ", "GE", "AM", "RU", "MN",
             "SY", "IQ", "JO", "LB", "EG", "IT", "GR", "FR", "DE", "GB", "LV", "LT", "PL", "UA", "KR", "JP",
             "VN", "TH", "ID", "MY", "SA", "OM", "YE", "US"]
CITIES = ["Samarqand", "Buxoro", "Xiʼan", "Dunhuang", "Kashgar", "Merv", "Herāt", "Balkh", "Tabrīz", "İstanbul",
          "Antakya", "Palmyra", "Damascus", "Baghdād", "Isfahān", "Nishapur", "Turpan", "Khotan", "Almaty",
          "Rundāle", "Kraków", "Venezia", "Aleppo", "Bukhara", "Khiva", "Tashkent", "Urumqi", "Lanzhou"]
TYPES = ["vessel", "bowl", "plate", "jar", "vase", "figurine", "textile", "coin", "mirror", "manuscript",
         "painting", "sculpture", "seal", "lamp", "tile", "box", "sword", "dagger", "helmet", "saddle",
         "jewellery", "ring", "earring", "belt", "cup", "ewer", "incense burner", "astrolabe", "map", "carpet"]
MATERIALS = ["porcelain", "stoneware", "earthenware", "bronze", "gold", "silver", "copper", "iron", "jade",
             "glass", "silk", "wool", "cotton", "paper", "parchment", "wood", "ivory", "bone", "lacquer",
             "lapis lazuli", "turquoise", "carnelian", "pearl", "leather", "felt", "marble", "limestone",
             "sandstone", "terracotta", "enamel", "cobalt", "gilt", "shell", "amber", "coral", "horn",
             "bamboo", "birch bark", "clay", "tin"]
ADJECTIVES = ["blue-and-white", "gilded", "painted", "carved", "inlaid", "glazed", "embroidered", "woven",
              "engraved", "incised", "lustre", "polychrome", "miniature", "ceremonial", "funerary", "royal",
              "nomadic", "Sogdian", "Bactrian", "Parthian", "Sasanian", "Tang", "Yuan", "Ming", "Timurid",
              "Seljuk", "Byzantine", "Kushan", "Uyghur", "Mongol", "Safavid", "Ottoman", "Khwarazmian"]
CJK_WORDS = ["青花", "瓷", "罐", "青铜", "镜", "丝绸", "金", "币", "陶", "俑", "骆驼", "马", "佛", "经",
             "壁画", "玉", "碗", "盘", "瓶", "剑", "织锦", "唐", "元", "明", "敦煌", "长安", "西域"]
FILLER = ("the a of with from and in on for by at to an as decorated found made used shows traded along "
          "route caravan market oasis city desert mountain river palace temple tomb merchant pilgrim "
          "workshop court dynasty period style pattern motif flower bird dragon phoenix lotus cloud "
          "horse rider hunter musician dancer king queen prince saint script inscription border").split()


def image(image_id: str) -> dict:
    service = f"/iiif/3/{image_id}"
    return {"id": image_id, "width": 4000, "height": 3000, "service": service, "info": f"{service}/info.json",
            "thumbnail": f"{service}/full/400,/0/default.jpg"}


# Words real collections use everywhere ("bowl", "silk", "fragment"): each description has each
# of them at this rate, so that a search for one matches most objects and its facets count tens
# of thousands of hits. Drawn from a stream of their own, so the rest of the data stays as it was.
BROAD = {"camel": 0.7, "silk": 0.6, "bowl": 0.6}


def synthetic_records(count: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    broad = random.Random(seed + 1)
    museums = []
    for i in range(166):
        city = rng.choice(CITIES)
        museums.append({"slug": f"m{i:03d}", "name": {"en": [f"Museum of {city} {i}"]},
                        "country": COUNTRIES[i % len(COUNTRIES)], "homepage": None, "logo": None})
    records = []
    for n in range(count):
        museum = museums[min(int(rng.paretovariate(1.2)) - 1, 165)] if rng.random() < 0.5 else rng.choice(museums)
        kind = rng.choice(TYPES)
        materials = rng.sample(MATERIALS, rng.choice((1, 1, 2, 3)))
        adjective = rng.choice(ADJECTIVES)
        city = rng.choice(CITIES)
        title = {"en": [f"{adjective.capitalize()} {materials[0]} {kind} from {city}"]}
        if rng.random() < 0.3:
            title["zh"] = ["".join(rng.sample(CJK_WORDS, rng.choice((2, 3, 4))))]
        words = [rng.choice(FILLER) for _ in range(rng.randint(15, 45))]
        words[rng.randrange(len(words))] = rng.choice(MATERIALS + TYPES + CITIES)
        words += [word for word, rate in BROAD.items() if broad.random() < rate]
        start = rng.choice((rng.randint(-3000, 0), rng.randint(-500, 1900), rng.randint(500, 1900)))
        date = None if rng.random() < 0.05 else {"display": str(start), "start": start,
                                                 "end": start + rng.choice((0, 10, 50, 100, 300))}
        records.append({
            "id": f"{museum['slug']}-{n:07d}",
            "accession": f"{museum['slug'].upper()}.{n}",
            "museum": museum,
            "title": title,
            "description": {"en": [" ".join(words).capitalize() + "."]},
            "creator": None,
            "culture": {"en": [adjective]} if rng.random() < 0.5 else None,
            "credit_line": None,
            "object_type": kind,
            "materials": materials,
            "techniques": [],
            "keywords": rng.sample(FILLER[20:], 2),
            "date": date,
            "place": {"name": city, "lat": 30 + rng.random() * 20, "lon": 40 + rng.random() * 80},
            "dimensions": None,
            "rights": "http://creativecommons.org/licenses/by/4.0/",
            "homepage": None,
            "images": [image(f"{rng.getrandbits(256):064x}")] if rng.random() < 0.8 else [],
            "manifest": f"/iiif/3/objects/{museum['slug']}-{n:07d}/manifest",
            "created": "2026-11-24T21:00:00Z",
            "modified": "2026-11-24T21:00:00Z",
        })
        # The vocabularies' terms, as exhibitions.objects.records.object_record adds them.
        records[-1]["terms"] = object_terms(records[-1])
    return records


# Broad searches: a word in most objects, two words each in most.
BROAD_QUERIES = ("camel", "silk bowl")
BROAD_CASE = "broad words (camel, silk bowl)"


def query_mix(count: int, seed: int = 11) -> list[dict]:
    """What researchers and curators ask: words, phrases, CJK, filters, date spans, sorts, pages."""
    rng = random.Random(seed)
    mix = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.30:
            args = {"q": rng.choice(MATERIALS + TYPES + CITIES + ADJECTIVES)}
        elif roll < 0.45:
            args = {"q": f"{rng.choice(ADJECTIVES)} {rng.choice(TYPES)}"}
        elif roll < 0.55:
            args = {"q": rng.choice(CJK_WORDS)}
        elif roll < 0.70:
            args = {"museum": [f"m{rng.randrange(166):03d}" for _ in range(rng.choice((1, 2)))]}
        elif roll < 0.85:
            args = {"q": rng.choice(MATERIALS), "country": rng.sample(COUNTRIES, 2),
                    "date_from": str(rng.randint(-1000, 500)), "date_to": str(rng.randint(600, 1500))}
        elif roll < 0.95:
            args = {"material": rng.choice(MATERIALS), "object_type": rng.choice(TYPES), "sort": "date"}
        else:
            args = {"sort": rng.choice(("-date", "title"))}
        if rng.random() < 0.2:
            args["page"] = str(rng.choice((2, 3)))
        mix.append(args)
    return mix


def exploration_mix(count: int, seed: int = 13) -> dict[str, tuple[str, list[dict]]]:
    """Map and timeline requests, and broad words: the name of each case, its API route and its
    arguments."""
    rng = random.Random(seed)

    def narrowing() -> dict:
        roll = rng.random()
        if roll < 0.4:
            return {}
        return {"material": rng.choice(MATERIALS)} if roll < 0.7 else {"q": rng.choice(MATERIALS + TYPES)}

    def city() -> dict:
        lat, lon = 30 + rng.random() * 20, 40 + rng.random() * 80
        return {"zoom": "12", "bbox": f"{lon - 0.15:.4f},{lat - 0.1:.4f},{lon + 0.15:.4f},{lat + 0.1:.4f}"}

    return {
        "map, the whole world": ("/api/v1/map", [{"zoom": str(rng.randint(0, 3)), **narrowing()}
                                                 for _ in range(count)]),
        "map, a city-sized box": ("/api/v1/map", [{**city(), **narrowing()} for _ in range(count)]),
        "timeline per century": ("/api/v1/timeline", [{"interval": "century", **narrowing()} for _ in range(count)]),
        BROAD_CASE: ("/api/v1/search", [{"q": BROAD_QUERIES[n % len(BROAD_QUERIES)],
                                         **({"page": "2"} if rng.random() < 0.2 else {})} for n in range(count)]),
    }


# The parts --cases picks: the query mix (b and d), the export (c), and (e)'s and (f)'s cases.
CASES = {"search": None, "export": None, "map": ("map, the whole world", "map, a city-sized box"),
         "timeline": ("timeline per century",), "broad": (BROAD_CASE,)}


def in_process(backend, route: str, args: dict):
    """The backend's own answer to a search, map or timeline request (what the API serializes)."""
    if route == "/api/v1/search":
        return lambda: backend.search(parse_search_args(args))
    if route == "/api/v1/map":
        return lambda: backend.map(*parse_map_args(args))
    return lambda: backend.timeline(*parse_timeline_args(args))


def straight_to_elasticsearch(post, backend: ElasticsearchBackend, route: str, args: dict):
    """The same requests our backend sends for a search, a map or a timeline, posted by the caller."""
    if route == "/api/v1/search":
        body = backend.search_body(parse_search_args(args))
        return lambda: post(body)
    if route == "/api/v1/timeline":
        body = backend.timeline_body(*parse_timeline_args(args))
        return lambda: post(body)
    body = backend.map_body(*parse_map_args(args))

    def clusters_then_objects():
        if post(body).json()["hits"]["total"]["value"] <= MAP_OBJECTS:
            post(backend.map_objects_body(body))

    return clusters_then_objects


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def timed_with_cpu(call) -> tuple[float, float]:
    """Milliseconds of wall time and of this thread's CPU time: on a busy machine the second
    says what a call costs, the first also how long it waited for a core."""
    start, cpu = time.perf_counter(), time.thread_time()
    call()
    return (time.perf_counter() - start) * 1000, (time.thread_time() - cpu) * 1000


def index_elasticsearch(backend: ElasticsearchBackend, documents: list[dict]) -> float:
    """Documents per second of a full rebuild (bulk writes, refresh, alias swap)."""
    start = time.perf_counter()
    handle = backend.begin_rebuild()
    for i in range(0, len(documents), 5000):
        backend.index(documents[i : i + 5000], rebuild=handle)
    backend.finish_rebuild(handle)
    return len(documents) / (time.perf_counter() - start)


def serve_api(url: str, alias: str, data_dir: str, target: str = "wsgi:app") -> tuple[subprocess.Popen, int]:
    port = free_port()
    environment = {**os.environ, "DATA_DIR": data_dir, "SEARCH_BACKEND": "elasticsearch",
                   "ELASTICSEARCH_URL": url, "ELASTICSEARCH_INDEX": alias, "SYNC_ON_START": "0"}
    # A database as `make run` leaves it: the app's once-a-minute checks then find their tables.
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=REPO, env=environment,
                   check=True, capture_output=True, timeout=300)
    granian = REPO / ".venv" / "bin" / "granian"
    # The app logs a line per request: into a file, never a pipe that nobody reads (it would fill).
    log = Path(data_dir) / f"server-{target.partition(':')[0]}.log"
    server = subprocess.Popen(
        [str(granian), "--interface", "wsgi", "--workers", "1", "--blocking-threads", "4", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", target],
        cwd=REPO, env=environment, stdout=subprocess.DEVNULL, stderr=log.open("wb"),
    )
    for _ in range(300):
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).ok:
                return server, port
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.1)
    server.kill()
    server.wait()
    raise SystemExit("the API server did not start: " + log.read_text()[-2000:])


def measure_api_and_direct(url: str, alias: str, backend: ElasticsearchBackend, mix: list[dict],
                           explore: dict[str, tuple[str, list[dict]]]) -> dict:
    data_dir = tempfile.mkdtemp(prefix="bench-search-app-")
    servers = [serve_api(url, alias, data_dir), serve_api(url, alias, data_dir, "benchmarks.passthrough:app")]
    (api_server, port), (_, floor_port) = servers
    worker = server_worker(api_server.pid)
    session = requests.Session()
    get = lambda path: session.get(path, timeout=60).raise_for_status()  # noqa: E731

    def post(body: dict) -> requests.Response:
        answer = session.post(f"{url}/{alias}/_search", json=body, timeout=60)
        answer.raise_for_status()
        return answer

    api, direct, package, floor = [], [], [], []
    exploration = {}
    try:
        queries = [parse_search_args(args) for args in mix]
        bodies = [backend.search_body(query) for query in queries]
        paths = [f"/api/v1/search?{urlencode(args, doseq=True)}" for args in mix]
        for path, body in zip(paths[:20], bodies[:20], strict=True):  # warm every path (no mix: none)
            get(f"http://127.0.0.1:{port}{path}")
            get(f"http://127.0.0.1:{floor_port}{path}")
            post(body)
        # The API worker's CPU time over the mix (it serves only the API's requests), and this
        # process's over the direct requests: what each path costs on the Python side.
        worker_cpu, direct_cpu = cpu_seconds(worker), [0.0]
        for n, (path, body, query) in enumerate(zip(paths, bodies, queries, strict=True)):
            # Each query once unmeasured, so that Elasticsearch's caches are as warm for every path,
            # then the paths in turns, each one first as often as the others.
            post(body)
            calls = [(api, lambda path=path: get(f"http://127.0.0.1:{port}{path}")),
                     (direct, with_cpu(lambda body=body: post(body), direct_cpu)),
                     (package, lambda query=query: backend.search(query)),
                     (floor, lambda path=path: get(f"http://127.0.0.1:{floor_port}{path}"))]
            turn = n % len(calls)
            for samples, call in calls[turn:] + calls[:turn]:
                samples.append(timed(call))
        cpu = {"api_worker_cpu_ms": (cpu_seconds(worker) - worker_cpu) * 1000 / max(1, len(mix)),
               "direct_client_cpu_ms": direct_cpu[0] * 1000 / max(1, len(mix))}
        for name, (route, cases) in explore.items():
            api_ms, direct_ms = [], []
            # CPU time as well as wall time: on a busy machine the wall time waits for a core too.
            worker_cpu, client_cpu = cpu_seconds(worker), [0.0]
            client_timed = partial(with_cpu, spent=client_cpu)
            for n, args in enumerate(cases):
                path = f"http://127.0.0.1:{port}{route}?{urlencode(args)}"
                straight = straight_to_elasticsearch(post, backend, route, args)
                straight()  # once unmeasured, as above
                calls = [(api_ms, lambda path=path: get(path)), (direct_ms, client_timed(straight))]
                for samples, call in calls[n % 2:] + calls[:n % 2]:
                    samples.append(timed(call))
            exploration[name] = {"api": percentiles(api_ms), "direct": percentiles(direct_ms),
                                 "api_worker_cpu_ms": (cpu_seconds(worker) - worker_cpu) * 1000 / len(cases),
                                 "direct_client_cpu_ms": client_cpu[0] * 1000 / len(cases)}
    finally:
        for server, _ in servers:
            server.terminate()
            server.wait(timeout=30)
    if not mix:
        return {"exploration": exploration}
    return {"api": percentiles(api), "direct": percentiles(direct), "package": percentiles(package),
            "floor": percentiles(floor), "exploration": exploration, **cpu}


def with_cpu(call, spent: list[float]):
    """The call, adding the CPU time this process spends in it to spent[0]."""
    def counted():
        start = time.process_time()
        call()
        spent[0] += time.process_time() - start
    return counted


def resident_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def cpu_seconds(pid: int) -> float:
    """The CPU time (user and system) a process has used so far."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_worker(master: int) -> int:
    with open(f"/proc/{master}/task/{master}/children") as children:
        return int(children.read().split()[0])


def measure_export(url: str, alias: str, backend: ElasticsearchBackend) -> dict:
    """Every hit through the API's streamed export, the worker's memory sampled every 20 ms,
    next to the same point-in-time walk sent straight to Elasticsearch."""
    data_dir = tempfile.mkdtemp(prefix="bench-search-export-")
    server, port = serve_api(url, alias, data_dir)
    worker = server_worker(server.pid)
    session = requests.Session()
    samples: list[int] = []
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            samples.append(resident_kib(worker))

    sampler = threading.Thread(target=sample)
    try:
        session.get(f"http://127.0.0.1:{port}/api/v1/search?q=silk", timeout=60).raise_for_status()
        before = resident_kib(worker)
        sampler.start()
        start = time.perf_counter()
        rows = size = 0
        with session.get(f"http://127.0.0.1:{port}/api/v1/search/export?format=jsonl", stream=True,
                         timeout=600) as answer:
            answer.raise_for_status()
            for line in answer.iter_lines():
                rows += 1
                size += len(line) + 1
        api_seconds = time.perf_counter() - start
    finally:
        done.set()
        if sampler.is_alive():
            sampler.join()
        server.terminate()
        server.wait(timeout=30)

    start = time.perf_counter()
    pit = session.post(f"{url}/{alias}/_pit?keep_alive=2m", timeout=60).json()["id"]
    direct_rows, search_after = 0, None
    everything = parse_search_args({})
    while True:
        body = backend.export_body(everything, pit, search_after)
        page = session.post(f"{url}/_search", json=body, timeout=60).json()
        pit, hits = page.get("pit_id", pit), page["hits"]["hits"]
        if not hits:
            break
        direct_rows += len(hits)
        search_after = hits[-1]["sort"]
    direct_seconds = time.perf_counter() - start
    session.delete(f"{url}/_pit", json={"id": pit}, timeout=60)
    return {"rows": rows, "bytes": size, "api_rows_per_s": rows / api_seconds,
            "direct_rows": direct_rows, "direct_rows_per_s": direct_rows / direct_seconds,
            "rss_before_kib": before, "rss_peak_kib": max(samples, default=before)}


def measure_embedded(documents: list[dict], mix: list[dict], workdir: str,
                     explore: dict[str, tuple[str, list[dict]]] | None = None) -> tuple[float, tuple, dict]:
    backend = EmbeddedBackend(Path(workdir) / f"embedded-{len(documents)}.db", index="bench")
    start = time.perf_counter()
    handle = backend.begin_rebuild()
    for i in range(0, len(documents), 5000):
        backend.index(documents[i : i + 5000], rebuild=handle)
    backend.finish_rebuild(handle)
    rate = len(documents) / (time.perf_counter() - start)
    queries = [parse_search_args(args) for args in mix]
    for query in queries[:20]:
        backend.search(query)
    latencies = [timed(lambda query=query: backend.search(query)) for query in queries]
    latency = percentiles(latencies) if latencies else None
    exploration = {}
    for name, (route, cases) in (explore or {}).items():
        calls = [in_process(backend, route, args) for args in cases]
        for call in calls[:5]:
            call()
        measured = [timed_with_cpu(call) for call in calls]
        exploration[name] = (*percentiles([wall for wall, _ in measured]), *percentiles([cpu for _, cpu in measured]))
    backend.close()
    return rate, latency, exploration


def start_local_elasticsearch(url: str) -> None:
    """No server answers: start the project's local one when the URL points at this machine."""
    parts = urlsplit(url)
    if parts.hostname not in ("127.0.0.1", "localhost"):
        return
    environment = {**os.environ, "ES_PORT": str(parts.port or 9200)}
    script = str(REPO / "scripts" / "elasticsearch.sh")
    for command in ("fetch", "start"):
        subprocess.run([script, command], env=environment, check=True, timeout=600)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objects", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--small", type=int, default=10_000, help="the smaller embedded size")
    parser.add_argument("--url", default=os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:9200"))
    parser.add_argument("--index", default="bench-search-objects",
                        help="the alias to fill (dropped first): one per benchmark running at once")
    parser.add_argument("--cases", default=",".join(CASES),
                        help=f"the parts to measure, comma-separated (default all): {', '.join(CASES)}")
    options = parser.parse_args()
    cases = [case.strip() for case in options.cases.split(",") if case.strip()]
    if not cases or set(cases) - set(CASES):
        parser.error(f"--cases takes some of {', '.join(CASES)}")

    print(f"generating {options.objects:,} synthetic objects ...", flush=True)
    records = synthetic_records(options.objects)
    start = time.perf_counter()
    documents = [build_document(r) for r in records]
    build_rate = len(documents) / (time.perf_counter() - start)
    mix = query_mix(options.queries) if "search" in cases else []
    picked = {name for case in cases for name in CASES[case] or ()}
    explore = {name: case for name, case in exploration_mix(options.queries // 2).items() if name in picked}

    alias = options.index
    backend = ElasticsearchBackend(url=options.url, index=alias, timeout=60)
    if not backend.health():
        start_local_elasticsearch(options.url)
    if not backend.health():
        raise SystemExit(f"no Elasticsearch at {options.url}: run scripts/elasticsearch.sh start")
    backend.drop_index()
    print("bulk indexing into Elasticsearch ...", flush=True)
    es_rate = index_elasticsearch(backend, documents)
    latency, export = {"exploration": {}}, None
    if mix or explore:
        print("queries through the API and straight to Elasticsearch ...", flush=True)
        latency = measure_api_and_direct(options.url, alias, backend, mix, explore)
    if "export" in cases:
        print(f"exporting all {options.objects:,} hits through the API and straight from Elasticsearch ...",
              flush=True)
        export = measure_export(options.url, alias, backend)
    backend.drop_index()
    backend.close()

    workdir = tempfile.mkdtemp(prefix="bench-search-")
    embedded = {}
    for size in dict.fromkeys((options.small, options.objects) if mix else (options.objects,)):
        if not mix and not explore:
            break
        print(f"embedded backend at {size:,} objects ...", flush=True)
        embedded[size] = measure_embedded(documents[:size], mix, workdir, explore if size == options.objects else None)

    rows = [
        ("document building (search.documents)", f"{build_rate:,.0f} docs/s", "", ""),
        (f"bulk indexing into Elasticsearch ({options.objects:,})", f"{es_rate:,.0f} docs/s", "", ""),
    ]
    if mix:
        rows += query_rows(latency)
    if export:
        rows += export_rows(export)
    for size, (rate, latencies, _) in embedded.items():
        if latencies is None:
            rows.append((f"embedded at {size:,}: indexing", f"{rate:,.0f} docs/s", "", ""))
            continue
        p50, p95 = latencies
        target = " (target p95 < 100 ms)" if size >= 100_000 else ""
        rows.append((f"embedded at {size:,}: indexing / p50 / p95", f"{rate:,.0f} docs/s", f"{p50:.1f} ms",
                     f"{p95:.1f} ms{target}"))
    for name, measured in latency["exploration"].items():
        (a50, a95), (d50, d95) = measured["api"], measured["direct"]
        rows.append((f"{name} p50: our API / direct", f"{a50:.1f} ms", f"{d50:.1f} ms",
                     f"{a50 / d50:.2f}x (target <= 1.3x)"))
        rows.append((f"{name} p95: our API / direct", f"{a95:.1f} ms", f"{d95:.1f} ms", f"{a95 / d95:.2f}x"))
        rows.append((f"{name}: CPU per request, API worker / direct's client",
                     f"{measured['api_worker_cpu_ms']:.2f} ms", f"{measured['direct_client_cpu_ms']:.2f} ms", ""))
        e50, e95, cpu50, cpu95 = embedded[options.objects][2][name]
        rows.append((f"{name}: embedded at {options.objects:,} p50 / p95", f"{e50:.1f} ms", f"{e95:.1f} ms",
                     "(target p95 <= 50 ms)" if name == BROAD_CASE else "(target p95 < 100 ms)"))
        rows.append((f"{name}: embedded at {options.objects:,} CPU p50 / p95", f"{cpu50:.1f} ms", f"{cpu95:.1f} ms",
                     ""))
    width = max(len(r[0]) for r in rows)
    print()
    print(f"Search benchmark: {options.objects:,} objects, {len(mix)} queries, cases {', '.join(cases)},"
          f" Elasticsearch at {options.url}, load average {' '.join(f'{n:.1f}' for n in os.getloadavg())}")
    for label, *values in rows:
        print(f"  {label:<{width}}  " + "  ".join(f"{v:>14}" for v in values if v).rstrip())
    out = REPO / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / "search.json").write_text(json.dumps({
        "objects": options.objects, "queries": len(mix), "cases": cases, "build_docs_per_s": build_rate,
        "elasticsearch_docs_per_s": es_rate, "api_ms": latency.get("api"), "direct_ms": latency.get("direct"),
        "backend_search_ms": latency.get("package"), "passthrough_floor_ms": latency.get("floor"),
        "api_worker_cpu_ms": latency.get("api_worker_cpu_ms"),
        "direct_client_cpu_ms": latency.get("direct_client_cpu_ms"),
        "export": export,
        "embedded": {str(k): {"docs_per_s": v[0], "p50_ms": v[1] and v[1][0], "p95_ms": v[1] and v[1][1],
                              "exploration_ms": v[2]}
                     for k, v in embedded.items()},
        "exploration_ms": latency["exploration"],
    }, indent=2))


def query_rows(latency: dict) -> list[tuple]:
    """The query mix's rows of the table: our API, Elasticsearch direct, in process, the floor."""
    api50, api95 = latency["api"]
    direct50, direct95 = latency["direct"]
    package50, package95 = latency["package"]
    floor50, floor95 = latency["floor"]
    rows = [
        ("query p50: our API / Elasticsearch direct", f"{api50:.1f} ms", f"{direct50:.1f} ms",
         f"{api50 / direct50:.2f}x (target <= 1.15x)"),
        ("query p95: our API / Elasticsearch direct", f"{api95:.1f} ms", f"{direct95:.1f} ms",
         f"{api95 / direct95:.2f}x"),
    ]
    rows.append(("query p50: our API's overhead over direct", f"{api50 - direct50:.1f} ms", "", ""))
    rows.append(("query: CPU per request, API worker / direct's client", f"{latency['api_worker_cpu_ms']:.2f} ms",
                 f"{latency['direct_client_cpu_ms']:.2f} ms", ""))
    rows.append(("query p50/p95: backend.search() in process", f"{package50:.1f} ms", f"{package95:.1f} ms",
                 f"{package50 / direct50:.2f}x direct at p50"))
    rows.append(("query p50/p95: pass-through floor (no Flask, no shaping)", f"{floor50:.1f} ms", f"{floor95:.1f} ms",
                 f"{floor50 / direct50:.2f}x direct at p50"))
    return rows


def export_rows(export: dict) -> list[tuple]:
    """The export's rows of the table: rows per second and the API worker's memory."""
    growth = (export["rss_peak_kib"] - export["rss_before_kib"]) / 1024
    rows = []
    rows.append((f"export of {export['rows']:,} hits as JSON Lines: our API / direct",
                 f"{export['api_rows_per_s']:,.0f} rows/s", f"{export['direct_rows_per_s']:,.0f} rows/s",
                 f"{export['api_rows_per_s'] / export['direct_rows_per_s']:.2f}x"))
    rows.append(("export: API worker memory, before / peak growth",
                 f"{export['rss_before_kib'] / 1024:.0f} MiB", f"+{growth:.1f} MiB",
                 f"for {export['bytes'] / 2**20:.0f} MiB exported"))
    return rows


if __name__ == "__main__":
    main()
