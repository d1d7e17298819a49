"""The production deployment rehearsed on one machine by scripts/cluster.sh: nginx in front of two
application servers, one worker, PostgreSQL, three Elasticsearch nodes (one replica) and an S3
server. What one server writes the other reads; and while readers and writers keep nginx busy,
an Elasticsearch node, an application server and the worker (in the middle of a tile pyramid)
are killed with SIGKILL: no read through nginx fails, search keeps answering, no acknowledged
write is lost, and the pyramid is derived once a worker runs again. A rebuild of the index swaps
the new one in only once its replica is copied.

It starts a dozen processes and takes minutes, so it runs where the servers it needs are
expected (scripts/test.sh, which then makes a missing piece a failure) or when asked for with
CARAVANSERAI_CLUSTER_TEST=1; its counts go to test-artifacts/cluster.json."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from PIL import Image
from sqlalchemy import create_engine, text

from search.elastic import ElasticsearchBackend
from search.indexing import reindex
from tests.conftest import REPO, image_bytes, machine_lock, unused_port, wait_until
from tests.search.records import collection
from tests.test_serving import OBJECT

REQUIRED = all(os.environ.get(f"CARAVANSERAI_REQUIRE_{name}") == "1" for name in ("ELASTICSEARCH", "POSTGRES", "S3"))
ASKED = os.environ.get("CARAVANSERAI_CLUSTER_TEST") == "1"
ARTIFACTS = REPO / "test-artifacts"
# Ports of the test's own, beside the suite's servers (9250, 5433, 8350) and a developer's.
ES_PORTS = (9271, 9272, 9273)
PG_PORT = 5451
S3_PORT = 8520

pytestmark = [
    pytest.mark.timeout(1200),
    pytest.mark.skipif(not (REQUIRED or ASKED), reason="the cluster rehearsal runs under scripts/test.sh "
                       "(or with CARAVANSERAI_CLUSTER_TEST=1)"),
]


@dataclass
class Cluster:
    environment: dict
    front: str
    apps: list[str]
    database_url: str
    up_seconds: float
    state: Path
    museum: dict = field(default_factory=dict)

    def script(self, *arguments: str, timeout: float = 900) -> str:
        done = subprocess.run([str(REPO / "scripts" / "cluster.sh"), *arguments], env=self.environment,
                              capture_output=True, text=True, timeout=timeout)
        assert done.returncode == 0, f"cluster.sh {' '.join(arguments)}:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def pid(self, part: str) -> int:
        return int(self.script("pid", part).strip())

    def query(self, sql: str, **parameters):
        engine = create_engine(self.database_url)
        try:
            with engine.connect() as connection:
                return connection.execute(text(sql), parameters).all()
        finally:
            engine.dispose()

    def settings(self) -> dict[str, str]:
        return dict(line.split("=", 1) for line in self.script("env").splitlines() if "=" in line)

    def stored(self, key: str) -> bool:
        """Whether the bucket holds the object key (under the images' storage)."""
        import boto3
        from botocore.exceptions import ClientError

        settings = self.settings()
        endpoint = settings["STORAGE_URL"].split("endpoint=", 1)[1]
        s3 = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=settings["AWS_ACCESS_KEY_ID"],
                          aws_secret_access_key=settings["AWS_SECRET_ACCESS_KEY"], region_name="us-east-1")
        try:
            s3.head_object(Bucket="caravanserai", Key=f"images/{key}")
            return True
        except ClientError:
            return False


def kill(pid: int, group: bool) -> None:
    """SIGKILL to a process (and its group), then wait until it is gone."""
    (os.killpg if group else os.kill)(pid, signal.SIGKILL)
    wait_until(lambda: not Path(f"/proc/{pid}").exists(), 60, f"process {pid} outlived SIGKILL")


def resident_mb(pid: int, group: bool) -> int:
    """Resident memory of a process, or of its process group, in MB."""
    listed = subprocess.run(["ps", "-o", "rss=", "-g" if group else "-p", str(pid)], capture_output=True, text=True)
    return sum(int(line) for line in listed.stdout.split()) // 1024


