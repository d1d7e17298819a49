"""Audio and video of objects (contributors) and of exhibitions (curators): the upload with its
label, captions (WebVTT per language) and transcript checked whole before anything is kept,
the media record the API, the pages and the manifests read, and deletion.

A file is one record, with one owner: the same bytes sent again to the same owner replace its
label, captions and transcript; sent to another owner they are refused (409): an
exhibition's media blocks name the files uploaded to that exhibition, by their id. The file is
written before its row; a refused or failed upload leaves neither.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Annotated, Any, BinaryIO

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from exhibitions.curation import blocks
from exhibitions.models import Exhibition, Media, MuseumObject
from exhibitions.objects.media_store import MediaRejected, MediaStore, StoredMedia, declared_containers
from exhibitions.problems import Problem
from exhibitions.schemas import LANGUAGE, LanguageMap, PlainText, _plain_text, field_errors, surrogate_errors

MAX_CAPTION_BYTES = 1024 * 1024
MAX_CAPTION_TRACKS = 50
# A WebVTT cue timing line: start --> end, each [hh:]mm:ss.ttt, then optional cue settings.
_TIMESTAMP = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_TIMING = re.compile(rf"^{_TIMESTAMP}[ \t]+-->[ \t]+{_TIMESTAMP}(?:[ \t].*)?$")


class MediaText(BaseModel):
    """The texts sent beside a media file (multipart fields `label` and `transcript`)."""

    model_config = ConfigDict(extra="forbid")
    label: PlainText | None = None
    transcript: Annotated[LanguageMap, AfterValidator(_plain_text)] | None = None


@dataclass(frozen=True)
class Upload:
    """A media upload as the HTTP layer hands it over: plain values and the file's stream."""

    stream: BinaryIO
    filename: str | None
    content_type: str | None
    texts: dict[str, str]  # form fields `label`, `transcript`: JSON text (or a plain label)
    captions: dict[str, bytes]  # language tag -> the WebVTT file's bytes


