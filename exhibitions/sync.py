"""Committing a change and passing it on right after: to the search index (best effort: what
cannot be delivered now stays in the outbox) and to the image store, for the images the change
moved into or out of the trash (what cannot be moved now stays marked), and to the media store,
for the media files the change deleted."""

from __future__ import annotations

from sqlalchemy.orm import Session

from exhibitions.media import remove_forgotten_files
from exhibitions.platform import current_platform


def commit(session: Session) -> None:
    session.commit()
    platform = current_platform()
    platform.deliver_outbox()
    platform.settle_images()
    remove_forgotten_files(session, platform.media)