def check_prerequisites() -> None:
    missing = [what for what, there in (
        ("root (PostgreSQL's cluster tools)", os.geteuid() == 0),
        ("nginx", shutil.which("nginx") or os.path.exists("/usr/sbin/nginx")),
        ("PostgreSQL", shutil.which("pg_ctlcluster")),
    ) if not there]
    if missing:
        message = "the cluster rehearsal needs " + ", ".join(missing)
        pytest.fail(message) if REQUIRED else pytest.skip(message)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> Cluster:
    check_prerequisites()
    state = tmp_path_factory.mktemp("cluster")
    apps = [unused_port(), unused_port()]
    nginx = unused_port()
    environment = {
        **os.environ, "PYTHON": sys.executable, "CLUSTER_DIR": str(state),
        "CLUSTER_ES_PORTS": " ".join(map(str, ES_PORTS)), "CLUSTER_PG_PORT": str(PG_PORT),
        "CLUSTER_S3_PORT": str(S3_PORT), "CLUSTER_APP_PORTS": " ".join(map(str, apps)),
        "CLUSTER_NGINX_PORT": str(nginx),
        # A killed worker's pyramid is handed on after 20 s rather than 5 minutes, by a sweep
        # every 2 s; a delivery that found search unavailable is tried again after 2 s.
        "CLUSTER_APP_ENV": "DERIVATION_LEASE_SECONDS=20\nSWEEP_SECONDS=2\nSEARCH_RETRY_SECONDS=2",
    }
    # The variables of the suite's own servers are not the cluster's.
    for name in ("ES_PORT", "PG_PORT", "S3_PORT", "ES_INSTANCE_DIR", "SEAWEEDFS_INSTANCE_DIR", "DATABASE_URL"):
        environment.pop(name, None)
    with machine_lock("cluster"):
        made = Cluster(environment, f"http://127.0.0.1:{nginx}", [f"http://127.0.0.1:{port}" for port in apps],
                       "", 0.0, state)
        made.script("purge")  # what a run that was itself killed left
        started = time.monotonic()
        try:
            print(made.script("up"), end="")
            made.up_seconds = round(time.monotonic() - started, 1)
            made.database_url = made.settings()["DATABASE_URL"]
            yield made
        finally:
            logs = ARTIFACTS / "cluster-logs"
            shutil.rmtree(logs, ignore_errors=True)
            if (state / "logs").is_dir():
                shutil.copytree(state / "logs", logs)
            made.script("purge")


@pytest.fixture(scope="module")
def museum(cluster) -> dict:
    """Museum nmc, a contributor's header, and an object with a small image, uploaded through the
    first application server (its pyramid made in the request)."""
    cluster.script("flask", "museums", "create", "--slug", "nmc", "--name", "National Museum of China",
                   "--country", "CN")
    token = cluster.script("flask", "tokens", "create", "--role", "contributor", "--museum", "nmc").split()[-1]
    contributor = {"Authorization": f"Bearer {token}"}
    first = cluster.apps[0]
    stored = requests.put(f"{first}/api/v1/museums/nmc/objects/C-1", json=OBJECT, headers=contributor, timeout=60)
    assert stored.status_code == 201, stored.text
    image = requests.post(f"{first}/api/v1/museums/nmc/objects/C-1/images", headers=contributor,
                          files={"file": ("jar.jpg", image_bytes(1200, 800), "image/jpeg")}, timeout=120)
    assert image.status_code == 201, image.text
    return {"contributor": contributor, "object": stored.json(), "info": image.json()["info"]}


def path_of(url: str) -> str:
    return urlsplit(url).path


