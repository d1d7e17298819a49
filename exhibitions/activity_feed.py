"""Change Discovery follows what each manifest shows, not only what was edited.

An object's manifest shows its museum (name, homepage, logo); an exhibition's manifest shows its
objects and their museums. So before each flush, the activities a change records spread to the
manifests that show it: a museum whose shown fields changed gives each of its objects an Update,
and every object activity gives each published exhibition that shows the object an Update (one
per exhibition and flush).

On PostgreSQL, transactions that record activities take one advisory lock until they commit, so
activities commit in the order of their ids: an aggregator reading back from the stream's last
page never finds an older activity appear behind one it has already read. SQLite has one writer
at a time already.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from exhibitions.curation import blocks
from exhibitions.models import Activity, Exhibition, Museum, MuseumObject

# What an object's manifest shows of its museum (iiif.presentation.museum_provider, attribution).
SHOWN_MUSEUM_FIELDS = ("name", "homepage", "logo")
# Any fixed number, the same in every process: the key of the activity stream's advisory lock.
ACTIVITY_LOCK = 0x11F_D15C


def _changed_museums(session: Session) -> list[Museum]:
    return [museum for museum in session.dirty if isinstance(museum, Museum)
            and any(inspect(museum).attrs[name].history.has_changes() for name in SHOWN_MUSEUM_FIELDS)]


def follow_shown_changes(session: Session, _flush_context: Any, _instances: Any) -> None:
    """A `before_flush` listener: add the activities of the manifests that show what changed."""
    with session.no_autoflush:
        new = [row for row in session.new if isinstance(row, Activity)]
        objects = {row.target_id for row in new if row.target_kind == "object"}
        for museum in _changed_museums(session):
            if museum.id is None:
                continue
            for object_id in session.scalars(select(MuseumObject.id).where(MuseumObject.museum_id == museum.id)):
                if object_id not in objects:
                    objects.add(object_id)
                    new.append(Activity(type="Update", target_kind="object", target_id=object_id))
                    session.add(new[-1])
        if objects:
            noted = {row.target_id for row in new if row.target_kind == "exhibition"}
            shown = session.execute(select(Exhibition.slug, Exhibition.document)
                                    .where(Exhibition.status == "published"))
            for slug, document in shown:
                if slug not in noted and blocks.object_ids_of(document) & objects:
                    noted.add(slug)
                    new.append(Activity(type="Update", target_kind="exhibition", target_id=slug))
                    session.add(new[-1])
        if new and session.get_bind().dialect.name == "postgresql":
            session.execute(select(func.pg_advisory_xact_lock(ACTIVITY_LOCK)))
