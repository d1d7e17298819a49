"""Deleting objects one by one into the trash, next to the least a delete can do: the object's
rows deleted, nothing kept, logged or decided.

Each delete also decides, image by image, whether the files are withdrawn or can go, which asks
whether any object in the trash still needs them. With N objects (20,000 by default, one stored
image each) it prints both paths' rates and, for the trash, the first and the last thousand
deletes: a lookup that grew with the trash would make the last thousand far slower.

Run: .venv/bin/python -m benchmarks.trash [--objects N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import select  # noqa: E402

from exhibitions.migrate import upgrade  # noqa: E402
from exhibitions.models import Museum, MuseumObject, ObjectImage  # noqa: E402
from exhibitions.objects import contribution  # noqa: E402
from exhibitions.objects.image_places import settle  # noqa: E402
from exhibitions.platform import Platform  # noqa: E402
from exhibitions.settings import Settings  # noqa: E402

THOUSAND = 1000


def platform_with_objects(count: int) -> Platform:
    """A SQLite platform of one museum whose objects have one stored image each (rows only:
    deciding where files go does not need the files)."""
    settings = Settings(data_dir=Path(tempfile.mkdtemp(prefix="bench-trash-")), secret_key="bench",
                        sync_on_start=False, search_retry_seconds=0)
    upgrade(settings.sqlalchemy_url)
    platform = Platform(settings)
    with platform.db.transaction() as session:
        museum = Museum(slug="m", name={"en": ["Museum"]}, country="CN")
        session.add(museum)
        session.flush()
        for n in range(count):
            fields = {"title": {"en": [f"Object {n}"]}, "rights": "http://rightsstatements.org/vocab/InC/1.0/"}
            obj = MuseumObject(id=f"m-{n}", museum_id=museum.id, accession=f"A-{n}", fields=fields)
            obj.images.append(ObjectImage(image_id=f"{n:064x}", width=100, height=100))
            session.add(obj)
    return platform


def delete_each(platform: Platform, into_trash: bool) -> list[float]:
    """Seconds per thousand deletes, each in its own transaction as the API makes them."""
    with platform.db.sessions() as session:
        ids = list(session.scalars(select(MuseumObject.id).order_by(MuseumObject.id)))
    laps, start = [], time.perf_counter()
    for n, object_id in enumerate(ids, start=1):
        with platform.db.sessions() as session:
            obj = session.get(MuseumObject, object_id)
            if into_trash:
                contribution.delete_object(session, obj)
                session.commit()
                settle(session, platform.images)
            else:
                session.delete(obj)
                session.commit()
        if n % THOUSAND == 0:
            laps.append(time.perf_counter() - start)
            start = time.perf_counter()
    return laps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objects", type=int, default=20_000)
    options = parser.parse_args()
    count = max(THOUSAND, options.objects // THOUSAND * THOUSAND)
    print(f"{count:,} objects, deleted one by one ...", flush=True)
    trash = delete_each(platform_with_objects(count), into_trash=True)
    gone = delete_each(platform_with_objects(count), into_trash=False)
    trash_rate, gone_rate = count / sum(trash), count / sum(gone)
    print()
    print(f"Trash benchmark: {count:,} objects with one image each, SQLite")
    print(f"  into the trash (kept whole)         {trash_rate:8,.0f} deletes/s")
    print(f"  the rows deleted, nothing else      {gone_rate:8,.0f} deletes/s"
          f"   trash / rows {trash_rate / gone_rate:.2f}x")
    print(f"  trash: first / last thousand        {THOUSAND / trash[0]:8,.0f} / {THOUSAND / trash[-1]:,.0f} deletes/s"
          f"   last / first {trash[0] / trash[-1]:.2f}x")


if __name__ == "__main__":
    main()
