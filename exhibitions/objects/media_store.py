"""Audio and video files: what an upload really is (ffprobe, run on the stored temporary file),
the short list of what browsers play that we accept, and the content-addressed store of the
accepted files with their video posters (derived with ffmpeg, rebuilt whenever missing).

Accepted (container: codecs):
- MP4 video: H.264 with AAC (or silent); M4A audio: AAC
- WebM video: VP8, VP9 or AV1 with Opus or Vorbis (or silent); WebM audio: Opus or Vorbis
- MP3; Ogg with Opus or Vorbis; WAV (PCM); FLAC

A file is checked three ways, each cheap whatever its size: every packet is read without being
decoded (`ffprobe -count_packets`, about as fast as reading the file), which is where a truncated
MP4 or WebM, or any damage to the container, shows; then the packets of the last seconds must
reach the duration the header declares (a truncated MP3 or FLAC declares its whole length but
stops short); and those last seconds are decoded (`ffmpeg -f null`), which finds a last frame
cut in half. An Ogg or a WAV cut exactly between two pages or samples is a shorter file, whole.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO

from iiif.image.decode import ImageRejected, open_image
from storage import Storage
from storage.local import LocalStorage

MEDIA_ID_LENGTH = 64
PROBE_SECONDS = 120  # reading every packet of a 500 MB file takes a few seconds
TAIL_SECONDS = 3.0  # how much of the end is read and decoded
REACH_TOLERANCE = 0.5  # seconds the last packet may end before the declared duration
OUTPUT_LIMIT = 1024 * 1024  # what is read of a tool's output
POSTER_WIDTH = 1280
POSTER_AT = 0.1  # of the duration
_CHUNK = 1024 * 1024
# ffprobe and ffmpeg open only these demuxers and only local files: a playlist or a concat list
# disguised as a video could otherwise make them read other files or fetch URLs.
DEMUXERS = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,mp3,ogg,wav,flac"
_ADDRESS = re.compile(r"\[[^\]]* @ 0x[0-9a-f]+\] ?")
_SAFE_INPUT = ["-format_whitelist", DEMUXERS, "-protocol_whitelist", "file"]


@dataclass(frozen=True)
class Container:
    name: str  # mp4 | webm | mp3 | ogg | wav | flac
    label: str  # as a message names it
    media_types: frozenset[str]  # the Content-Types a client may declare for it
    extensions: frozenset[str]  # the file-name endings that declare it
    video_codecs: frozenset[str]
    audio_codecs: frozenset[str]
    audio: tuple[str, str]  # (media type, extension) of an audio-only file
    video: tuple[str, str] | None  # (media type, extension) of a file with video


CONTAINERS = {
    container.name: container for container in (
        Container("mp4", "MP4 or M4A (H.264, AAC)", frozenset({"video/mp4", "audio/mp4", "audio/x-m4a", "audio/m4a",
                                                              "audio/aac"}),
                  frozenset({".mp4", ".m4v", ".m4a"}), frozenset({"h264"}), frozenset({"aac"}),
                  ("audio/mp4", "m4a"), ("video/mp4", "mp4")),
        Container("webm", "WebM (VP8, VP9 or AV1; Opus or Vorbis)", frozenset({"video/webm", "audio/webm"}),
                  frozenset({".webm"}), frozenset({"vp8", "vp9", "av1"}), frozenset({"opus", "vorbis"}),
                  ("audio/webm", "webm"), ("video/webm", "webm")),
        Container("mp3", "MP3", frozenset({"audio/mpeg", "audio/mp3"}), frozenset({".mp3"}), frozenset(),
                  frozenset({"mp3"}), ("audio/mpeg", "mp3"), None),
        Container("ogg", "Ogg (Opus or Vorbis)", frozenset({"audio/ogg", "audio/opus", "application/ogg"}),
                  frozenset({".ogg", ".oga", ".opus"}), frozenset(), frozenset({"opus", "vorbis"}),
                  ("audio/ogg", "ogg"), None),
        Container("wav", "WAV (PCM)", frozenset({"audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave"}),
                  frozenset({".wav"}), frozenset(),
                  frozenset({"pcm_u8", "pcm_s16le", "pcm_s24le", "pcm_s32le", "pcm_f32le", "pcm_f64le"}),
                  ("audio/wav", "wav"), None),
        Container("flac", "FLAC", frozenset({"audio/flac", "audio/x-flac"}), frozenset({".flac"}), frozenset(),
                  frozenset({"flac"}), ("audio/flac", "flac"), None),
    )
}
ACCEPTED = "MP4 (H.264/AAC), M4A (AAC), WebM (VP8/VP9/AV1, Opus/Vorbis), MP3, Ogg (Opus/Vorbis), WAV or FLAC"
# Content-Types that say nothing of the file (browsers and curl send them for unknown endings).
_UNDECLARED = {"", "application/octet-stream", "binary/octet-stream"}
# MP4 brands of QuickTime and 3GPP files, which share ffprobe's demuxer but are not MP4.
_NOT_MP4_BRANDS = ("qt", "3g")


class MediaRejected(Exception):
    """An upload that cannot be stored: 422 (not accepted media) or 413 (too large)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Probed:
    container: str
    kind: str  # audio | video
    media_type: str
    extension: str
    duration: float  # seconds
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class StoredMedia:
    id: str  # sha256 hex of the file
    byte_size: int
    probed: Probed
    poster_width: int | None = None
    poster_height: int | None = None


