"""Emptying the trash (`flask --app wsgi trash empty --older-than DAYS`): the objects and
exhibitions deleted longer ago than that are deleted for good, with the image files no object
needs any more. Nothing else ever empties it, so each alliance decides how long it keeps things."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from exhibitions import contribution, curation
from exhibitions.models import Exhibition, TrashedObject

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
            images = [image_id for trashed in batch for image_id in contribution.delete_for_good(session, trashed)]
            session.commit()
            contribution.settle_images(session, platform.images, images)
        done.objects += len(batch)
        if progress:
            progress(done.objects, total.objects + total.exhibitions)
    with platform.db.sessions() as session:
        for exhibition in session.scalars(select(Exhibition).where(Exhibition.status == "deleted",
                                                                   Exhibition.deleted < before)).all():
            curation.delete_for_good(session, exhibition)
            session.commit()
            done.exhibitions += 1
            if progress:
                progress(done.objects + done.exhibitions, total.objects + total.exhibitions)
    return done
