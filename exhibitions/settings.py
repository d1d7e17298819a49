"""The platform's settings: every environment variable is read here, once, into one object."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("instance")
    database_url: str = ""  # empty: a SQLite file inside data_dir
    search_backend: str = "embedded"  # embedded | elasticsearch
    # One node's URL, or several separated by commas: a request that cannot reach one node is
    # sent to the next (a cluster keeps answering while a node is down).
    elasticsearch_url: str = "http://127.0.0.1:9200"
    elasticsearch_index: str = "caravanserai-objects"
    elasticsearch_timeout: float = 5.0
    # Copies of the index beside its primary: 0 on one node; 1 or more on a cluster of several
    # nodes, so that search keeps answering (and nothing indexed is lost) when a node stops. Set
    # when the index is made (a `search reindex` applies a change).
    elasticsearch_replicas: int = 0
    public_url: str = ""  # empty: IIIF identifiers follow the request's host
    secret_key: str = ""  # empty: one made once and kept in data_dir (see session_secret)
    max_image_pixels: int = 150_000_000
    max_upload_bytes: int = 200 * 1024 * 1024
    max_media_bytes: int = 500 * 1024 * 1024  # an audio or video file
    tile_size: int = 512
    image_cache_bytes: int = 2 * 1024**3
    accel_redirect_prefix: str = ""  # e.g. /_store/ to let nginx send stored files
    # Where images, pyramids, caches and import uploads are kept: empty for DATA_DIR, a local
    # directory (file:///srv/caravanserai), or an S3-compatible bucket
    # (s3://bucket/prefix?endpoint=https://host:port&region=...), credentials in the standard
    # AWS variables. Several web servers need a bucket or a shared filesystem (see the README).
    storage_url: str = ""
    # With a bucket: tiles and cached renderings answered with redirects to URLs signed for this
    # many seconds (0: sent by the application, or by nginx with ACCEL_REDIRECT_PREFIX).
    storage_redirect_seconds: int = 0
    # How many proxies in front set X-Forwarded-For/-Proto/-Host/-Port/-Prefix; 0 ignores those
    # headers, which any client could otherwise forge.
    trusted_proxies: int = 0
    allow_private_fetch: bool = False  # IIIF import may reach private/loopback hosts
    fetch_timeout: float = 10.0
    fetch_max_bytes: int = 5 * 1024 * 1024
    # A static image of an imported manifest (one without an image service) is copied within the
    # upload's limits (max_upload_bytes, max_image_pixels) and this many seconds.
    image_fetch_timeout: float = 60.0
    sync_on_start: bool = True
    # After the search backend was unavailable, a delivery of the outbox is tried again after this
    # many seconds, then after twice as long each time (the rows stay claimed meanwhile).
    search_retry_seconds: float = 30.0
    # Where work beside requests waits (exhibitions.tasks): empty for a SQLite file in data_dir,
    # a postgresql:// URL for a queue table in that database (several machines), or "immediate"
    # to run each task in the caller at once (tests that are not about the queue).
    task_queue_url: str = ""
    # Web processes also run consumers (threads) of the queue; off, `flask --app wsgi worker`
    # processes of their own run every task.
    tasks_in_web: bool = True
    task_workers: int = 2
    # How often the queue's periodic sweep runs in each process with consumers: scheduled
    # publication, the trash's retention, and what a killed process left (undelivered changes,
    # import jobs, image derivations); 0: never.
    sweep_seconds: float = 30.0
    # A worker deriving an image's tile pyramid holds it this long (a 150-megapixel master takes
    # well under a minute); when its process is killed part way, the sweep hands the image to
    # another worker once this has passed.
    derivation_lease_seconds: float = 300.0
    # Objects and exhibitions in the trash longer than this are deleted for good by a daily task
    # (0: never on its own, only `flask --app wsgi trash empty`).
    trash_retention_days: int = 0
    # On: curators submit drafts and editors approve them before publication (exhibitions.curation.studio);
    # off, a curator publishes directly, as a small alliance without an editorial board would.
    review_required: bool = False
    # A MapLibre style (an online tile or vector style) for the maps; empty: the offline base map
    # drawn from the Natural Earth files served with the pages.
    map_style_url: str = ""

    @property
    def sqlalchemy_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'caravanserai.db').resolve()}"

    def session_secret(self) -> str:
        """SECRET_KEY, or else a random key made on first use and kept in DATA_DIR, so that every
        worker process and every restart signs login sessions alike."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret_key"
        try:
            return path.read_text().strip()
        except FileNotFoundError:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            fresh = secrets.token_hex(32)
            try:
                with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as file:
                    file.write(fresh)
                return fresh
            except FileExistsError:  # another worker made it first
                return path.read_text().strip()

    @property
    def embedded_index_path(self) -> Path:
        return self.data_dir / "search.db"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides) -> Settings:
        """Read the environment (upper-case names of the fields) over the defaults."""
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get(f.name.upper())
            if raw is None or raw == "":
                continue
            kind = f.type
            if kind == "Path":
                values[f.name] = Path(raw)
            elif kind == "int":
                values[f.name] = int(raw)
            elif kind == "float":
                values[f.name] = float(raw)
            elif kind == "bool":
                values[f.name] = _flag(raw)
            else:
                values[f.name] = raw
        settings = cls(**values)
        return replace(settings, **overrides) if overrides else settings