def is_media_id(value: str) -> bool:
    return len(value) == MEDIA_ID_LENGTH and all(c in "0123456789abcdef" for c in value)


# -- what the client declared ---------------------------------------------------------------
def declared_containers(content_type: str | None, filename: str | None) -> list[tuple[str, str | None]]:
    """What the upload says it is, as (what said it, the container it names or None for a kind
    we do not accept): its Content-Type unless that says nothing, and its file name's ending."""
    declared = []
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type not in _UNDECLARED:
        declared.append((f"Content-Type {media_type}",
                         next((c.name for c in CONTAINERS.values() if media_type in c.media_types), None)))
    extension = os.path.splitext(filename or "")[1].lower()
    if extension:
        declared.append((f"file name ending {extension}",
                         next((c.name for c in CONTAINERS.values() if extension in c.extensions), None)))
    return declared


def check_declared(probed: Probed, declared: list[tuple[str, str | None]]) -> None:
    for said_by, container in declared:
        if container != probed.container:
            named = "another kind" if container is None else CONTAINERS[container].label
            raise MediaRejected(422, f"The file is {CONTAINERS[probed.container].label}, but its {said_by} "
                                     f"declares {named}.")


# -- what the file is -----------------------------------------------------------------------
def interpret(report: dict, head: bytes) -> Probed:
    """The accepted kind of media an ffprobe report (`-show_entries format:stream -of json`)
    describes; `head` is the file's first bytes (WebM and Matroska share a demuxer, told apart
    by the EBML DocType). Raises MediaRejected naming what is not accepted."""
    form = report.get("format") or {}
    streams = report.get("streams") or []
    names = set((form.get("format_name") or "").split(","))
    container = _container(names, form, head)
    spec = CONTAINERS[container]
    video = [s for s in streams if s.get("codec_type") == "video" and not _is_cover_art(s)]
    audio = [s for s in streams if s.get("codec_type") == "audio"]
    if len(video) > 1 or len(audio) > 1:
        raise MediaRejected(422, "The file has more than one video or audio stream; send one of each at most.")
    if not video and not audio:
        raise MediaRejected(422, "The file holds no audio or video stream.")
    if video and (spec.video is None or video[0].get("codec_name") not in spec.video_codecs):
        raise MediaRejected(422, f"{spec.label} with {video[0].get('codec_name')} video is not accepted: "
                                 f"send {ACCEPTED}.")
    if audio and audio[0].get("codec_name") not in spec.audio_codecs:
        raise MediaRejected(422, f"{spec.label} with {audio[0].get('codec_name')} audio is not accepted: "
                                 f"send {ACCEPTED}.")
    for stream in video + audio:
        if int(stream.get("nb_read_packets") or 0) == 0:
            raise MediaRejected(422, f"The file's {stream.get('codec_type')} stream holds nothing to play.")
    duration = _number(form.get("duration"))
    if duration is None or duration <= 0:
        raise MediaRejected(422, "The file's duration cannot be read: it is damaged or truncated.")
    if video:
        width, height = int(video[0].get("width") or 0), int(video[0].get("height") or 0)
        if width <= 0 or height <= 0:
            raise MediaRejected(422, "The video's picture size cannot be read.")
        media_type, extension = spec.video
        return Probed(container, "video", media_type, extension, duration, width, height)
    media_type, extension = spec.audio
    return Probed(container, "audio", media_type, extension, duration)


