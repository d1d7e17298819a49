"""A curator sets a draft's publication ahead; the platform publishes it once the time has come
(the queue's sweep, within SWEEP_SECONDS), with its activity for harvesters; it can be cancelled."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from exhibitions import create_app
from exhibitions.curation import documents
from exhibitions.models import Exhibition, utcnow
from tests.conftest import wait_until
from tests.exhibitions.conftest import bearer, exhibition_document, queued_settings, stored_counts

PATH = "/api/v1/exhibitions/blue-and-white"


def in_an_hour() -> str:
    return (utcnow() + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_a_scheduled_draft_stays_a_draft_until_its_time(client, curator, objects):
    client.put(PATH, json=exhibition_document(objects), headers=curator)
    when = in_an_hour()
    answer = client.put(f"{PATH}/schedule", json={"publish_at": when}, headers=curator)
    assert answer.status_code == 200
    assert (answer.get_json()["publish_at"], answer.get_json()["status"]) == (when, "draft")
    assert client.get(PATH).status_code == 404
    # The same moment said with another offset is the same time.
    later = (utcnow() + timedelta(hours=2)).replace(microsecond=0)
    shifted = (later + timedelta(hours=5, minutes=30)).strftime("%Y-%m-%dT%H:%M:%S+05:30")
    assert client.put(f"{PATH}/schedule", json={"publish_at": shifted}, headers=curator).get_json()[
        "publish_at"] == later.strftime("%Y-%m-%dT%H:%M:%SZ")
    cancelled = client.delete(f"{PATH}/schedule", headers=curator).get_json()
    assert cancelled["publish_at"] is None


def test_once_its_time_has_come_the_sweep_publishes_it(client, platform, settings, curator, objects):
    client.put(PATH, json=exhibition_document(objects), headers=curator)
    client.put(f"{PATH}/schedule", json={"publish_at": in_an_hour()}, headers=curator)
    activities = stored_counts(platform)["activities"]
    # An hour goes by; a process running the queue's consumers sweeps every second.
    with platform.db.transaction() as session:
        session.execute(update(Exhibition).values(publish_at=utcnow() - timedelta(seconds=1)))
    process = create_app(queued_settings(settings))
    tasks = process.extensions["caravanserai"].tasks
    tasks.start()
    try:
        wait_until(lambda: client.get(PATH).status_code == 200, 60, "the draft was never published")
    finally:
        tasks.stop()
        process.extensions["caravanserai"].db.engine.dispose()
    published = client.get(PATH)
    body = published.get_json()
    assert (body["status"], body["publish_at"]) == ("published", None)
    assert body["manifest"].endswith("/iiif/3/exhibitions/blue-and-white/manifest")
    assert stored_counts(platform)["activities"] == activities + 1
    with platform.db.sessions() as session:
        assert documents.publish_due(session) == []  # nothing is published twice


def test_bad_schedules_are_refused_and_change_nothing(client, platform, curator, objects):
    client.put(PATH, json=exhibition_document(objects), headers=curator)
    past = (utcnow() - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    for body, field_message in [({"publish_at": past}, "must be in the future"),
                                ({"publish_at": "next Tuesday"}, "ISO 8601"),
                                ({"publish_at": "2030-01-01T09:00:00"}, "with an offset"),
                                ({"publish_at": 1767258000}, "ISO 8601"),
                                ({}, "is required")]:
        answer = client.put(f"{PATH}/schedule", json=body, headers=curator)
        assert answer.status_code == 422, body
        assert field_message in answer.get_json()["errors"][0]["message"]
    client.post(f"{PATH}/publish", headers=curator)
    already = client.put(f"{PATH}/schedule", json={"publish_at": in_an_hour()}, headers=curator)
    assert already.status_code == 409 and "unpublish it first" in already.get_json()["detail"]
    assert client.put(f"{PATH}/schedule", json={"publish_at": in_an_hour()}).status_code == 401
    assert client.put(f"{PATH}/schedule", json={"publish_at": in_an_hour()},
                      headers=bearer(platform, "contributor", "nmc")).status_code == 403
    assert client.put("/api/v1/exhibitions/nowhere/schedule", json={"publish_at": in_an_hour()},
                      headers=curator).status_code == 404
    assert client.get(PATH, headers=curator).get_json()["publish_at"] is None


def test_publishing_by_hand_clears_the_schedule(client, curator, objects):
    client.put(PATH, json=exhibition_document(objects), headers=curator)
    client.put(f"{PATH}/schedule", json={"publish_at": in_an_hour()}, headers=curator)
    published = client.post(f"{PATH}/publish", headers=curator).get_json()
    assert (published["status"], published["publish_at"]) == ("published", None)


def test_two_processes_finding_the_same_due_draft_publish_it_once(client, platform, curator, objects):
    client.put(PATH, json=exhibition_document(objects), headers=curator)
    client.put(f"{PATH}/schedule", json={"publish_at": in_an_hour()}, headers=curator)
    activities = stored_counts(platform)["activities"]
    an_hour_on = utcnow() + timedelta(hours=1, seconds=1)
    with platform.db.sessions() as first, platform.db.sessions() as second:
        found = second.scalars(select(Exhibition.id).where(Exhibition.publish_at <= an_hour_on)).all()
        assert documents.publish_due(first, now=an_hour_on) == ["blue-and-white"]
        assert [documents.publish_if_due(second, exhibition_id, an_hour_on) for exhibition_id in found] == [None]
    assert stored_counts(platform)["activities"] == activities + 1
    assert client.get(PATH).get_json()["status"] == "published"
