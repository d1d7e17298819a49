"""Committing a change and passing it on to the search index right after (best effort: what
cannot be delivered now stays in the outbox for `search sync`)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from exhibitions.platform import current_platform


def commit(session: Session) -> None:
    session.commit()
    current_platform().deliver_outbox()