def _seconds(hours: str | None, minutes: str, seconds: str, millis: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def check_webvtt(data: bytes, field: str) -> str:
    """The text of a WebVTT file, or a 422 naming the field: UTF-8, the `WEBVTT` signature on its
    first line, and every cue timing line well formed with its start no later than its end."""
    def refuse(message: str):
        return Problem(422, f"'{field}' {message}.", errors=[{"field": field, "message": message}])

    if len(data) > MAX_CAPTION_BYTES:
        raise refuse(f"is {len(data)} bytes long; at most {MAX_CAPTION_BYTES}")
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise refuse("is not UTF-8 text, as WebVTT must be") from None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        raise refuse("is not WebVTT: its first line must be WEBVTT")
    for number, line in enumerate(lines, start=1):
        if "-->" not in line:
            continue
        timing = _TIMING.match(line.strip())
        if timing is None:
            raise refuse(f"has a cue timing that cannot be read on line {number}: {line.strip()[:80]!r}")
        start, end = _seconds(*timing.groups()[:4]), _seconds(*timing.groups()[4:])
        if end < start:
            raise refuse(f"has a cue that ends before it starts on line {number}")
    return text


def check_upload(upload: Upload) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """The label and transcript, and the caption tracks, of an upload: every error at once."""
    errors: list[dict[str, str]] = []
    texts: dict[str, Any] = {}
    for name, raw in upload.texts.items():
        if name not in ("label", "transcript"):
            errors.append({"field": name, "message": "is not a known field"})
            continue
        try:
            texts[name] = json.loads(raw) if raw.lstrip().startswith("{") else raw
        except ValueError:
            errors.append({"field": name, "message": "must be a language map in JSON, or plain text"})
    errors += surrogate_errors(texts)
    if not errors:
        try:
            texts = MediaText.model_validate(texts).model_dump(exclude_none=True)
        except ValidationError as error:
            errors += field_errors(error)
    if len(upload.captions) > MAX_CAPTION_TRACKS:
        errors.append({"field": "captions", "message": f"at most {MAX_CAPTION_TRACKS} languages"})
    captions = []
    for language, data in upload.captions.items():
        field = f"captions.{language}"
        if not LANGUAGE.match(language) or language == "none":
            errors.append({"field": field, "message": f"{language!r} is not a language tag (e.g. en, zh, zh-Hant)"})
            continue
        try:
            captions.append({"language": language, "vtt": check_webvtt(data, field)})
        except Problem as problem:
            errors += problem.errors
    if errors:
        raise Problem(422, f"The media upload has {len(errors)} error(s): {errors[0]['field']} "
                           f"{errors[0]['message']}.", errors=errors)
    return texts, captions


def add_media(session: Session, store: MediaStore, upload: Upload, max_bytes: int, *,
              obj: MuseumObject | None = None, exhibition: Exhibition | None = None) -> tuple[Media, bool]:
    """Store a media file for an object or an exhibition; (its record, whether it is new)."""
    texts, captions = check_upload(upload)
    try:
        stored = store.ingest(upload.stream, max_bytes, declared_containers(upload.content_type, upload.filename))
    except MediaRejected as rejected:
        raise Problem(rejected.status, rejected.message,
                      errors=[{"field": "file", "message": rejected.message}]) from None
    media = session.get(Media, stored.id)
    created = media is None
    if media is None:
        media = _new_media(stored, upload.filename, obj, exhibition)
        session.add(media)
    elif (media.object_id, media.exhibition_id) != (obj.id if obj else None, exhibition.id if exhibition else None):
        raise Problem(409, f"This file is already media {stored.id} of {owner_name(session, media)}; a file "
                           f"has one owner.",
                      errors=[{"field": "file", "message": "belongs to another object or exhibition"}])
    media.label = texts.get("label")
    media.transcript = texts.get("transcript")
    media.captions = captions
    try:
        session.flush()
    except Exception:
        if created:
            store.delete(stored.id)
        raise
    return media, created


def _new_media(stored: StoredMedia, filename: str | None, obj: MuseumObject | None,
               exhibition: Exhibition | None) -> Media:
    probed = stored.probed
    return Media(id=stored.id, kind=probed.kind, media_type=probed.media_type, extension=probed.extension,
                 duration=probed.duration, width=probed.width, height=probed.height,
                 poster_width=stored.poster_width, poster_height=stored.poster_height, byte_size=stored.byte_size,
                 object_id=obj.id if obj else None, exhibition_id=exhibition.id if exhibition else None,
                 original_name=(filename or None) and filename[:300])


def owner_name(session: Session, media: Media) -> str:
    if media.object_id is not None:
        return f"object '{media.object_id}'"
    exhibition = session.get(Exhibition, media.exhibition_id)
    return f"exhibition '{exhibition.slug if exhibition else media.exhibition_id}'"


def get_media(session: Session, media_id: str) -> Media:
    media = session.get(Media, media_id) if len(media_id) <= 64 else None
    if media is None:
        raise Problem(404, f"There is no media '{media_id}'.")
    return media


def is_public(session: Session, media: Media) -> bool:
    """Whether readers may have the file: its object is live (not in the trash), or its
    exhibition is published and its live document plays it (a file uploaded for a draft is the
    curators' until that draft goes live)."""
    if media.object_id is not None:
        return session.get(MuseumObject, media.object_id) is not None
    exhibition = session.get(Exhibition, media.exhibition_id)
    return exhibition is not None and exhibition.status == "published" and media.id in {
        media_id for _, media_id in blocks.media_references(exhibition.document)}


def forget_media(session: Session, rows: list[Media]) -> None:
    """Delete media rows; their files go once the change is committed (remove_forgotten_files)."""
    for media in rows:
        session.delete(media)
    session.info.setdefault("forgotten_media", set()).update(media.id for media in rows)
    session.flush()


def forget_owner_media(session: Session, *, object_id: str | None = None, exhibition_id: int | None = None) -> None:
    """With an object or an exhibition deleted for good, its media."""
    column = Media.object_id == object_id if object_id is not None else Media.exhibition_id == exhibition_id
    forget_media(session, list(session.scalars(select(Media).where(column))))


def remove_forgotten_files(session: Session, store: MediaStore) -> None:
    """After a commit: remove the files of the media rows the session deleted."""
    for media_id in session.info.pop("forgotten_media", ()):
        if session.get(Media, media_id) is None:
            store.delete(media_id)


def captions_text(media: Media, language: str) -> str | None:
    return next((track["vtt"] for track in media.captions if track["language"] == language), None)