def test_what_one_server_stores_the_other_and_nginx_serve(cluster, museum):
    image = path_of(museum["info"]).removesuffix("/info.json")
    manifest = path_of(museum["object"]["manifest"])
    for base in (cluster.apps[1], cluster.front):
        info = requests.get(f"{base}{image}/info.json", timeout=30)
        assert info.status_code == 200 and info.json()["width"] == 1200
        shown = requests.get(f"{base}{manifest}", timeout=30).json()
        assert shown["items"][0]["items"][0]["items"][0]["body"]["service"][0]["id"].endswith(image)
    # The second server names the stored tile for nginx to send; nginx sends it.
    tile = requests.get(f"{cluster.apps[1]}{image}/512,0,512,512/512,512/0/default.jpg", timeout=30)
    assert tile.status_code == 200 and tile.headers["X-Accel-Redirect"].endswith("/tiles/512,0,512,512_512,512.jpg")
    tile = requests.get(f"{cluster.front}{image}/512,0,512,512/512,512/0/default.jpg", timeout=30)
    assert tile.status_code == 200 and tile.headers["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(tile.content)).size == (512, 512)
    # Through nginx the tile came from the bucket, through its cache, not from an application.
    tile = requests.get(f"{cluster.front}{image}/512,0,512,512/512,512/0/default.jpg", timeout=30)
    assert tile.headers["X-Cache-Status"] == "HIT"

    def found() -> bool:  # once the worker has delivered the change to the index
        answer = requests.get(f"{cluster.apps[1]}/api/v1/search", params={"q": "青花"}, timeout=30)
        return answer.ok and museum["object"]["id"] in [item["id"] for item in answer.json()["items"]]

    wait_until(found, 120, "the object never became searchable through the second server")
    # One replica of the index, on another node than its primary: the cluster is green.
    health = requests.get(f"http://127.0.0.1:{ES_PORTS[0]}/_cluster/health", params={
        "wait_for_status": "green", "timeout": "60s"}, timeout=90).json()
    assert health["status"] == "green" and health["number_of_nodes"] == 3


def test_a_rebuild_swaps_its_index_in_once_its_replica_is_copied(cluster):
    """A rebuild fills its index without the replica, which is copied once it is full: the index is
    swapped in only when that copy is active, so from the first search on two copies answer."""
    backend = ElasticsearchBackend(url=cluster.settings()["ELASTICSEARCH_URL"], index="rebuild-rehearsal",
                                   replicas=1, timeout=60)
    at_swap = []
    swap = backend._swap

    def swap_looking_first(new: str, old: list[str]) -> None:
        at_swap.append(backend.client.cluster.health(index=new).body)
        swap(new, old)

    backend._swap = swap_looking_first
    try:
        backend.create_index()
        records = collection()
        reindex(records, len(records), backend)
        assert backend.count() == len(records)
    finally:
        backend.drop_index()
        backend.close()
    assert [(health["active_shards"], health["initializing_shards"], health["status"]) for health in at_swap] \
        == [(2, 0, "green")]


class Load:
    """Readers and writers through nginx, in threads, until stopped: every answer counted. Each
    reader sends about ten requests a second and the writer five writes, a steady load that
    leaves the two cores to the servers (unpaced, it slowed the restarts twofold)."""

    def __init__(self, front: str, reads: dict[str, str], contributor: dict, readers: int = 3):
        self.front, self.reads, self.contributor = front, reads, contributor
        self.requests: Counter = Counter()
        self.errors: list[str] = []
        self.acknowledged: dict[str, str] = {}  # accession -> object id
        self.write_errors: list[str] = []
        self.stopped = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.read, args=(n,), daemon=True) for n in range(readers)]
        self.threads.append(threading.Thread(target=self.write, daemon=True))
        for thread in self.threads:
            thread.start()

    def read(self, n: int) -> None:
        kinds = list(self.reads)
        session = requests.Session()
        turn = n
        while not self.stopped.is_set():
            kind = kinds[turn % len(kinds)]
            turn += 1
            try:
                answer = session.get(self.front + self.reads[kind], timeout=30)
                failed = None if answer.status_code == 200 else f"{kind}: {answer.status_code} {answer.text[:200]}"
            except requests.RequestException as error:
                failed = f"{kind}: {error}"
            with self.lock:
                self.requests[kind] += 1
                if failed:
                    self.errors.append(failed)
            self.stopped.wait(0.1)

    def write(self) -> None:
        session = requests.Session()
        n = 0
        while not self.stopped.is_set():
            n += 1
            accession = f"W-{n}"
            body = {**OBJECT, "title": {"en": [f"Rehearsal jar {n}"]}, "keywords": ["rehearsal"]}
            try:
                answer = session.put(f"{self.front}/api/v1/museums/nmc/objects/{accession}", json=body,
                                     headers=self.contributor, timeout=30)
                failed = None if answer.status_code in (200, 201) else f"{answer.status_code} {answer.text[:200]}"
            except requests.RequestException as error:
                failed = str(error)
            with self.lock:
                self.requests["write"] += 1
                if failed:
                    self.write_errors.append(f"{accession}: {failed}")
                else:
                    self.acknowledged[accession] = answer.json()["id"]
            self.stopped.wait(0.2)

    def count(self) -> int:
        with self.lock:
            return sum(self.requests.values())

    def searches(self) -> int:
        with self.lock:
            return self.requests["search"]

    def stop(self) -> None:
        self.stopped.set()
        for thread in self.threads:
            thread.join(timeout=60)


