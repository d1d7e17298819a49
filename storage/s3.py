"""A storage in an S3-compatible bucket (AWS S3, SeaweedFS, Ceph, Garage, ...), through boto3."""

from __future__ import annotations

import mimetypes
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from . import Stat, Storage, check_key

MISSING = {"404", "NoSuchKey", "NotFound"}
_SPOOL = 8 * 1024 * 1024  # reads to seek in stay in memory up to this size, then go to disk
_CHUNK = 1024 * 1024


class S3Storage(Storage):
    def __init__(self, bucket: str, prefix: str = "", *, endpoint: str | None = None, region: str = "us-east-1",
                 scratch: Path | None = None, client: Any = None):
        self.bucket = bucket
        self.prefix = f"{prefix.strip('/')}/" if prefix.strip("/") else ""
        self._scratch = scratch or Path(tempfile.gettempdir()) / "caravanserai-storage"
        # A web process reads many tiles at once from its threads: a connection pool to match.
        self.client = client or boto3.client(
            "s3", endpoint_url=endpoint, region_name=region,
            config=Config(max_pool_connections=32, retries={"mode": "standard", "max_attempts": 4},
                          s3={"addressing_style": "path"}))
        self.location = f"{self.client.meta.endpoint_url}/{bucket}/{self.prefix}"

    def child(self, prefix: str) -> S3Storage:
        return S3Storage(self.bucket, self.prefix + check_key(prefix), scratch=self._scratch / check_key(prefix),
                         client=self.client)

    def _key(self, key: str) -> str:
        return self.prefix + check_key(key)

    def put(self, key: str, data: bytes | BinaryIO) -> None:
        # A PUT replaces the object whole: readers see the old or the new one, never a part.
        if isinstance(data, (bytes, bytearray, memoryview)):
            self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=bytes(data), **_typed(key))
        else:
            self.client.upload_fileobj(data, self.bucket, self._key(key), ExtraArgs=_typed(key))

    def put_folder(self, prefix: str, folder: Path, last: str | None = None) -> None:
        try:
            names = [path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()]
            for name in sorted(names, key=lambda name: (name == last, name)):  # `last` after every other
                self.client.upload_file(str(folder / name), self.bucket, self._key(f"{prefix}/{name}"),
                                        ExtraArgs=_typed(name))
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _get(self, key: str, **extra: Any) -> dict:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key), **extra)
        except ClientError as error:
            if error.response["Error"]["Code"] in MISSING:
                raise FileNotFoundError(key) from None
            raise

    def get(self, key: str) -> bytes:
        return self._get(key)["Body"].read()

    def read_range(self, key: str, start: int, length: int) -> bytes:
        if length <= 0:
            return b""
        try:
            return self._get(key, Range=f"bytes={start}-{start + length - 1}")["Body"].read()
        except ClientError as error:
            if error.response["Error"]["Code"] == "InvalidRange":  # start at or past the end
                return b""
            raise

    def stream(self, key: str, start: int = 0, length: int | None = None) -> Iterator[bytes]:
        # One GET (ranged unless it is the whole object), read as the bucket sends it.
        if length is not None and length <= 0:
            self.stat(key)  # still: a missing key is not found
            return
        extra = {}
        if start or length is not None:
            extra["Range"] = f"bytes={start}-" + ("" if length is None else f"{start + length - 1}")
        try:
            body = self._get(key, **extra)["Body"]
        except ClientError as error:
            if error.response["Error"]["Code"] == "InvalidRange":  # start at or past the end
                return
            raise
        try:
            yield from body.iter_chunks(_CHUNK)
        finally:
            body.close()

    @contextmanager
    def open(self, key: str) -> Iterator[BinaryIO]:
        body = self._get(key)["Body"]
        with tempfile.SpooledTemporaryFile(_SPOOL) as copy:
            shutil.copyfileobj(body, copy, 1024 * 1024)
            copy.seek(0)
            yield copy

    def stat(self, key: str) -> Stat:
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as error:
            if error.response["Error"]["Code"] in MISSING:
                raise FileNotFoundError(key) from None
            raise
        return Stat(head["ContentLength"], head["LastModified"].timestamp())

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def _objects(self, prefix: str) -> Iterator[dict]:
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self._key(prefix) + "/"):
            yield from page.get("Contents", [])

    def delete_folder(self, prefix: str) -> None:
        folders = {self._key(prefix) + "/"}
        batch: list[dict] = []
        for item in self._objects(prefix):
            batch.append({"Key": item["Key"]})
            folders.update(_folders_of(item["Key"], len(self._key(prefix)) + 1))
            if len(batch) == 1000:  # the most one DeleteObjects takes
                self._delete_batch(batch)
                batch = []
        if batch:
            self._delete_batch(batch)
        # Servers with a filer behind them (SeaweedFS) keep emptied folders, which listings would
        # show; deleting "folder/" removes one there and is a no-op on AWS. Innermost first.
        self._delete_batch([{"Key": folder} for folder in sorted(folders, key=len, reverse=True)])

    def _delete_batch(self, batch: list[dict]) -> None:
        self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": batch, "Quiet": True})

    def move_folder(self, source: str, target: str) -> None:
        # No rename in S3: copy every object, then delete the source. The caller's marker file
        # (read first) is copied last and deleted first, so a reader never takes half a folder.
        self.delete_folder(target)
        keys = sorted((item["Key"] for item in self._objects(source)), key=lambda key: key.endswith(".json"))
        start = len(self._key(source)) + 1
        for key in keys:
            self.client.copy_object(Bucket=self.bucket, Key=self._key(f"{target}/{key[start:]}"),
                                    CopySource={"Bucket": self.bucket, "Key": key})
        for key in keys[::-1]:
            if key.endswith(".json"):  # the marker first: readers stop taking the folder for whole
                self.client.delete_object(Bucket=self.bucket, Key=key)
        self.delete_folder(source)

    def list(self, prefix: str) -> Iterator[tuple[str, Stat]]:
        for item in self._objects(prefix):
            yield item["Key"][len(self.prefix):], Stat(item["Size"], item["LastModified"].timestamp())

    def names(self, prefix: str) -> list[str]:
        paginator = self.client.get_paginator("list_objects_v2")
        start = len(self._key(prefix)) + 1
        found = []
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self._key(prefix) + "/", Delimiter="/"):
            found += [common["Prefix"][start:].rstrip("/") for common in page.get("CommonPrefixes", [])]
            found += [item["Key"][start:] for item in page.get("Contents", [])]
        return sorted(found)

    def scratch(self) -> Path:
        self._scratch.mkdir(parents=True, exist_ok=True)
        return self._scratch

    def signed_url(self, key: str, expires: int) -> str:
        return self.client.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": self._key(key)}, ExpiresIn=expires)



def _typed(key: str) -> dict:
    """The object's Content-Type from its name (tiles are .jpg), for whoever reads the bucket
    directly: nginx in front of it, a browser following a signed redirect."""
    kind = mimetypes.guess_type(key)[0]
    return {"ContentType": kind} if kind else {}


def _folders_of(key: str, start: int) -> set[str]:
    """The folders ("a/b/") holding the key, those ending at or after its start-th character."""
    folders = set()
    end = key.rfind("/")
    while end >= start:
        folders.add(key[:end + 1])
        end = key.rfind("/", 0, end)
    return folders
