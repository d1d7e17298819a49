"""The content-addressed image store: masters by sha256, their tile pyramids, and a bounded cache of derived images."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
import threading
import time
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from PIL import Image

from storage import Storage
from storage.local import LocalStorage

from .decode import DAMAGED, ImageRejected, open_image, open_sequential
from .pyramid import TileGrid, write_pyramid, write_pyramid_sequential

IMAGE_ID = re.compile(r"[0-9a-f]{64}")
# Where whole images live under the root: served ones, and withdrawn ones (kept, never served).
SERVED, WITHDRAWN = "images", "withdrawn"
IMAGE_AREAS = (SERVED, WITHDRAWN)
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StoredImage:
    id: str  # sha256 hex of the master file
    width: int
    height: int
    format: str  # Pillow's name of the master's format, lower case: jpeg, png, tiff, ...
    byte_size: int
    tile_size: int = 512
    created: float = 0.0  # seconds since the epoch, when the master was stored
    tiled: bool = True  # False while its pyramid waits to be derived (ImageStore.derive)

    @property
    def grid(self) -> TileGrid:
        return TileGrid(self.width, self.height, self.tile_size)


def is_image_id(value: str) -> bool:
    return IMAGE_ID.fullmatch(value) is not None


class ImageStore:
    """Masters, pyramids and derived images in one storage (a local directory or a bucket);
    nothing else is ever opened.

    Layout (storage keys): images/<id[:2]>/<id>/{master, image.json, tiles/<region>_<size>.jpg},
    cache/<id[:2]>/<id>/<key>.<format>, and withdrawn/<id[:2]>/<id>/ for images kept but no
    longer served (their objects are in a trash). image.json is written last and read first:
    an image without it is not there. Pyramids are derived in the storage's local scratch folder
    (tmp/ beside a local store, whose folder is then renamed into place).
    """

    def __init__(self, storage: Storage | Path, max_pixels: int, tile_size: int = 512, cache_bytes: int = 1024**3):
        self.storage = storage if isinstance(storage, Storage) else LocalStorage(Path(storage))
        # The local directory of a local store (for backups, and for tests to look at files); None for a bucket.
        self.root = self.storage.root if isinstance(self.storage, LocalStorage) else None
        self.max_pixels = max_pixels
        self.tile_size = tile_size
        self.cache = DiskCache(self.storage, "cache", cache_bytes)
        self._tmp = self.storage.scratch()
        self._clear_abandoned_work()
        self._described: dict[str, StoredImage] = {}  # stored images are immutable: remember them

    def _clear_abandoned_work(self, older_than: float = 86_400) -> None:
        """Remove what ingests interrupted by a crash left in tmp/ (a live ingest takes seconds)."""
        for entry in self._tmp.iterdir():
            try:
                if time.time() - entry.stat().st_mtime > older_than:
                    shutil.rmtree(entry, ignore_errors=True)
            except FileNotFoundError:
                pass

    # -- keys ------------------------------------------------------------------------------
    def image_key(self, image_id: str, area: str = SERVED) -> str:
        if not is_image_id(image_id):
            raise KeyError(image_id)
        return f"{area}/{image_id[:2]}/{image_id}"

    def master_key(self, image_id: str) -> str:
        return f"{self.image_key(image_id)}/master"

    def tile_key(self, image: StoredImage, scale_factor: int, column: int, row: int) -> str:
        """The tile's key, which is also its path under a local store's root (X-Accel-Redirect)."""
        return f"{self.image_key(image.id)}/{image.grid.tile_name(scale_factor, column, row)}"

    # -- files of a local store (None for a bucket) ----------------------------------------
    def image_dir(self, image_id: str) -> Path | None:
        return self.storage.local_path(self.image_key(image_id))

    def withdrawn_dir(self, image_id: str) -> Path | None:
        return self.storage.local_path(self.image_key(image_id, WITHDRAWN))

    def master_path(self, image_id: str) -> Path | None:
        return self.storage.local_path(self.master_key(image_id))

    def tile_path(self, image: StoredImage, scale_factor: int, column: int, row: int) -> Path | None:
        return self.storage.local_path(self.tile_key(image, scale_factor, column, row))

    # -- reading ---------------------------------------------------------------------------
    def exists(self, image_id: str) -> bool:
        return is_image_id(image_id) and self.storage.exists(f"{self.image_key(image_id)}/image.json")

    def get(self, image_id: str) -> StoredImage | None:
        """The stored image's description, or None for an unknown or malformed identifier."""
        if not is_image_id(image_id):
            return None
        description = f"{self.image_key(image_id)}/image.json"
        known = self._described.get(image_id)
        # Another process may have deleted it, or derived its pyramid.
        if known is not None and known.tiled and self.storage.exists(description):
            return known
        try:
            data = json.loads(self.storage.get(description))
        except FileNotFoundError:
            self.forget(image_id)
            return None
        if len(self._described) >= 10_000:
            self._described.clear()
        self._described[image_id] = stored = StoredImage(**data)
        return stored

    def forget(self, image_id: str) -> None:
        """Drop what this process remembers of an image (another process may have deleted it)."""
        self._described.pop(image_id, None)

    def read(self, key: str) -> bytes:
        """A stored file's bytes (a tile, a cached rendering); FileNotFoundError when it is gone."""
        return self.storage.get(key)

    def open_master(self, image_id: str) -> AbstractContextManager[BinaryIO]:
        return self.storage.open(self.master_key(image_id))

    # -- writing ---------------------------------------------------------------------------
    def ingest(self, source: bytes | BinaryIO, defer_over: int | None = None) -> StoredImage:
        """Store an image and derive its pyramid; the same bytes twice give the same image.

        Refuses (ImageRejected) empty files, files that are not images of an accepted format,
        truncated or undecodable ones (422), and images over max_pixels (413), the last read
        from the header before anything is decoded. An image of more than defer_over pixels is
        only stored and checked from its header (tiled False): derive() makes its pyramid later.
        """
        work = Path(tempfile.mkdtemp(dir=self._tmp))
        try:
            master = work / "master"
            digest, byte_size = _copy_hashing(source, master)
            if byte_size == 0:
                raise ImageRejected(422, "the file is empty")
            image_id = digest
            self.forget(image_id)
            existing = self.get(image_id)
            if existing is not None:
                return existing
            if defer_over is not None and self._pixels(master) > defer_over:
                stored = self._describe(image_id, master, byte_size, work)
            else:
                stored = self._derive(image_id, master, byte_size, work)
            # The same bytes stored at once by another process give the same files: either wins.
            self.storage.put_folder(self.image_key(image_id), work, last="image.json")
            return stored
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _pixels(self, master: Path) -> int:
        with open_image(master, self.max_pixels) as image:
            return image.width * image.height

    def _describe(self, image_id: str, master: Path, byte_size: int, work: Path) -> StoredImage:
        with open_image(master, self.max_pixels) as image:
            stored = StoredImage(image_id, image.width, image.height, (image.format or "").lower(), byte_size,
                                 self.tile_size, time.time(), tiled=False)
        (work / "image.json").write_text(json.dumps(stored.__dict__))
        return stored

    def derive(self, image_id: str) -> StoredImage | None:
        """Make the pyramid of a served image stored without one, beside its master; None when
        the image is not served (deleted or withdrawn meanwhile). Deriving twice at once is
        harmless: both write the same tiles, and image.json says tiled only once they are stored."""
        stored = self.get(image_id)
        if stored is None or stored.tiled:
            return stored
        key = self.image_key(image_id)
        work = Path(tempfile.mkdtemp(dir=self._tmp))
        try:
            master = self.master_path(image_id)
            if master is None:  # in a bucket: the pyramid is cut from a local copy of the master
                master = work / "master"
                try:
                    with self.open_master(image_id) as source, open(master, "wb") as copy:
                        shutil.copyfileobj(source, copy, _CHUNK)
                except FileNotFoundError:
                    return None
            try:
                tiled = self._derive(image_id, master, stored.byte_size, work)
            except FileNotFoundError:  # a local master deleted or withdrawn meanwhile
                return None
            if not self._serves_master(image_id):
                return None
            self.storage.put_folder(f"{key}/tiles", work / "tiles")
            # Withdrawn or deleted while the tiles were stored: no image.json may bring it back.
            if not self._serves_master(image_id):
                self.storage.delete_folder(f"{key}/tiles")
                return None
            self.storage.put(f"{key}/image.json", (work / "image.json").read_bytes())
        finally:
            shutil.rmtree(work, ignore_errors=True)
        self.forget(image_id)
        return tiled

    def _serves_master(self, image_id: str) -> bool:
        return self.storage.exists(self.master_key(image_id))

    def _derive(self, image_id: str, master: Path, byte_size: int, work: Path) -> StoredImage:
        sequential = open_sequential(master, self.max_pixels)
        if sequential is not None:
            stored = StoredImage(image_id, sequential.width, sequential.height, "jpeg", byte_size,
                                 self.tile_size, time.time())
            write_pyramid_sequential(sequential, work, stored.grid)
        else:
            with open_image(master, self.max_pixels) as image:
                width, height = image.size
                format_name = (image.format or "").lower()
                try:
                    image.load()
                    displayable = to_displayable(image)
                except MemoryError:
                    raise
                except Exception:
                    raise ImageRejected(422, DAMAGED) from None
                stored = StoredImage(image_id, width, height, format_name, byte_size, self.tile_size, time.time())
                write_pyramid(displayable, work, stored.grid)
                del displayable
        (work / "image.json").write_text(json.dumps(stored.__dict__))
        return stored

    def delete(self, image_id: str) -> None:
        """Remove the master, its pyramid and its cached derivatives; unknown ids are ignored."""
        if not is_image_id(image_id):
            return
        self.forget(image_id)
        self._remove(self.image_key(image_id))
        self.cache.drop(f"{image_id[:2]}/{image_id}")

    def _remove(self, key: str) -> None:
        # The description first: readers take an image without it for gone, not for half deleted.
        self.storage.delete(f"{key}/image.json")
        self.storage.delete_folder(key)

    # -- withdrawing: kept, not served -----------------------------------------------------
    def withdraw(self, image_id: str) -> None:
        """Stop serving an image but keep it whole, so that it can be reinstated; served
        images are only ever read from images/, so a withdrawn one answers 404 at once."""
        if not self.exists(image_id):
            return
        self.forget(image_id)
        if self.is_withdrawn(image_id):
            self.delete(image_id)  # the same bytes were withdrawn before: one kept copy is enough
        else:
            self.storage.move_folder(self.image_key(image_id), self.image_key(image_id, WITHDRAWN))
            self.cache.drop(f"{image_id[:2]}/{image_id}")

    def reinstate(self, image_id: str) -> None:
        """Serve a withdrawn image again (nothing to do if it is served already)."""
        if not self.is_withdrawn(image_id):
            return
        if self.exists(image_id):  # stored again meanwhile, from the same bytes
            self.discard_withdrawn(image_id)
            return
        self.storage.move_folder(self.image_key(image_id, WITHDRAWN), self.image_key(image_id))

    def kept_ids(self) -> dict[str, float]:
        """Every whole image here, served or withdrawn, with when it was last written (seconds
        since the epoch): what an operator's check compares with the database."""
        kept = {}
        for area in IMAGE_AREAS:
            for two in self.storage.names(area):
                for image_id in self.storage.names(f"{area}/{two}"):
                    if is_image_id(image_id) and image_id.startswith(two):
                        try:
                            kept[image_id] = self.storage.stat(f"{area}/{two}/{image_id}/image.json").modified
                        except FileNotFoundError:  # moved or deleted meanwhile, or never finished
                            continue
        return kept

    def is_withdrawn(self, image_id: str) -> bool:
        return is_image_id(image_id) and self.storage.exists(f"{self.image_key(image_id, WITHDRAWN)}/image.json")

    def discard_withdrawn(self, image_id: str) -> None:
        """Remove a withdrawn image for good; unknown ids are ignored."""
        if is_image_id(image_id):
            self._remove(self.image_key(image_id, WITHDRAWN))