def _container(names: set[str], form: dict, head: bytes) -> str:
    if "mp4" in names:
        brand = ((form.get("tags") or {}).get("major_brand") or "").strip().lower()
        if brand.startswith(_NOT_MP4_BRANDS):
            raise MediaRejected(422, f"QuickTime and 3GPP files are not accepted: send {ACCEPTED}.")
        return "mp4"
    if "matroska" in names:
        if b"\x42\x82\x84webm" not in head[:64]:  # the EBML header's DocType element, "webm"
            raise MediaRejected(422, f"Matroska files other than WebM are not accepted: send {ACCEPTED}.")
        return "webm"
    for name in ("mp3", "ogg", "wav", "flac"):
        if name in names:
            return name
    raise MediaRejected(422, f"The file is not audio or video of an accepted kind: send {ACCEPTED}.")


def _is_cover_art(stream: dict) -> bool:
    """An MP3's or FLAC's cover picture, which ffprobe lists as a video stream."""
    return (stream.get("disposition") or {}).get("attached_pic") == 1


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def tail_end(packets_csv: str) -> float:
    """Where the last packet of `-show_entries packet=pts_time,duration_time -of csv=p=0` ends."""
    end = 0.0
    for line in packets_csv.splitlines():
        parts = line.split(",")
        start = _number(parts[0]) if parts else None
        length = _number(parts[1]) if len(parts) > 1 else None
        if start is not None:
            end = max(end, start + (length or 0.0))
    return end


def _run(arguments: list[str], timeout: float) -> tuple[int, str, str]:
    """Run a tool with a time limit, reading at most OUTPUT_LIMIT of what it writes (through
    files, so that a chatty tool never fills a pipe or the memory)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        try:
            finished = subprocess.run(arguments, stdin=subprocess.DEVNULL, stdout=out, stderr=err, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise MediaRejected(422, f"The file could not be read within {timeout:.0f} seconds.") from None
        except FileNotFoundError:
            raise RuntimeError(f"{arguments[0]} is not installed (the Debian package ffmpeg)") from None
        out.seek(0)
        err.seek(0)
        return (finished.returncode, out.read(OUTPUT_LIMIT).decode("utf-8", "replace"),
                err.read(OUTPUT_LIMIT).decode("utf-8", "replace"))


def _damaged(errors: str, path: Path) -> MediaRejected:
    """The tool's first complaint, without our paths or its memory addresses."""
    first = next((line for line in errors.splitlines() if line.strip()), "").replace(str(path), "the file")
    first = _ADDRESS.sub("", first).strip()
    return MediaRejected(422, f"The file is damaged or truncated, or not audio or video ({first[:200]}).")


def probe(path: Path, timeout: float = PROBE_SECONDS) -> Probed:
    """What the file at `path` is, if it is accepted media read whole without error."""
    code, out, errors = _run(["ffprobe", "-v", "error", *_SAFE_INPUT, "-count_packets",
                              "-show_entries", "format=format_name,duration:format_tags=major_brand:"
                              "stream=codec_type,codec_name,width,height,nb_read_packets:stream_disposition=attached_pic",
                              "-of", "json", str(path)], timeout)
    if code != 0 or errors.strip():
        raise _damaged(errors, path)
    try:
        report = json.loads(out)
    except ValueError:
        raise MediaRejected(422, "The file's description could not be read.") from None
    with open(path, "rb") as file:
        probed = interpret(report, file.read(64))
    start = f"{max(0.0, probed.duration - TAIL_SECONDS):.3f}"
    _, packets, _ = _run(["ffprobe", "-v", "error", *_SAFE_INPUT, "-read_intervals", f"{start}%",
                          "-show_entries", "packet=pts_time,duration_time", "-of", "csv=p=0", str(path)], timeout)
    if tail_end(packets) < probed.duration - REACH_TOLERANCE:
        raise MediaRejected(422, f"The file is truncated: it declares {probed.duration:.2f} seconds but its "
                                 f"content stops at {tail_end(packets):.2f}.")
    code, _, errors = _run(["ffmpeg", "-v", "error", "-nostdin", *_SAFE_INPUT, "-ss", start, "-i", str(path),
                            "-f", "null", "-"], timeout)
    if code != 0 or errors.strip():
        raise _damaged(errors, path)
    return probed


