"""Where a stored image's files belong, as the database decides: served while a live object
(or a museum, as its profile image) shows the image, withdrawn (kept, not served) while only
objects in the trash have it, removed when nothing has it any more.

A change that moves an object into or out of the trash, or deletes it for good, marks its
images unsettled in its own transaction; once committed, `settle` moves the files and clears
the marks. Marks left by a process that stopped in between are settled by the next commit, by
the next start, or by `flask --app wsgi images settle`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from exhibitions.models import Museum, ObjectImage, TrashedImage, UnsettledImage
from iiif.image.store import ImageStore

log = logging.getLogger(__name__)

BATCH = 500


def image_in_use(session: Session, image_id: str) -> bool:
    """Whether a live object or a museum's profile shows the image."""
    return (session.scalar(select(func.count()).where(ObjectImage.image_id == image_id)) > 0
            or session.scalar(select(Museum.id).where(Museum.profile_image == image_id).limit(1)) is not None)


def image_in_trash(session: Session, image_id: str) -> bool:
    return session.scalar(select(TrashedImage.id).where(TrashedImage.image_id == image_id).limit(1)) is not None


def mark_unsettled(session: Session, image_ids: Iterable[str]) -> None:
    session.add_all(UnsettledImage(image_id=image_id) for image_id in dict.fromkeys(image_ids))


def settle(session: Session, store: ImageStore) -> int:
    """Move the files of every unsettled image to where the database now says they belong;
    returns how many images were settled. An image whose files cannot be moved now stays
    marked, and the next settling tries again."""
    count, after = 0, 0
    while True:
        marks = session.execute(select(UnsettledImage.id, UnsettledImage.image_id).where(UnsettledImage.id > after)
                                .order_by(UnsettledImage.id).limit(BATCH)).all()
        if not marks:
            return count
        after = marks[-1].id
        # Only the marks read here are cleared: a change committed meanwhile settles its own.
        settled: dict[str, bool] = {}
        for _, image_id in marks:
            if image_id not in settled:
                settled[image_id] = _settle_one(session, store, image_id)
        session.execute(delete(UnsettledImage).where(
            UnsettledImage.id.in_([mark for mark, image_id in marks if settled[image_id]])))
        session.commit()
        count += sum(settled.values())


def _settle_one(session: Session, store: ImageStore, image_id: str) -> bool:
    try:
        place_image(store, image_id, shown=image_in_use(session, image_id), in_trash=image_in_trash(session, image_id))
    except OSError:
        log.exception("the files of image %s could not be moved; the next settling tries again", image_id)
        return False
    return True


def place_image(store: ImageStore, image_id: str, *, shown: bool, in_trash: bool) -> None:
    if shown:
        store.reinstate(image_id)
    elif in_trash:
        store.withdraw(image_id)
    else:
        store.delete(image_id)
        store.discard_withdrawn(image_id)
