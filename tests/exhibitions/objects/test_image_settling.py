"""A change that moves an object into or out of the trash marks its images in its own
transaction, so that a process stopping between the commit and the move of the files loses
nothing: the next commit, or the next start, moves them."""

from __future__ import annotations

import dataclasses
import logging

from sqlalchemy import func, select

from exhibitions import create_app
from exhibitions.models import MuseumObject, TrashedObject, UnsettledImage
from exhibitions.objects import contribution
from exhibitions.objects.image_places import settle
from tests.conftest import image_bytes
from tests.exhibitions.conftest import put, upload


def object_with_image(client, token, accession="A-1") -> tuple[str, str]:
    record = put(client, token, accession).get_json()
    image = upload(client, token, image_bytes(60, 40), accession).get_json()
    return record["id"], image["id"]


def unsettled(platform) -> int:
    with platform.db.sessions() as session:
        return session.scalar(select(func.count()).select_from(UnsettledImage))


def trash_then_stop(platform, object_id: str) -> None:
    """What a web process did before it was killed: the change committed, the files not moved."""
    with platform.db.sessions() as session:
        contribution.delete_object(session, session.get(MuseumObject, object_id))
        session.commit()


def test_a_change_leaves_no_mark_once_its_images_have_moved(client, platform, nmc_token):
    object_id, image_id = object_with_image(client, nmc_token)
    client.delete(f"/api/v1/objects/{object_id}", headers=nmc_token)
    assert platform.images.is_withdrawn(image_id) and unsettled(platform) == 0
    client.post(f"/api/v1/trash/objects/{object_id}/restore", headers=nmc_token)
    assert client.get(f"/iiif/3/{image_id}/info.json").status_code == 200 and unsettled(platform) == 0


def test_the_next_commit_moves_the_images_a_stopped_process_left_behind(client, platform, nmc_token):
    object_id, image_id = object_with_image(client, nmc_token)
    trash_then_stop(platform, object_id)
    assert client.get(f"/iiif/3/{image_id}/info.json").status_code == 200  # still served: out of step
    assert unsettled(platform) == 1

    assert put(client, nmc_token, "B-2").status_code == 201  # any change, by anyone

    assert client.get(f"/iiif/3/{image_id}/info.json").status_code == 404
    assert platform.images.is_withdrawn(image_id) and unsettled(platform) == 0


def test_the_next_start_moves_them_too(app, client, platform, settings, nmc_token):
    object_id, image_id = object_with_image(client, nmc_token)
    trash_then_stop(platform, object_id)
    restarted = create_app(dataclasses.replace(settings, sync_on_start=True))
    try:
        assert restarted.test_client().get(f"/iiif/3/{image_id}/info.json").status_code == 404
        assert unsettled(platform) == 0

        with platform.db.sessions() as session:  # and a restore cut short the same way
            contribution.restore_object(session, session.get(TrashedObject, object_id))
            session.commit()
        assert client.get(f"/iiif/3/{image_id}/info.json").status_code == 404
    finally:
        restarted.extensions["caravanserai"].close()
    again = create_app(dataclasses.replace(settings, sync_on_start=True))
    try:
        assert again.test_client().get(f"/iiif/3/{image_id}/info.json").status_code == 200
    finally:
        again.extensions["caravanserai"].close()


def test_files_that_cannot_move_now_stay_marked_until_they_can(client, platform, nmc_token, caplog):
    object_id, image_id = object_with_image(client, nmc_token)
    blocker = platform.images.withdrawn_dir(image_id)
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_bytes(b"a file where the withdrawn folder goes")

    with caplog.at_level(logging.ERROR):
        assert client.delete(f"/api/v1/objects/{object_id}", headers=nmc_token).status_code == 204
    assert f"the files of image {image_id} could not be moved" in caplog.text
    assert unsettled(platform) == 1 and not platform.images.is_withdrawn(image_id)

    blocker.unlink()
    with platform.db.sessions() as session:
        assert settle(session, platform.images) == 1
    assert platform.images.is_withdrawn(image_id) and unsettled(platform) == 0


def test_an_image_another_object_shows_stays_served_whatever_the_order_of_the_marks(client, platform, nmc_token):
    first, image_id = object_with_image(client, nmc_token, "A-1")
    second = put(client, nmc_token, "A-2").get_json()["id"]
    upload(client, nmc_token, image_bytes(60, 40), "A-2")  # the same bytes: one stored image
    trash_then_stop(platform, first)
    trash_then_stop(platform, second)
    with platform.db.sessions() as session:
        contribution.restore_object(session, session.get(TrashedObject, first))
        session.commit()
    assert unsettled(platform) == 3

    with platform.db.sessions() as session:
        assert settle(session, platform.images) == 1  # one image, settled once, as things are now

    assert client.get(f"/iiif/3/{image_id}/info.json").status_code == 200
    assert not platform.images.is_withdrawn(image_id) and unsettled(platform) == 0
