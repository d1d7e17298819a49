"""The database models: museums, their objects and images, the objects' earlier metadata, the
objects in the trash, exhibitions and their versions, accounts, their password-reset links,
tokens, failed logins, bulk
import jobs, and the logs written in the same transaction as a change (search outbox, IIIF
activities, images whose files have to move)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exhibitions.db import Base


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """A time read back from the database, made aware: SQLite gives naive ones (written as UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Museum(Base):
    __tablename__ = "museums"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[dict[str, list[str]]] = mapped_column(JSON)
    country: Mapped[str] = mapped_column(String(2))
    city: Mapped[str | None] = mapped_column(String(200))
    homepage: Mapped[str | None] = mapped_column(String(500))
    logo: Mapped[str | None] = mapped_column(String(500))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    joined: Mapped[date | None] = mapped_column(Date)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # A few lines about the museum, as a language map.
    description: Mapped[dict[str, list[str]] | None] = mapped_column(JSON)
    # The museum's picture on its page and in its IIIF collection: an image of the image store
    # (as objects' images are), with its size so that pages can ask for it without reading it.
    profile_image: Mapped[str | None] = mapped_column(String(64), index=True)
    profile_width: Mapped[int | None] = mapped_column(Integer)
    profile_height: Mapped[int | None] = mapped_column(Integer)
    # The rights its objects most often carry: the contributor's object form starts with it, and
    # an import row without rights takes it (the object API still requires rights).
    default_rights: Mapped[str | None] = mapped_column(String(300))

    objects: Mapped[list[MuseumObject]] = relationship(back_populates="museum")


class MuseumObject(Base):
    """A museum's object. `id` is global and stable; `accession` is unique within the museum."""

    __tablename__ = "objects"
    __table_args__ = (UniqueConstraint("museum_id", "accession"),)

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    museum_id: Mapped[int] = mapped_column(ForeignKey("museums.id"), index=True)
    accession: Mapped[str] = mapped_column(String(200))
    # The validated metadata as the API takes it; its schema lives in exhibitions.schemas.
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    # What an imported object's IIIF manifest said that no field of ours holds (iiif.source).
    iiif_source: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    modified: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)

    museum: Mapped[Museum] = relationship(back_populates="objects")
    images: Mapped[list[ObjectImage]] = relationship(
        back_populates="object", order_by="ObjectImage.position", cascade="all, delete-orphan"
    )
    # Its audio and video, which stay keyed by its id through the trash (exhibitions.objects.media).
    media: Mapped[list[Media]] = relationship(
        primaryjoin="foreign(Media.object_id) == MuseumObject.id", order_by="Media.created", viewonly=True
    )


