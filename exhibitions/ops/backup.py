"""A backup of what cannot be rebuilt, taken while the platform serves: the database, the
stored images (masters with their tiles, so a restored platform serves them at once; with those
of objects in the trash), the stored audio and video, and the session secret. The search index
is left out: `search reindex` rebuilds it from the database. And its restore, into an empty platform.

The backup is laid out as a data directory, so a SQLite platform can also be restored by
pointing DATA_DIR at a copy of it. A PostgreSQL database is written with pg_dump's custom
format (and read back with pg_restore). Images are content-addressed, so a backup into the
same folder again copies only the images added since.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, inspect, select
from sqlalchemy.engine import make_url

from exhibitions.models import Museum, MuseumObject, utcnow
from exhibitions.objects.records import iso_time
from iiif.image.store import IMAGE_AREAS

if TYPE_CHECKING:
    from exhibitions.platform import Platform

SQLITE_FILE = "caravanserai.db"
POSTGRES_FILE = "caravanserai.pgdump"
DESCRIPTION_FILE = "backup.json"
# Written last when an image is stored (iiif.image.store): its presence means the image is whole.
IMAGE_COMPLETE = "image.json"
MEDIA_COMPLETE = "media.json"  # the same for a media file (exhibitions.objects.media_store)


# A bucket is kept by its own means (versioning, replication to another bucket), not copied here.
BUCKET_IMAGES = ("The images and media are in a bucket (STORAGE_URL): back them up with the bucket's own "
                 "versioning or replication; this command copies a local storage directory.")


class BackupError(Exception):
    """The backup could not be made; what was already in the destination is left as it was."""


class RestoreError(Exception):
    """The backup cannot be restored here (found before anything is written), or a step failed
    on the way (into a platform that held nothing yet: empty it and restore again)."""


@dataclass
class BackupReport:
    database: str
    objects: int
    images: int
    images_copied: int
    secret: bool  # False when SECRET_KEY comes from the environment, which the backup cannot see

    def summary(self, destination: Path) -> str:
        secret = " and the session secret" if self.secret else ""
        return (f"Backed up the {self.database} database ({self.objects} objects), {self.images} images "
                f"({self.images_copied} new){secret} to {destination}.")


def backup(platform: Platform, destination: Path,
           progress: Callable[[int, int], None] | None = None) -> BackupReport:
    destination = destination.resolve()
    if destination == platform.settings.data_dir.resolve():
        raise BackupError("The backup must go to another folder than the data directory.")
    if platform.images.root is None:
        raise BackupError(BUCKET_IMAGES)
    destination.mkdir(parents=True, exist_ok=True)
    with platform.db.sessions() as session:
        objects = session.scalar(select(func.count()).select_from(MuseumObject))
    kind = _backup_database(platform, destination)
    images, copied = _copy_images(platform.images.root, destination / "images", progress)
    media = _copy_media(platform.media.root, destination / "media")
    secret = platform.settings.data_dir / "secret_key"
    if secret.is_file():
        shutil.copy2(secret, destination / "secret_key")
    (destination / DESCRIPTION_FILE).write_text(json.dumps({
        "taken": iso_time(utcnow()), "database": kind, "objects": objects, "images": images, "media": media},
        indent=2))
    return BackupReport(kind, objects, images, copied, secret.is_file())


def _libpq(url) -> tuple[str, dict[str, str]]:
    """The URL pg_dump and pg_restore take, and their environment: the password goes there, not
    on a command line other local users can read."""
    libpq_url = url.set(drivername="postgresql", password=None).render_as_string()
    return libpq_url, {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}


def _backup_database(platform: Platform, destination: Path) -> str:
    url = make_url(platform.settings.sqlalchemy_url)
    if url.get_backend_name() == "sqlite":
        partial = destination / f"{SQLITE_FILE}.partial"
        partial.unlink(missing_ok=True)
        # SQLite's online backup copies a consistent snapshot while other connections write.
        with closing(sqlite3.connect(url.database)) as source, closing(sqlite3.connect(partial)) as target:
            source.backup(target)
        partial.replace(destination / SQLITE_FILE)
        return "SQLite"
    if url.get_backend_name() == "postgresql":
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise BackupError("Backing up PostgreSQL needs pg_dump (the postgresql-client package) on the PATH.")
        partial = destination / f"{POSTGRES_FILE}.partial"
        libpq_url, environment = _libpq(url)
        finished = subprocess.run([pg_dump, "--format=custom", "--no-owner", f"--file={partial}", libpq_url],
                                  capture_output=True, text=True, timeout=3600, env=environment)
        if finished.returncode != 0:
            partial.unlink(missing_ok=True)
            raise BackupError(f"pg_dump failed: {finished.stderr.strip()[:500]}")
        partial.replace(destination / POSTGRES_FILE)
        return "PostgreSQL"
    raise BackupError(f"Backing up a {url.get_backend_name()} database is not supported.")


def _copy_images(store: Path, target: Path, progress: Callable[[int, int], None] | None) -> tuple[int, int]:
    """Copy every whole image folder, served or withdrawn (kept for objects in the trash), not
    yet in the target (a backup, or on restore a store); (images, how many were copied). An
    image that moved between the two since the last backup leaves its old place in the target,
    so a restored platform serves what this one did; images deleted for good stay in the backup."""
    folders = []
    for area in IMAGE_AREAS:
        if (store / area).is_dir():
            folders += sorted(path.parent for path in (store / area).glob(f"*/*/{IMAGE_COMPLETE}"))
    places = {folder.relative_to(store) for folder in folders}
    copied = 0
    for done, folder in enumerate(folders, start=1):
        place = folder.relative_to(store)
        kept = target / place
        if not (kept / IMAGE_COMPLETE).is_file():
            partial = kept.with_name(kept.name + ".partial")
            shutil.rmtree(partial, ignore_errors=True)
            shutil.copytree(folder, partial)
            shutil.rmtree(kept, ignore_errors=True)
            partial.replace(kept)
            copied += 1
        other_place = Path(next(area for area in IMAGE_AREAS if area != place.parts[0]), *place.parts[1:])
        if other_place not in places:
            shutil.rmtree(target / other_place, ignore_errors=True)
        if progress:
            progress(done, len(folders))
    return len(folders), copied


def _copy_media(store: Path, target: Path) -> int:
    """Copy every whole media folder (its file, description and poster) not yet in the target;
    media are content-addressed, so one already there is the same. Returns how many there are."""
    folders = sorted(path.parent for path in store.glob(f"*/*/{MEDIA_COMPLETE}")) if store.is_dir() else []
    for folder in folders:
        kept = target / folder.relative_to(store)
        if not (kept / MEDIA_COMPLETE).is_file():
            partial = kept.with_name(kept.name + ".partial")
            shutil.rmtree(partial, ignore_errors=True)
            shutil.copytree(folder, partial)
            shutil.rmtree(kept, ignore_errors=True)
            partial.replace(kept)
    return len(folders)


@dataclass
class RestoreReport:
    database: str
    taken: str
    objects: int
    images: int

    def summary(self, source: Path) -> str:
        return (f"Restored the {self.database} database of {self.taken} ({self.objects} objects) and "
                f"{self.images} images from {source}.")


def restore(platform: Platform, source: Path,
            progress: Callable[[int, int], None] | None = None) -> RestoreReport:
    """Put a backup's database, images and session secret in place of this platform's, which
    must hold no museum yet (a new DATA_DIR or DATABASE_URL): a restore never overwrites work.
    The caller then migrates the database, settles the images and rebuilds the search index."""
    source = source.resolve()
    try:
        description = json.loads((source / DESCRIPTION_FILE).read_text())
    except (OSError, ValueError):
        raise RestoreError(f"{source} is not a backup made by `flask backup` (it has no readable "
                           f"{DESCRIPTION_FILE}).") from None
    url = make_url(platform.settings.sqlalchemy_url)
    kind = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(url.get_backend_name(), url.get_backend_name())
    if description.get("database") != kind:
        raise RestoreError(f"This backup holds a {description.get('database')} database; this platform is "
                           f"configured for {kind}.")
    if source == platform.settings.data_dir.resolve():
        raise RestoreError("The backup is the data directory itself: point DATA_DIR at an empty one.")
    if platform.images.root is None:
        raise RestoreError(BUCKET_IMAGES)
    museums = _museums_held(platform)
    if museums:
        raise RestoreError(f"The database already holds {museums} museum(s): restore into an empty one "
                           f"(a new DATA_DIR, or DATABASE_URL naming an empty database).")
    platform.db.engine.dispose()
    if kind == "SQLite":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(source / SQLITE_FILE)) as kept, closing(sqlite3.connect(url.database)) as target:
            kept.backup(target)
    else:
        _pg_restore(source / POSTGRES_FILE, url)
    images, _ = _copy_images(source / "images", platform.images.root, progress)
    _copy_media(source / "media", platform.media.root)
    if (source / "secret_key").is_file():
        shutil.copy2(source / "secret_key", platform.settings.data_dir / "secret_key")
    return RestoreReport(kind, description.get("taken", "?"), description.get("objects", 0), images)


def _museums_held(platform: Platform) -> int:
    if not inspect(platform.db.engine).has_table(Museum.__tablename__):
        return 0
    with platform.db.sessions() as session:
        return session.scalar(select(func.count()).select_from(Museum))


def _pg_restore(archive: Path, url) -> None:
    pg_restore = shutil.which("pg_restore")
    if pg_restore is None:
        raise RestoreError("Restoring PostgreSQL needs pg_restore (the postgresql-client package) on the PATH.")
    libpq_url, environment = _libpq(url)
    # --clean drops the empty tables a `db upgrade` may have made, so the archive's take their place.
    finished = subprocess.run([pg_restore, "--no-owner", "--clean", "--if-exists", f"--dbname={libpq_url}",
                               str(archive)], capture_output=True, text=True, timeout=3600, env=environment)
    if finished.returncode != 0:
        raise RestoreError(f"pg_restore failed: {finished.stderr.strip()[:500]}")
