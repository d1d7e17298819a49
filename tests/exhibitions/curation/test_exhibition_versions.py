"""Every save that changes an exhibition keeps a version: curators list them, read one, restore
one (as a new version), and a save made with If-Match on an older version is refused."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from exhibitions.curation import documents
from exhibitions.models import ExhibitionVersion
from exhibitions.problems import Problem
from tests.exhibitions.conftest import bearer, exhibition_document

PATH = "/api/v1/exhibitions/blue-and-white"


def titled(objects, title: str) -> dict:
    return exhibition_document(objects, title={"en": [title]})


def test_each_change_is_a_version_and_a_save_without_change_is_not(client, curator, objects):
    created = client.put(PATH, json=titled(objects, "First"), headers=curator)
    assert (created.get_json()["version"], created.headers["ETag"]) == (1, '"1"')
    assert client.put(PATH, json=titled(objects, "First"), headers=curator).get_json()["version"] == 1
    assert client.put(PATH, json=titled(objects, "Second"), headers=curator).get_json()["version"] == 2
    third = client.put(PATH, json=titled(objects, "Third") | {"sections": []}, headers=curator)
    assert third.get_json()["version"] == 3 and third.headers["ETag"] == '"3"'
    assert client.get(PATH, headers=curator).headers["ETag"] == '"3"'

    listed = client.get(f"{PATH}/versions", headers=curator).get_json()
    assert listed["total"] == 3
    assert [(v["number"], v["title"], v["section_count"], v["item_count"]) for v in listed["items"]] == [
        (3, {"en": ["Third"]}, 0, 0), (2, {"en": ["Second"]}, 2, 2), (1, {"en": ["First"]}, 2, 2)]
    assert all(v["saved_by"].startswith("API token ") and v["restored_from"] is None for v in listed["items"])
    paged = client.get(f"{PATH}/versions?page=2&size=2", headers=curator).get_json()
    assert [v["number"] for v in paged["items"]] == [1]
    first = client.get(f"{PATH}/versions/1", headers=curator).get_json()
    assert first["document"]["title"] == {"en": ["First"]} and len(first["document"]["sections"]) == 2


def test_restoring_a_version_makes_it_current_as_a_new_version(client, curator, objects):
    client.put(PATH, json=titled(objects, "First"), headers=curator)
    client.put(PATH, json=titled(objects, "Second") | {"sections": []}, headers=curator)
    restored = client.post(f"{PATH}/versions/1/restore", headers=curator)
    assert restored.status_code == 200
    body = restored.get_json()
    assert (body["version"], body["title"], len(body["sections"])) == (3, {"en": ["First"]}, 2)
    newest = client.get(f"{PATH}/versions", headers=curator).get_json()["items"][0]
    assert (newest["number"], newest["restored_from"]) == (3, 1)
    # Restoring the current document again changes nothing, so it adds no version.
    assert client.post(f"{PATH}/versions/3/restore", headers=curator).get_json()["version"] == 3


def test_a_version_showing_an_object_deleted_for_good_since_is_not_restored(client, platform, curator, objects):
    client.put(PATH, json=titled(objects, "With both"), headers=curator)
    (_, _), (second, _) = objects
    client.put(PATH, json=titled(objects, "Without Riga") | {"sections": []}, headers=curator)
    admin = bearer(platform, "admin")
    assert client.delete(f"/api/v1/objects/{second}", headers=admin).status_code == 204
    assert client.delete(f"/api/v1/trash/objects/{second}", headers=admin).status_code == 204
    refused = client.post(f"{PATH}/versions/1/restore", headers=curator)
    assert refused.status_code == 422
    assert f"there is no object '{second}'" in str(refused.get_json()["errors"])
    current = client.get(PATH, headers=curator).get_json()
    assert (current["version"], current["title"]) == (2, {"en": ["Without Riga"]})


def test_a_version_showing_an_object_now_in_its_museums_trash_is_restored(client, platform, curator, objects):
    client.put(PATH, json=titled(objects, "With both"), headers=curator)
    (_, _), (second, _) = objects
    client.put(PATH, json=titled(objects, "Without Riga") | {"sections": []}, headers=curator)
    client.delete(f"/api/v1/objects/{second}", headers=bearer(platform, "admin"))
    restored = client.post(f"{PATH}/versions/1/restore", headers=curator)
    assert restored.status_code == 200 and restored.get_json()["title"] == {"en": ["With both"]}


def test_a_save_on_top_of_an_older_version_is_refused_and_changes_nothing(client, curator, objects):
    client.put(PATH, json=titled(objects, "First"), headers=curator)
    mine = client.get(PATH, headers=curator).headers["ETag"]
    assert client.put(PATH, json=titled(objects, "Theirs"), headers={**curator, "If-Match": mine}).status_code == 200
    late = client.put(PATH, json=titled(objects, "Mine"), headers={**curator, "If-Match": mine})
    assert late.status_code == 412
    assert "version 2, not 1" in late.get_json()["detail"]
    assert client.get(PATH, headers=curator).get_json()["title"] == {"en": ["Theirs"]}
    assert client.post(f"{PATH}/versions/1/restore", headers={**curator, "If-Match": mine}).status_code == 412
    fresh = client.get(PATH, headers=curator).headers["ETag"]
    assert client.put(PATH, json=titled(objects, "Mine"), headers={**curator, "If-Match": fresh}).status_code == 200
    assert client.put(PATH, json=titled(objects, "Any"), headers={**curator, "If-Match": "*"}).status_code == 200


def test_bad_version_requests_get_clear_answers(client, platform, curator, objects):
    for tag in ('"1"', "*"):  # "*" too: there is no current version to match (RFC 9110)
        assert client.put(PATH, json=titled(objects, "New"), headers={**curator, "If-Match": tag}).status_code == 412
    client.put(PATH, json=titled(objects, "First"), headers=curator)
    for bad in ('"1", "2"', '"latest"', '"\u00b2"'):  # a superscript two is a digit to str.isdigit()
        answer = client.put(PATH, json=titled(objects, "X"), headers={**curator, "If-Match": bad})
        assert answer.status_code == 400 and answer.get_json()["errors"][0]["field"] == "If-Match"
    assert client.get(f"{PATH}/versions/9", headers=curator).status_code == 404
    assert client.get(f"{PATH}/versions/1", headers=curator).status_code == 200
    assert client.get(f"{PATH}/versions/\u0661", headers=curator).status_code == 404  # another script's 1
    assert client.post(f"{PATH}/versions/9/restore", headers=curator).status_code == 404
    assert client.get("/api/v1/exhibitions/nowhere/versions", headers=curator).status_code == 404
    assert client.get(f"{PATH}/versions").status_code == 401
    assert client.get(f"{PATH}/versions", headers=bearer(platform, "contributor", "nmc")).status_code == 403
    assert client.post(f"{PATH}/versions/1/restore").status_code == 401
    assert client.get(f"{PATH}/versions?size=500", headers=curator).status_code == 400


def test_an_exhibition_in_the_trash_keeps_its_versions_until_it_is_deleted_for_good(client, platform, curator,
                                                                                    objects):
    client.put(PATH, json=titled(objects, "First"), headers=curator)
    client.put(PATH, json=titled(objects, "Second"), headers=curator)
    assert client.delete(PATH, headers=curator).status_code == 204
    with platform.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ExhibitionVersion)) == 2
    assert client.delete("/api/v1/trash/exhibitions/blue-and-white", headers=curator).status_code == 204
    with platform.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ExhibitionVersion)) == 0


def test_of_two_saves_at_the_same_moment_the_later_is_refused_and_the_earlier_kept(client, platform, curator,
                                                                                   objects):
    client.put(PATH, json=titled(objects, "First"), headers=curator)
    with platform.db.sessions() as later, platform.db.sessions() as earlier:
        # The later save read the exhibition at version 1, just before the earlier one wrote version 2.
        read_before = documents.get_exhibition(later, "blue-and-white", curator=True)
        assert read_before.version == 1
        documents.put_exhibition(earlier, "blue-and-white", titled(objects, "Earlier"))
        earlier.commit()
        with pytest.raises(Problem) as refused:
            documents.put_exhibition(later, "blue-and-white", titled(objects, "Later"))
        assert refused.value.status == 409 and "at the same moment" in refused.value.detail
    current = client.get(PATH, headers=curator).get_json()
    assert (current["title"], current["version"]) == ({"en": ["Earlier"]}, 2)
    assert client.get(f"{PATH}/versions", headers=curator).get_json()["total"] == 2
