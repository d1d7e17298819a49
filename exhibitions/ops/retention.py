"""What operators let go of on purpose, by their alliance's retention: the trash emptied of what
was deleted more than so many days ago (`flask --app wsgi trash empty`), with the image files no
object needs any more, and earlier versions pruned (`flask --app wsgi versions prune`). The
platform empties the trash on its own only with TRASH_RETENTION_DAYS set (the queue's sweep)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select

from exhibitions.curation import documents
from exhibitions.models import Exhibition, ExhibitionVersion, ObjectVersion, TrashedObject
from exhibitions.objects import contribution
from exhibitions.objects.image_places import settle
from exhibitions.objects.media import remove_forgotten_files

if TYPE_CHECKING:
    from exhibitions.platform import Platform

# Objects deleted for good per transaction: a large trash goes in steps that each commit.
BATCH = 200


@dataclass
class EmptiedTrash:
    objects: int
    exhibitions: int

    def summary(self, days: int, dry_run: bool) -> str:
        verb = "Would delete" if dry_run else "Deleted"
        return (f"{verb} for good {self.objects} object(s) and {self.exhibitions} exhibition(s) "
                f"in the trash for more than {days} day(s).")


def count_older(platform: Platform, before: datetime) -> EmptiedTrash:
    with platform.db.sessions() as session:
        objects = session.scalar(select(func.count()).select_from(TrashedObject)
                                 .where(TrashedObject.deleted < before))
        exhibitions = session.scalar(select(func.count()).select_from(Exhibition)
                                     .where(Exhibition.status == "deleted", Exhibition.deleted < before))
    return EmptiedTrash(objects, exhibitions)


def empty_trash(platform: Platform, before: datetime,
                progress: Callable[[int, int], None] | None = None) -> EmptiedTrash:
    """Delete for good what was moved to the trash before `before`; `progress(done, total)`."""
    total = count_older(platform, before)
    done = EmptiedTrash(0, 0)
    while True:
        with platform.db.sessions() as session:
            batch = session.scalars(select(TrashedObject).where(TrashedObject.deleted < before)
                                    .order_by(TrashedObject.deleted).limit(BATCH)).all()
            if not batch:
                break
            for trashed in batch:
                contribution.delete_for_good(session, trashed)
            session.commit()
            settle(session, platform.images)
            remove_forgotten_files(session, platform.media)
        done.objects += len(batch)
        if progress:
            progress(done.objects, total.objects + total.exhibitions)
    with platform.db.sessions() as session:
        for exhibition in session.scalars(select(Exhibition).where(Exhibition.status == "deleted",
                                                                   Exhibition.deleted < before)).all():
            documents.delete_for_good(session, exhibition)
            session.commit()
            remove_forgotten_files(session, platform.media)
            done.exhibitions += 1
            if progress:
                progress(done.objects + done.exhibitions, total.objects + total.exhibitions)
    return done


@dataclass
class PrunedVersions:
    objects: int
    exhibitions: int

    def summary(self, keep: int, days: int, dry_run: bool) -> str:
        verb = "Would delete" if dry_run else "Deleted"
        return (f"{verb} {self.objects} earlier object version(s) and {self.exhibitions} exhibition version(s) "
                f"beyond the {keep} newest of each record and more than {days} day(s) old.")


def _prunable(model, owner, moment, keep: int, before: datetime):
    """The ids of versions beyond their record's `keep` newest whose moment (an object
    version's replacement, an exhibition version's save) came before `before`. An exhibition's
    current version is its newest, so it always stays."""
    newer = model.__table__.alias("newer")
    newest = select(func.max(newer.c.number)).where(newer.c[owner.key] == owner).scalar_subquery()
    return select(model.id).where(model.number <= newest - keep, moment < before)


def prune_versions(platform: Platform, keep: int, before: datetime, dry_run: bool = False) -> PrunedVersions:
    counts = []
    with platform.db.sessions() as session:
        for model, owner, moment in ((ObjectVersion, ObjectVersion.object_id, ObjectVersion.replaced),
                                     (ExhibitionVersion, ExhibitionVersion.exhibition_id, ExhibitionVersion.saved)):
            doomed = _prunable(model, owner, moment, keep, before)
            if dry_run:
                counts.append(session.scalar(select(func.count()).select_from(doomed.subquery())))
            else:
                counts.append(session.execute(delete(model).where(model.id.in_(doomed))).rowcount)
        session.commit()
    return PrunedVersions(*counts)