def test_killing_a_search_node_a_server_and_the_worker_loses_nothing(cluster, museum):
    contributor = museum["contributor"]
    image = path_of(museum["info"]).removesuffix("/info.json")
    load = Load(cluster.front, {
        "tile": f"{image}/0,0,512,512/512,512/0/default.jpg",
        "manifest": path_of(museum["object"]["manifest"]),
        "search": "/api/v1/search?q=jar",
        "info": f"{image}/info.json",
    }, contributor)
    shards = requests.get(f"http://127.0.0.1:{ES_PORTS[0]}/_cat/shards/caravanserai-objects",
                          params={"format": "json"}, timeout=30).json()
    primary = next(s["node"] for s in shards if s["prirep"] == "p")
    search_node = f"es-{ES_PORTS.index(int(primary.removeprefix('es-'))) + 1}"
    pids = {part: cluster.pid(part) for part in ("worker", "app-1", "app-2", "es-1", "es-2", "es-3")}
    try:
        # A large image, whose pyramid the worker derives after the upload has been answered.
        first = cluster.apps[0]
        assert requests.put(f"{first}/api/v1/museums/nmc/objects/K-1", json=OBJECT, headers=contributor,
                            timeout=60).status_code == 201
        uploaded = requests.post(f"{first}/api/v1/museums/nmc/objects/K-1/images", headers=contributor,
                                 files={"file": ("big.jpg", image_bytes(8000, 6000), "image/jpeg")}, timeout=300)
        assert uploaded.status_code == 201, uploaded.text
        big = path_of(uploaded.json()["info"]).removesuffix("/info.json")
        big_id = big.rsplit("/", 1)[1]

        def derivation() -> tuple | None:
            rows = cluster.query("SELECT claimed_until, attempts FROM image_derivations WHERE image_id = :id",
                                 id=big_id)
            return tuple(rows[0]) if rows else None

        # The worker has claimed the pyramid: it is being derived now.
        wait_until(lambda: (derivation() or (None,))[0] is not None, 120, "the worker never took up the pyramid")
        resident = {"worker (deriving)": resident_mb(pids["worker"], group=True),
                    "application server": resident_mb(pids["app-1"], group=True),
                    "elasticsearch node": resident_mb(pids["es-1"], group=False)}
        # SIGKILL: the worker mid-pyramid, the node holding the index's primary, a web server.
        kill(pids["worker"], group=True)
        kill(pids[search_node], group=False)
        kill(pids["app-2"], group=True)
        killed_at = (load.count(), load.searches())
        assert derivation() is not None, "the pyramid was finished before its worker was killed"
        # While those three are down, the load goes on: a few hundred requests, searches among them.
        wait_until(lambda: load.count() >= killed_at[0] + 300 and load.searches() >= killed_at[1] + 50, 300,
                   "the load stalled while the parts were down")
        status = subprocess.run([str(REPO / "scripts" / "cluster.sh"), "status"], env=cluster.environment,
                                capture_output=True, text=True, timeout=120)
        assert status.returncode == 3
        assert {"worker: not running", "app-2: not running"} <= set(status.stdout.replace("cluster: ", "").splitlines())
        during = {"requests": load.count() - killed_at[0], "searches": load.searches() - killed_at[1],
                  "errors": len(load.errors)}

        # systemd would start them again: `up` starts what does not run.
        restarted = time.monotonic()
        print(cluster.script("up"), end="")
        restart_seconds = round(time.monotonic() - restarted, 1)
        # The interrupted pyramid is derived again, by the new worker, once its claim has run out.
        wait_until(lambda: derivation() is None, 300, "the interrupted pyramid was never derived")
        info = requests.get(f"{cluster.front}{big}/info.json", timeout=30).json()
        assert (info["width"], info["height"]) == (8000, 6000)
        assert cluster.stored(f"images/{big_id[:2]}/{big_id}/tiles/0,0,512,512_512,512.jpg")
        tile = requests.get(f"{cluster.front}{big}/0,0,512,512/512,512/0/default.jpg", timeout=30)
        assert tile.status_code == 200 and Image.open(io.BytesIO(tile.content)).size == (512, 512)
        after = load.count()
        wait_until(lambda: load.count() >= after + 100, 120, "the load stalled after the restart")
    finally:
        load.stop()

    # Every acknowledged write is in the database, and in the index once the worker caught up.
    written = load.acknowledged
    rows = cluster.query("SELECT id FROM objects WHERE accession LIKE 'W-%'")
    in_database = {row[0] for row in rows}
    missing_in_database = set(written.values()) - in_database

    def indexed() -> set[str]:
        found, page = set(), 1
        while True:
            answer = requests.get(f"{cluster.front}/api/v1/search", params={
                "q": "rehearsal", "size": 100, "page": page}, timeout=30).json()
            found |= {item["id"] for item in answer["items"]}
            if page * 100 >= answer["total"]:
                return found
            page += 1

    wait_until(lambda: set(written.values()) <= indexed(), 180, "acknowledged writes never became searchable")
    counts = {
        "up_seconds": cluster.up_seconds,
        "restart_seconds": restart_seconds,
        "resident_mb": resident,
        "killed": ["worker (deriving a pyramid)", f"{search_node} (the index's primary)", "app-2"],
        "requests": dict(load.requests),
        "read_errors": len(load.errors),
        "while_down": during,
        "writes_acknowledged": len(written),
        "write_errors": len(load.write_errors),
        "writes_checked_in_database": len(written) - len(missing_in_database),
        "writes_found_in_search": len(written),
    }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "cluster.json").write_text(json.dumps(counts, indent=2) + "\n")
    print("\ncluster rehearsal:", json.dumps(counts))
    assert load.errors == [], load.errors[:10]
    assert load.write_errors == [], load.write_errors[:10]
    assert not missing_in_database