class ObjectImage(Base):
    """An image of an object. `image_id` is the sha256 of the stored master; images are remote
    (`service` set) when a museum's own IIIF server holds them."""

    __tablename__ = "images"
    __table_args__ = (UniqueConstraint("object_id", "image_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    object_id: Mapped[str] = mapped_column(ForeignKey("objects.id", ondelete="CASCADE"), index=True)
    image_id: Mapped[str] = mapped_column(String(64), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    format: Mapped[str | None] = mapped_column(String(16))
    byte_size: Mapped[int | None] = mapped_column(Integer)
    original_name: Mapped[str | None] = mapped_column(String(300))
    service: Mapped[str | None] = mapped_column(String(1000))
    service_type: Mapped[str | None] = mapped_column(String(32))
    profile: Mapped[str | None] = mapped_column(String(200))  # the remote service's compliance level
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    object: Mapped[MuseumObject] = relationship(back_populates="images")


class Media(Base):
    """An audio or video file of an object or of an exhibition (one owner), by the sha256 of its
    bytes, with its captions (WebVTT text per language) and transcript. Owners are named by id,
    not foreign keys, so that an object's media stay with it through the trash and back."""

    __tablename__ = "media"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # audio | video
    media_type: Mapped[str] = mapped_column(String(40))  # video/mp4, audio/webm, ...
    extension: Mapped[str] = mapped_column(String(8))  # of its URL: mp4, m4a, webm, mp3, ogg, wav, flac
    duration: Mapped[float] = mapped_column(Float)  # seconds
    width: Mapped[int | None] = mapped_column(Integer)  # video only
    height: Mapped[int | None] = mapped_column(Integer)
    poster_width: Mapped[int | None] = mapped_column(Integer)
    poster_height: Mapped[int | None] = mapped_column(Integer)
    byte_size: Mapped[int] = mapped_column(BigInteger)
    object_id: Mapped[str | None] = mapped_column(String(80), index=True)
    exhibition_id: Mapped[int | None] = mapped_column(Integer, index=True)
    label: Mapped[dict[str, list[str]] | None] = mapped_column(JSON)
    # [{"language": "en", "vtt": "WEBVTT ..."}], in the order sent
    captions: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    transcript: Mapped[dict[str, list[str]] | None] = mapped_column(JSON)
    original_name: Mapped[str | None] = mapped_column(String(300))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ObjectVersion(Base):
    """An object's metadata as it was before a change replaced it, so that no museum loses a
    record to a mistaken save or import. Keyed by the object's id, not a foreign key: the
    history stays with an object through the trash and back."""

    __tablename__ = "object_versions"
    __table_args__ = (UniqueConstraint("object_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    object_id: Mapped[str] = mapped_column(String(80), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1 for the object's first metadata, and on
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    saved: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # when this metadata was saved
    replaced: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    replaced_by: Mapped[str | None] = mapped_column(String(320))  # an account, a token's name, or an import


class TrashedObject(Base):
    """A deleted object, kept whole until its museum restores it or deletes it for good.

    A copy rather than a flag on `objects`: everything that reads objects (the API, search,
    manifests, exhibitions) sees only live ones without having to know about the trash.
    """

    __tablename__ = "trashed_objects"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)  # the object's id, kept for its restoration
    museum_id: Mapped[int] = mapped_column(ForeignKey("museums.id"), index=True)
    accession: Mapped[str] = mapped_column(String(200))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Its images as they were, in order: the columns of ObjectImage but its own ids, times as ISO 8601.
    images: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    modified: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    deleted: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    deleted_by: Mapped[str | None] = mapped_column(String(320))  # an account's email, or an API token's name

    museum: Mapped[Museum] = relationship()
    stored_images: Mapped[list[TrashedImage]] = relationship(cascade="all, delete-orphan")


class TrashedImage(Base):
    """Which stored image files an object in the trash still needs: the indexed lookup that
    decides, image by image, whether a file is withdrawn or can go (its full rows are in
    TrashedObject.images)."""

    __tablename__ = "trashed_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    object_id: Mapped[str] = mapped_column(ForeignKey("trashed_objects.id", ondelete="CASCADE"), index=True)
    image_id: Mapped[str] = mapped_column(String(64), index=True)


class Exhibition(Base):
    __tablename__ = "exhibitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="draft")  # draft | published | deleted (the trash)
    # The whole exhibition document (title, summary, sections with items and captions).
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    modified: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # A draft is published by the platform once this time has come (exhibitions.curation.documents).
    publish_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    # When it was moved to the trash, from which it can be restored with its history.
    deleted: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The number of its current version (ExhibitionVersion); also its ETag in the API.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # The curators' working draft (a whole document, stored as `document` is), or None: readers,
    # manifests and harvesters only ever see `document`; publishing makes the draft live.
    draft: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    # The draft's ETag: moves on every save, discard and publication of a draft, never back.
    draft_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    draft_saved: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    draft_saved_by: Mapped[str | None] = mapped_column(String(320))
    # none | submitted | returned | approved (exhibitions.curation.studio); its events: ExhibitionReview.
    review_state: Mapped[str] = mapped_column(String(16), default="none", server_default="none", index=True)

    # Every UPDATE or DELETE of the row says "where version is still the one read": a change
    # that lost a race with another fails (StaleDataError) instead of overwriting it. The
    # number itself moves only when the document does (exhibitions.curation.documents).
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class ExhibitionVersion(Base):
    """An exhibition's document as one save left it: every save that changed it adds one, so
    that no curator's work is lost to a later save and any version can be restored."""

    __tablename__ = "exhibition_versions"
    __table_args__ = (UniqueConstraint("exhibition_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    exhibition_id: Mapped[int] = mapped_column(ForeignKey("exhibitions.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    saved: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    saved_by: Mapped[str | None] = mapped_column(String(320))  # an account's email, or an API token's name
    restored_from: Mapped[int | None] = mapped_column(Integer)


class ExhibitionTeamMember(Base):
    """One of an exhibition's team: the curator who made it (creator) or one they invited, named
    as histories name people: an account's email, or "API token <label>"."""

    __tablename__ = "exhibition_team"
    __table_args__ = (UniqueConstraint("exhibition_id", "member"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    exhibition_id: Mapped[int] = mapped_column(ForeignKey("exhibitions.id", ondelete="CASCADE"))
    member: Mapped[str] = mapped_column(String(320), index=True)
    creator: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    added: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ExhibitionReview(Base):
    """One step of a draft's review: who moved it to which state, when, and why."""

    __tablename__ = "exhibition_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    exhibition_id: Mapped[int] = mapped_column(ForeignKey("exhibitions.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(16))  # submitted | returned | approved | withdrawn
    state: Mapped[str] = mapped_column(String(16))  # the review state it left
    comment: Mapped[str | None] = mapped_column(Text)
    by: Mapped[str | None] = mapped_column(String(320))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Account(Base):
    """A login for the pages."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(16))
    museum_id: Mapped[int | None] = mapped_column(ForeignKey("museums.id"))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # A disabled account logs in no more, and neither its sessions nor the tokens it made work.
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Login sessions carry the number they began under; disabling the account or setting a new
    # password moves it on, which ends every session begun before.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    museum: Mapped[Museum | None] = relationship()


class PasswordReset(Base):
    """A one-time link to set an account's password, valid until `expires`; only the sha256 of
    its token is kept, so the link is shown once, to the admin who made it."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str | None] = mapped_column(String(320))

    account: Mapped[Account] = relationship()


class LoginFailure(Base):
    """A failed login for an email (whether or not it has an account) from a client address,
    kept while it counts towards the throttles of both (exhibitions.accounts.auth)."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    address: Mapped[str | None] = mapped_column(String(64), index=True)
    time: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class ApiToken(Base):
    """A bearer token for the API; only its sha256 is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    museum_id: Mapped[int | None] = mapped_column(ForeignKey("museums.id"))
    label: Mapped[str | None] = mapped_column(String(200))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Written at most once a minute per token (exhibitions.accounts.auth), so that use costs no write.
    last_used: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The account that made it on the admin pages or the API, whose disabling stops it too.
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), index=True)

    museum: Mapped[Museum | None] = relationship()
    account: Mapped[Account | None] = relationship()


class OutboxEntry(Base):
    """'Object X changed': written with the change, removed once the search index has it."""

    __tablename__ = "search_outbox"
    # Ids are never reused (SQLite otherwise reuses those of a table emptied): a delivery marks
    # as done the ids it read, which must not by then name newer changes.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    object_id: Mapped[str] = mapped_column(String(80), index=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # Held by the delivery sending it until then (after a failed one: until its retry); a
    # delivery that stopped with its process lets go when the time has passed.
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ImageDerivation(Base):
    """'Image X has its master stored but not yet its tile pyramid': written with the image's
    row, removed once the pyramid is in place. A worker deriving it holds it until claimed_until;
    one killed part way lets go then, and the next sweep hands it to another."""

    __tablename__ = "image_derivations"

    image_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)


class UnsettledImage(Base):
    """'Image X may belong elsewhere now': written with a change that moves an object into or
    out of the trash or deletes it, removed once the image store has followed (so that a crash
    between the commit and the move of the files loses nothing)."""

    __tablename__ = "unsettled_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    image_id: Mapped[str] = mapped_column(String(64), index=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Activity(Base):
    """A Create, Update or Delete of a published manifest, for IIIF Change Discovery."""

    __tablename__ = "activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(8))  # Create | Update | Delete
    target_kind: Mapped[str] = mapped_column(String(16))  # object | exhibition
    target_id: Mapped[str] = mapped_column(String(100))
    time: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class IIIFSource(Base):
    """A museum's own IIIF collection (or one manifest) that the platform harvests, again and
    again: `manifests` remembers, per manifest URL, its object and the validators its server
    last sent (ETag, Last-Modified), so that a harvest asks only for what changed and moves to
    the trash the objects of manifests the source no longer lists."""

    __tablename__ = "iiif_sources"
    __table_args__ = (UniqueConstraint("museum_id", "url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    museum_id: Mapped[int] = mapped_column(ForeignKey("museums.id"), index=True)
    url: Mapped[str] = mapped_column(String(1000))
    default_rights: Mapped[str | None] = mapped_column(String(300))
    manifests: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_job_id: Mapped[str | None] = mapped_column(String(32))

    museum: Mapped[Museum] = relationship()


class ImportJob(Base):
    """A bulk import that outlasts its request: queued, running, then finished or failed.
    Its files wait in the data directory until a worker has read them; the report stays."""

    __tablename__ = "import_jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    museum_id: Mapped[int] = mapped_column(ForeignKey("museums.id"), index=True)
    filename: Mapped[str] = mapped_column(String(300))
    has_images: Mapped[bool] = mapped_column(Boolean, default=False)
    # A harvest of a IIIF source rather than a file's rows (exhibitions.imports.iiif_sources).
    source_id: Mapped[int | None] = mapped_column(ForeignKey("iiif_sources.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int | None] = mapped_column(Integer)
    # ImportReport.as_json() once finished; the reason once failed.
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    started: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Written as rows go by: a running job whose heartbeat stops lost its process.
    heartbeat: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    museum: Mapped[Museum] = relationship()