def to_displayable(image: Image.Image) -> Image.Image:
    """The image in RGB or L, transparency flattened onto white, deeper samples scaled to 8 bits."""
    if image.mode in ("RGB", "L"):
        return image
    if image.mode == "1":
        return image.convert("L")
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        return image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if image.mode == "F":
        return image.convert("L")
    if image.mode in ("LA", "La", "PA", "RGBA", "RGBa"):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", image.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def _copy_hashing(source: bytes | BinaryIO, target: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(target, "wb") as out:
        if isinstance(source, (bytes, bytearray, memoryview)):
            chunks = [bytes(source)]
        else:
            chunks = iter(lambda: source.read(_CHUNK), b"")
        for chunk in chunks:
            digest.update(chunk)
            out.write(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


class DiskCache:
    """Derived images in the storage, bounded in bytes; the least recently used go first.

    Use is recorded in the files' times (Storage.touch; in a bucket, the writing time), so several
    worker processes and machines share one cache without coordination; each keeps an estimate
    of the total and sweeps when it is over.
    """

    SWEEP_EVERY = 256  # writes between sweeps, to notice what other processes wrote

    def __init__(self, storage: Storage, prefix: str, max_bytes: int):
        self.storage = storage
        self.prefix = prefix
        self.max_bytes = max_bytes
        self._estimate: int | None = None
        self._writes = 0
        self._lock = threading.Lock()

    def key(self, key: str) -> str:
        """The cached file's key in the storage."""
        return f"{self.prefix}/{key}"

    def get(self, key: str) -> str | None:
        """The cached file's storage key, marked used now, or None when it is not cached."""
        return self.key(key) if self.storage.touch(self.key(key)) else None

    def put(self, key: str, data: bytes) -> str:
        self.storage.put(self.key(key), data)
        with self._lock:
            self._writes += 1
            if self._estimate is None or self._writes % self.SWEEP_EVERY == 0:
                self._estimate = self._sweep()
            else:
                self._estimate += len(data)
                if self._estimate > self.max_bytes:
                    self._estimate = self._sweep()
        return self.key(key)

    def drop(self, prefix: str) -> None:
        self.storage.delete_folder(self.key(prefix))

    def total_bytes(self) -> int:
        return sum(status.size for _, status in self.storage.list(self.prefix))

    def _sweep(self) -> int:
        """Delete the least recently used files until the cache holds at most 90% of its bound."""
        files = [(status.modified, status.size, key) for key, status in self.storage.list(self.prefix)]
        total = sum(size for _, size, _ in files)
        if total <= self.max_bytes:
            return total
        for _, size, key in sorted(files):
            if total <= self.max_bytes * 0.9:
                break
            self.storage.delete(key)
            total -= size
        return total
