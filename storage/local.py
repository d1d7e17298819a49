"""A storage in a local directory: what one machine (or several on a shared filesystem) uses."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import BinaryIO

from . import Stat, Storage, check_key

_CHUNK = 1024 * 1024
SCRATCH = "tmp"  # work in progress, beside the stored files so that moving it in is a rename


class LocalStorage(Storage):
    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        self.location = self.root.as_uri()

    def child(self, prefix: str) -> LocalStorage:
        return LocalStorage(self.root / check_key(prefix))

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put(self, key: str, data: bytes | BinaryIO) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                if isinstance(data, (bytes, bytearray, memoryview)):
                    out.write(data)
                else:
                    shutil.copyfileobj(data, out, _CHUNK)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def put_folder(self, prefix: str, folder: Path, last: str | None = None) -> None:
        # One rename: readers see the whole folder or none of it (`last` needs no ordering).
        target = self._path(prefix)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.rename(folder, target)
        except OSError:
            if not target.is_dir():
                raise
            shutil.rmtree(folder, ignore_errors=True)  # the same folder is there already

    def get(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def read_range(self, key: str, start: int, length: int) -> bytes:
        with open(self._path(key), "rb") as file:
            file.seek(start)
            return file.read(length)

    def stream(self, key: str, start: int = 0, length: int | None = None) -> Iterator[bytes]:
        with open(self._path(key), "rb") as file:
            file.seek(start)
            left = length
            while left is None or left > 0:
                chunk = file.read(_CHUNK if left is None else min(_CHUNK, left))
                if not chunk:
                    return
                if left is not None:
                    left -= len(chunk)
                yield chunk

    def open(self, key: str) -> AbstractContextManager[BinaryIO]:
        return open(self._path(key), "rb")

    def stat(self, key: str) -> Stat:
        try:
            status = self._path(key).stat()
        except NotADirectoryError:  # a file where a folder of the key should be: the key is not there
            raise FileNotFoundError(key) from None
        if not stat.S_ISREG(status.st_mode):
            raise FileNotFoundError(key)
        return Stat(status.st_size, status.st_mtime)

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def delete_folder(self, prefix: str) -> None:
        folder = self._path(prefix)
        if not folder.exists():
            return
        # Moved aside first, so that readers never see a half-deleted folder.
        doomed = Path(tempfile.mkdtemp(dir=self.scratch()))
        try:
            os.rename(folder, doomed / "doomed")
        except FileNotFoundError:
            pass
        shutil.rmtree(doomed, ignore_errors=True)

    def move_folder(self, source: str, target: str) -> None:
        destination = self._path(target)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(destination, ignore_errors=True)
        os.rename(self._path(source), destination)

    def list(self, prefix: str) -> Iterator[tuple[str, Stat]]:
        folder = self._path(prefix)
        for directory, _, files in os.walk(folder):
            for name in files:
                if name.startswith(".tmp-"):
                    continue
                path = os.path.join(directory, name)
                try:
                    status = os.stat(path)
                except FileNotFoundError:
                    continue
                yield Path(path).relative_to(self.root).as_posix(), Stat(status.st_size, status.st_mtime)

    def names(self, prefix: str) -> list[str]:
        try:
            return sorted(entry.name for entry in os.scandir(self._path(prefix)) if not entry.name.startswith(".tmp-"))
        except (FileNotFoundError, NotADirectoryError):
            return []

    def touch(self, key: str) -> bool:
        try:
            os.utime(self._path(key))
        except (FileNotFoundError, NotADirectoryError):
            return False
        return True

    def scratch(self) -> Path:
        folder = self.root / SCRATCH
        folder.mkdir(exist_ok=True)
        return folder

    def local_path(self, key: str) -> Path:
        return self._path(key)
