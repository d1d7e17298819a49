"""The image store checked against the database (`flask --app wsgi images settle`).

A backup restored by hand, or files moved outside the platform, can leave the store out of step
with the database: an image still served for an object in the trash, or withdrawn for a live
one. (A crash between a commit and the move of an image's files is repaired without this: the
commit marked the image unsettled, see image_places.) This settles the marked images first,
then puts every image where the database says it belongs, reports the images objects show that
have no file (those are lost: restore them from a backup), and reports the files no object has,
removing them only when asked (an upload writes its file before its row, so only files older
than a day are removed).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select

from exhibitions.models import Museum, ObjectImage, TrashedImage
from exhibitions.objects.image_places import place_image, settle

if TYPE_CHECKING:
    from exhibitions.platform import Platform

UNUSED_GRACE_SECONDS = 86_400


@dataclass
class StoreReport:
    checked: int = 0
    served: int = 0
    withdrawn: int = 0
    unused: int = 0
    removed: int = 0
    missing: list[str] = field(default_factory=list)

    def summary(self) -> str:
        unused = (f"{self.unused} no object has ({self.removed} removed)" if self.removed
                  else f"{self.unused} no object has (kept: --remove-unused removes those over a day old)")
        return (f"Checked {self.checked} images: {self.served} served for live objects, {self.withdrawn} withdrawn "
                f"for objects in the trash, {unused}; {len(self.missing)} missing.")


def referenced_images(platform: Platform) -> tuple[set[str], set[str]]:
    """The stored images live objects (and museums' profiles) show, and those objects in the trash have."""
    with platform.db.sessions() as session:
        shown = set(session.scalars(select(ObjectImage.image_id).where(ObjectImage.service.is_(None))))
        shown |= set(session.scalars(select(Museum.profile_image).where(Museum.profile_image.is_not(None))))
        in_trash = set(session.scalars(select(TrashedImage.image_id)))
    return shown, in_trash


def settle_store(platform: Platform, remove_unused: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> StoreReport:
    store = platform.images
    with platform.db.sessions() as session:
        settle(session, store)
    kept = store.kept_ids()
    shown, in_trash = referenced_images(platform)
    everything = sorted(kept.keys() | shown | in_trash)
    report = StoreReport(checked=len(everything))
    old_enough = time.time() - UNUSED_GRACE_SECONDS
    for done, image_id in enumerate(everything, start=1):
        if image_id not in kept:
            report.missing.append(image_id)
        elif image_id in shown or image_id in in_trash:
            place_image(store, image_id, shown=image_id in shown, in_trash=image_id in in_trash)
            if image_id in shown:
                report.served += 1
            else:
                report.withdrawn += 1
        else:
            report.unused += 1
            if remove_unused and kept[image_id] < old_enough:
                place_image(store, image_id, shown=False, in_trash=False)
                report.removed += 1
        if progress:
            progress(done, len(everything))
    return report
