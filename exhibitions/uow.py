"""The unit of work: one place that commits a session and then runs what follows a commit,
whoever commits (a request, a command, a worker), with no Flask in it. What follows: the search
outbox goes to the queue for delivery (never sent in the request: an index that hangs does not
slow a write), the images the change moved into or out of the trash are settled, the media
files it deleted are removed, and the images it stored are queued for their tile pyramids.

A session knows its platform (Platform puts itself in every session's info); services note in
the session's info what a commit must be followed by (DERIVE: image ids)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from sqlalchemy.orm import Session

from exhibitions.objects.media import remove_forgotten_files

if TYPE_CHECKING:
    from exhibitions.platform import Platform

DERIVE = "images_to_derive"


class FollowUps(Protocol):
    """What the queue does after commits (exhibitions.tasks.TaskQueue)."""

    def deliver_outbox(self) -> None: ...

    def derive(self, image_ids: list[str]) -> None: ...

    def stop(self) -> None: ...


def commit(session: Session) -> None:
    session.commit()
    follow_up(session)


def follow_up(session: Session) -> None:
    """What follows a commit of this session (also after a commit made another way)."""
    platform: Platform = session.info["platform"]
    to_derive = sorted(session.info.pop(DERIVE, ()))
    if platform.tasks is not None:
        platform.tasks.deliver_outbox()
        if to_derive:
            platform.tasks.derive(to_derive)
    else:  # a platform with no queue (a backup restore, a benchmark): deliver in this thread
        platform.deliver_outbox()
    platform.settle_images()
    remove_forgotten_files(session, platform.media)


def note_derivation(session: Session, image_id: str) -> None:
    """The image's pyramid is to be derived once this session's change is committed."""
    session.info.setdefault(DERIVE, set()).add(image_id)
