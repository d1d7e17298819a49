"""With TRASH_RETENTION_DAYS set, the task queue's sweep deletes for good what has been in the
trash longer than that, and leaves what is younger."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from exhibitions.models import TrashedObject, utcnow
from tests.conftest import wait_until
from tests.exhibitions.conftest import put, queued_settings


@pytest.fixture
def settings(settings):
    return replace(queued_settings(settings), trash_retention_days=30)


def in_trash(platform) -> set[str]:
    with platform.db.sessions() as session:
        return set(session.scalars(select(TrashedObject.accession)))


def test_the_sweep_empties_the_trash_of_what_is_past_its_retention(client, platform, nmc_token):
    for accession in ("OLD-1", "NEW-1"):
        object_id = put(client, nmc_token, accession=accession).get_json()["id"]
        assert client.delete(f"/api/v1/objects/{object_id}", headers=nmc_token).status_code in (200, 204)
    with platform.db.transaction() as session:  # one of them was deleted 31 days ago
        session.execute(update(TrashedObject).where(TrashedObject.accession == "OLD-1")
                        .values(deleted=utcnow() - timedelta(days=31)))
    wait_until(lambda: in_trash(platform) == {"NEW-1"}, 60, "the sweep never emptied the trash")
