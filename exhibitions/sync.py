"""Committing a change and passing it on right after: to the search index (best effort: what
cannot be delivered now stays in the outbox) and to the image store, for the images the change
moved into or out of the trash."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from exhibitions.contribution import settle_images
from exhibitions.platform import current_platform


def commit(session: Session, images: Iterable[str] = ()) -> None:
    session.commit()
    platform = current_platform()
    platform.deliver_outbox()
    settle_images(session, platform.images, list(images))
