"""Where the platform keeps its files: one interface, a local directory or an S3 bucket behind it.

Keys are relative, "/"-separated names ("images/ab/ab12.../tiles/0,0,512,512_512,512.jpg").
A local directory (file://) keeps the behaviour of a single machine: writes land whole by a
rename, a folder moves in one rename. An S3-compatible bucket (s3://bucket/prefix?endpoint=...)
lets several web servers share images without a shared filesystem; there a folder is written
file by file, so callers that need "all or nothing" write the file that marks a folder complete
last (put_folder's `last`) and read that file first.

This package knows nothing of images or museums: iiif/ and exhibitions/ build on it.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import parse_qs, unquote, urlsplit


@dataclass(frozen=True)
class Stat:
    size: int
    modified: float  # seconds since the epoch


class Storage(ABC):
    """Files under keys. Reading a missing key raises FileNotFoundError; deleting one is a no-op."""

    location: str  # where the files are, as a URL: two storages with one location hold the same files

    @abstractmethod
    def child(self, prefix: str) -> Storage:
        """The same storage seen from under prefix (a folder of its own)."""

    @abstractmethod
    def put(self, key: str, data: bytes | BinaryIO) -> None:
        """Write the key whole: readers see the old content or the new, never a part."""

    @abstractmethod
    def put_folder(self, prefix: str, folder: Path, last: str | None = None) -> None:
        """Store a local folder's files under prefix, the file named `last` (relative) after
        every other; the local folder is consumed (moved or deleted)."""

    @abstractmethod
    def get(self, key: str) -> bytes: ...

    @abstractmethod
    def read_range(self, key: str, start: int, length: int) -> bytes:
        """length bytes from start (fewer at the end of the file)."""

    @abstractmethod
    def stream(self, key: str, start: int = 0, length: int | None = None) -> Iterator[bytes]:
        """The key's bytes from start (length of them, or to the end), in chunks as they are read,
        never the whole in memory (a large file sent to a client); FileNotFoundError at the
        first chunk when the key is missing."""

    @abstractmethod
    def open(self, key: str) -> AbstractContextManager[BinaryIO]:
        """A seekable binary file to read the key from (a zip needs to seek)."""

    @abstractmethod
    def stat(self, key: str) -> Stat: ...

    def exists(self, key: str) -> bool:
        try:
            self.stat(key)
        except FileNotFoundError:
            return False
        return True

    @abstractmethod
    def delete(self, key: str) -> None: ...

    @abstractmethod
    def delete_folder(self, prefix: str) -> None:
        """Delete every key under prefix/."""

    @abstractmethod
    def move_folder(self, source: str, target: str) -> None:
        """Move every key under source/ to under target/ (replacing what target/ held)."""

    @abstractmethod
    def list(self, prefix: str) -> Iterator[tuple[str, Stat]]:
        """Every key under prefix/ (relative to this storage), with its size and time."""

    @abstractmethod
    def names(self, prefix: str) -> list[str]:
        """The names one level under prefix/, files and folders (a folder listing)."""

    def touch(self, key: str) -> bool:
        """Mark the key used now (for least-recently-used eviction); False when it is missing.

        Object stores cannot change an object's time without rewriting it; there the time stays
        the writing time, and eviction is oldest written first."""
        return self.exists(key)

    @abstractmethod
    def scratch(self) -> Path:
        """A local folder for work in progress whose result put_folder stores (on the same
        filesystem as a local storage, so that put_folder is one rename)."""

    def local_path(self, key: str) -> Path | None:
        """The key's file when this storage is a local directory (for a web server to send), else None."""
        return None

    def signed_url(self, key: str, expires: int) -> str | None:
        """A URL that reads the key without credentials for expires seconds, where the storage has them."""
        return None


def check_key(key: str) -> str:
    """The key, refused when it could leave the storage (absolute, "..", empty parts)."""
    parts = key.split("/")
    if not key or key.startswith("/") or any(part in ("", ".", "..") for part in parts) or "\\" in key:
        raise ValueError(f"not a storage key: {key!r}")
    return key


def open_storage(url: str, default_dir: Path) -> Storage:
    """The storage a STORAGE_URL names: empty for default_dir, file:///absolute/dir, or
    s3://bucket[/prefix][?endpoint=https://host:port&region=...] with credentials from the
    standard AWS variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ...); an
    S3 storage does its local work in progress under default_dir/tmp."""
    if not url:
        from .local import LocalStorage

        return LocalStorage(default_dir)
    parts = urlsplit(url)
    if parts.scheme == "file":
        from .local import LocalStorage

        return LocalStorage(Path(unquote(parts.netloc + parts.path)))
    if parts.scheme == "s3":
        from .s3 import S3Storage

        query = {name: values[-1] for name, values in parse_qs(parts.query).items()}
        unknown = set(query) - {"endpoint", "region"}
        if unknown or not parts.netloc:
            raise ValueError(f"STORAGE_URL: s3://bucket/prefix?endpoint=...&region=..., not {url!r}")
        return S3Storage(parts.netloc, parts.path.strip("/"), endpoint=query.get("endpoint"),
                         region=query.get("region") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1",
                         scratch=Path(default_dir) / "tmp")
    raise ValueError(f"STORAGE_URL must start with file:// or s3://, not {url!r}")