# -- the store --------------------------------------------------------------------------------
class MediaStore:
    """Accepted audio and video in a storage (storage/: a local directory or a bucket), by the
    sha256 of their bytes, so that every web server reads the files any of them stored.

    Layout: <id[:2]>/<id>/{file, media.json (written last: the file is whole), poster.jpg (video;
    derived, rebuilt when missing)}. An upload is spooled and checked in the storage's local
    scratch folder (ffprobe and ffmpeg read local files) and stored only once accepted."""

    def __init__(self, storage: Storage | Path):
        self.storage = storage if isinstance(storage, Storage) else LocalStorage(Path(storage))
        # The local folder, for a backup to copy (None for a bucket, kept by its own means).
        self.root = self.storage.root if isinstance(self.storage, LocalStorage) else None
        self._tmp = self.storage.scratch()

    def key(self, media_id: str) -> str:
        if not is_media_id(media_id):
            raise KeyError(media_id)
        return f"{media_id[:2]}/{media_id}"

    def file_key(self, media_id: str) -> str:
        return f"{self.key(media_id)}/file"

    def exists(self, media_id: str) -> bool:
        return is_media_id(media_id) and self.storage.exists(f"{self.key(media_id)}/media.json")

    def ingest(self, source: BinaryIO, max_bytes: int, declared: list[tuple[str, str | None]]) -> StoredMedia:
        """Store an upload if it is accepted media of its declared kind; the same bytes twice are
        one file. Refuses (MediaRejected) files over max_bytes while they are written (413),
        before anything reads them, and anything the checks find wrong (422); nothing is stored
        then."""
        work = Path(tempfile.mkdtemp(dir=self._tmp))
        try:
            digest, byte_size = _copy_hashing(source, work / "file", max_bytes)
            if byte_size == 0:
                raise MediaRejected(422, "The file is empty.")
            probed = probe(work / "file")
            check_declared(probed, declared)
            stored = StoredMedia(digest, byte_size, probed)
            if self.exists(digest):
                return self.describe(digest)
            if probed.kind == "video":
                stored = _with_poster(stored, work)
            (work / "media.json").write_text(json.dumps(asdict(stored)))
            # Locally one rename (a concurrent upload of the same bytes leaves its folder in place);
            # in a bucket file by file, media.json last.
            self.storage.put_folder(self.key(digest), work, last="media.json")
            return stored
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def describe(self, media_id: str) -> StoredMedia:
        data = json.loads(self.storage.get(f"{self.key(media_id)}/media.json"))
        return StoredMedia(**{**data, "probed": Probed(**data["probed"])})

    def poster_key(self, media_id: str) -> str | None:
        """A video's poster frame, derived again if it went missing (it is never backed up alone)."""
        if not self.exists(media_id):
            return None
        poster = f"{self.key(media_id)}/poster.jpg"
        if not self.storage.exists(poster):
            stored = self.describe(media_id)
            if stored.probed.kind != "video":
                return None
            work = Path(tempfile.mkdtemp(dir=self._tmp))
            try:
                with open(work / "file", "wb") as copy:
                    for chunk in self.storage.stream(self.file_key(media_id)):
                        copy.write(chunk)
                _with_poster(stored, work)
                self.storage.put(poster, (work / "poster.jpg").read_bytes())
            finally:
                shutil.rmtree(work, ignore_errors=True)
        return poster

    def delete(self, media_id: str) -> None:
        if is_media_id(media_id):
            self.storage.delete(f"{self.key(media_id)}/media.json")  # first: the file is no longer whole
            self.storage.delete_folder(self.key(media_id))

    def clear_abandoned_work(self, older_than: float = 86_400) -> None:
        for entry in self._tmp.iterdir():
            if time.time() - entry.stat().st_mtime > older_than:
                shutil.rmtree(entry, ignore_errors=True)


def _with_poster(stored: StoredMedia, work: Path) -> StoredMedia:
    """Write work/poster.jpg: the frame at a tenth of the video, at most POSTER_WIDTH wide."""
    at = f"{stored.probed.duration * POSTER_AT:.3f}"
    code, _, errors = _run(["ffmpeg", "-v", "error", "-nostdin", *_SAFE_INPUT, "-ss", at, "-i", str(work / "file"),
                            "-frames:v", "1", "-vf", f"scale='min({POSTER_WIDTH},iw)':-2", "-q:v", "3",
                            "-f", "image2", "-c:v", "mjpeg", str(work / "poster.jpg")], PROBE_SECONDS)
    if code != 0 or not (work / "poster.jpg").is_file():
        raise _damaged(errors, work / "file")
    try:  # our own ffmpeg wrote it, but it is made from the contributor's bytes: the one door still holds
        with open_image(work / "poster.jpg", POSTER_WIDTH * POSTER_WIDTH * 4) as poster:
            width, height = poster.size
    except ImageRejected as refused:
        raise MediaRejected(422, f"The video's poster frame cannot be read: {refused.message}") from refused
    return StoredMedia(stored.id, stored.byte_size, stored.probed, width, height)


def _copy_hashing(source: BinaryIO, target: Path, max_bytes: int) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(target, "wb") as out:
        for chunk in iter(lambda: source.read(_CHUNK), b""):
            size += len(chunk)
            if size > max_bytes:
                raise MediaRejected(413, f"The file is larger than the limit of {max_bytes} bytes.")
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest(), size
