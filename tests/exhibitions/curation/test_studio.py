"""The curator's studio through the API: a working draft beside the live exhibition, review
before publication (submit, return with a comment, approve), and the exhibition's team. The
public never sees a draft: not in the API, the page, the manifest, the sitemap or Change
Discovery."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from exhibitions import create_app
from exhibitions.accounts import auth
from exhibitions.models import utcnow
from tests.exhibitions.conftest import bearer, exhibition_document

PATH = "/api/v1/exhibitions/blue-and-white"


def labelled(platform, role: str, label: str) -> dict[str, str]:
    with platform.db.transaction() as session:
        token = auth.create_token(session, role, None, label)
    return {"Authorization": f"Bearer {token}"}


def published(client, curator, objects, **changes):
    assert client.put(PATH, json=exhibition_document(objects, **changes), headers=curator).status_code == 201
    assert client.post(f"{PATH}/publish", headers=curator).status_code == 200


def retitled(objects, title: str) -> dict:
    return exhibition_document(objects, title={"en": [title]})


def what_the_public_sees(client) -> dict:
    """The exhibition's title in every public place, and how many activities harvesters have."""
    api = client.get(PATH)
    page = client.get("/exhibitions/blue-and-white")
    manifest = client.get("/iiif/3/exhibitions/blue-and-white/manifest")
    return {
        "api": api.get_json()["title"]["en"][0] if api.status_code == 200 else api.status_code,
        "page": ("Blue and white" in page.get_data(as_text=True), "Cobalt roads" in page.get_data(as_text=True))
        if page.status_code == 200 else page.status_code,
        "manifest": manifest.get_json()["label"]["en"][0] if manifest.status_code == 200 else manifest.status_code,
        "sitemap": "/exhibitions/blue-and-white" in client.get("/sitemaps/pages.xml").get_data(as_text=True),
        "activities": client.get("/iiif/discovery/collection").get_json()["totalItems"],
    }


def test_curators_work_on_a_draft_that_the_public_never_sees_until_it_is_published(client, curator, objects):
    published(client, curator, objects)
    before = what_the_public_sees(client)
    assert before["api"] == "Blue and white" and before["sitemap"]

    draft = client.get(f"{PATH}/draft", headers=curator)
    assert draft.status_code == 200 and draft.get_json()["exists"] is False  # the live document, to start from
    etag = draft.headers["ETag"]
    saved = client.put(f"{PATH}/draft", json=retitled(objects, "Cobalt roads"), headers={**curator, "If-Match": etag})
    assert saved.status_code == 200 and saved.get_json()["exists"] is True
    assert saved.get_json()["title"] == {"en": ["Cobalt roads"]} and saved.headers["ETag"] != etag
    assert what_the_public_sees(client) == before
    exhibition = client.get(PATH, headers=curator).get_json()
    assert exhibition["title"]["en"] == ["Blue and white"] and exhibition["draft"]["saved_by"].startswith("API token")

    # Someone saving on top of a draft saved since is told who, and how to get their version.
    stale = client.put(f"{PATH}/draft", json=retitled(objects, "Mine"), headers={**curator, "If-Match": etag})
    assert stale.status_code == 412 and stale.mimetype == "application/problem+json"
    assert f"GET {PATH}/draft" in stale.get_json()["detail"] and "Someone else saved" in stale.get_json()["detail"]
    # A v1 client's PUT on the exhibition itself would be undone by the draft's publication: refused.
    direct = client.put(PATH, json=retitled(objects, "Direct"), headers=curator)
    assert direct.status_code == 409 and "DELETE" in direct.get_json()["detail"]
    assert what_the_public_sees(client) == before

    live = client.post(f"{PATH}/publish", headers=curator).get_json()
    assert live["title"] == {"en": ["Cobalt roads"]} and live["draft"] is None and live["version"] == 2
    after = what_the_public_sees(client)
    assert after["api"] == after["manifest"] == "Cobalt roads" and after["page"] == (False, True)
    assert after["activities"] == before["activities"] + 1  # one Update for harvesters
    versions = client.get(f"{PATH}/versions", headers=curator).get_json()["items"]
    assert [version["title"]["en"][0] for version in versions] == ["Cobalt roads", "Blue and white"]


def test_a_discarded_draft_leaves_the_live_exhibition_as_it_was(client, curator, objects):
    published(client, curator, objects)
    client.put(f"{PATH}/draft", json=retitled(objects, "Cobalt roads"), headers=curator)
    etag = client.get(f"{PATH}/draft", headers=curator).headers["ETag"]
    assert client.delete(f"{PATH}/draft", headers=curator).status_code == 204
    draft = client.get(f"{PATH}/draft", headers=curator)
    assert draft.get_json()["exists"] is False and draft.get_json()["title"]["en"] == ["Blue and white"]
    # The discarded draft's ETag is stale: a tab still holding it does not bring it back.
    assert client.put(f"{PATH}/draft", json=retitled(objects, "Old tab"),
                      headers={**curator, "If-Match": etag}).status_code == 412
    assert client.put(PATH, json=retitled(objects, "Direct"), headers=curator).status_code == 200
    assert client.get(PATH).get_json()["title"] == {"en": ["Direct"]}


def test_a_bad_draft_is_422_naming_the_field_and_changes_nothing(client, curator, objects):
    published(client, curator, objects)
    bad = exhibition_document(objects, sections=[{"blocks": [{"type": "object", "object": "nmc-nothing"}]}])
    answer = client.put(f"{PATH}/draft", json=bad, headers=curator)
    assert answer.status_code == 422
    assert "sections.0.blocks.0.object" in [error["field"] for error in answer.get_json()["errors"]]
    assert client.get(f"{PATH}/draft", headers=curator).get_json()["exists"] is False
    assert client.put(f"{PATH}/draft", json=retitled(objects, "x"),
                      headers={**curator, "If-Match": '"one"'}).status_code == 400


def test_a_draft_can_be_published_at_a_time_set_ahead(app, client, platform, curator, objects):
    from exhibitions.curation import documents

    published(client, curator, objects)
    client.put(f"{PATH}/draft", json=retitled(objects, "Cobalt roads"), headers=curator)
    soon = (utcnow() + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert client.put(f"{PATH}/schedule", json={"publish_at": soon}, headers=curator).status_code == 200
    with platform.db.transaction() as session:
        assert documents.publish_due(session, utcnow()) == []
    with platform.db.transaction() as session:
        assert documents.publish_due(session, utcnow() + timedelta(hours=2)) == ["blue-and-white"]
    assert client.get(PATH).get_json()["title"] == {"en": ["Cobalt roads"]}
    assert client.get(PATH, headers=curator).get_json()["draft"] is None


@pytest.fixture
def reviewed(settings, objects):
    """A client of the platform with REVIEW_REQUIRED on (on the same database as `client`)."""
    reviewed = replace(settings, review_required=True)
    app = create_app(reviewed)
    app.testing = True
    yield app.test_client()
    app.extensions["caravanserai"].close()
    app.extensions["caravanserai"].db.engine.dispose()


def test_under_review_a_draft_goes_live_only_once_an_editor_approves_it(reviewed, platform, curator, objects):
    """Acceptance: submit, return with a comment, submit again, approve: live; the public sees
    nothing of the draft at any step before."""
    reviewer = reviewed
    editor = bearer(platform, "editor")
    assert reviewer.put(PATH, json=exhibition_document(objects), headers=curator).status_code == 201
    assert reviewer.post(f"{PATH}/publish", headers=editor).status_code == 200
    before = what_the_public_sees(reviewer)

    assert reviewer.post(f"{PATH}/publish", headers=curator).status_code == 403  # review is required
    reviewer.put(f"{PATH}/draft", json=retitled(objects, "Cobalt roads"), headers=curator)
    refused = reviewer.post(f"{PATH}/publish", headers=curator)
    assert refused.status_code == 403 and "Review is required" in refused.get_json()["detail"]
    assert reviewer.put(PATH, json=retitled(objects, "Around review"), headers=curator).status_code == 403
    assert reviewer.put(f"{PATH}/schedule", json={"publish_at": "2031-01-01T09:00:00Z"},
                        headers=curator).status_code == 403
    assert what_the_public_sees(reviewer) == before

    submitted = reviewer.post(f"{PATH}/submit", headers=curator)
    assert submitted.status_code == 200 and submitted.get_json()["review"]["state"] == "submitted"
    assert reviewer.post(f"{PATH}/approve", headers=curator).status_code == 403  # curators do not approve
    assert what_the_public_sees(reviewer) == before

    returned = reviewer.post(f"{PATH}/return", json={"comment": "Name the kiln."}, headers=editor)
    assert returned.get_json()["review"] == {**returned.get_json()["review"], "state": "returned",
                                             "comment": "Name the kiln."}
    assert returned.get_json()["review"]["by"].startswith("API token")
    assert what_the_public_sees(reviewer) == before

    reviewer.put(f"{PATH}/draft", json=retitled(objects, "Cobalt roads from Jingdezhen"), headers=curator)
    assert reviewer.post(f"{PATH}/submit", headers=curator).get_json()["review"]["state"] == "submitted"
    assert what_the_public_sees(reviewer) == before

    approved = reviewer.post(f"{PATH}/approve", headers=editor)
    assert approved.status_code == 200 and approved.get_json()["review"]["state"] == "approved"
    after = what_the_public_sees(reviewer)
    assert after["api"] == after["manifest"] == "Cobalt roads from Jingdezhen" and after["sitemap"]
    assert after["activities"] == before["activities"] + 1

    steps = reviewer.get(f"{PATH}/reviews", headers=curator).get_json()["items"]
    assert [step["action"] for step in steps] == ["approved", "submitted", "returned", "submitted"]
    assert all(step["by"] and step["at"] for step in steps)


def test_review_refuses_what_cannot_be_reviewed(reviewed, platform, curator, objects):
    client = reviewed
    editor = bearer(platform, "editor")
    client.put(PATH, json=exhibition_document(objects), headers=curator)
    client.post(f"{PATH}/publish", headers=editor)
    unchanged = client.post(f"{PATH}/submit", headers=curator)
    assert unchanged.status_code == 422 and "Nothing changed" in unchanged.get_json()["detail"]
    for action in ("approve", "return"):
        answer = client.post(f"{PATH}/{action}", json={"comment": "?"}, headers=editor)
        assert answer.status_code == 409 and "not awaiting review" in answer.get_json()["detail"]
    client.put(f"{PATH}/draft", json=exhibition_document(objects, sections=[{"title": {"en": ["Empty"]}}]),
               headers=curator)
    empty = client.post(f"{PATH}/submit", headers=curator)
    assert empty.status_code == 422 and empty.get_json()["errors"][0]["field"] == "sections"
    client.put(f"{PATH}/draft", json=retitled(objects, "Cobalt roads"), headers=curator)
    client.post(f"{PATH}/submit", headers=curator)
    assert client.post(f"{PATH}/submit", headers=curator).status_code == 409
    no_comment = client.post(f"{PATH}/return", json={"comment": " "}, headers=editor)
    assert no_comment.status_code == 422 and no_comment.get_json()["errors"][0]["field"] == "comment"
    in_the_past = client.post(f"{PATH}/approve", json={"publish_at": "2020-01-01T00:00:00Z"}, headers=editor)
    assert in_the_past.status_code == 422
    assert client.get(PATH, headers=curator).get_json()["review"]["state"] == "submitted"  # nothing stored
    ahead = (utcnow() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    scheduled = client.post(f"{PATH}/approve", json={"publish_at": ahead}, headers=editor).get_json()
    assert scheduled["publish_at"] == ahead and scheduled["title"]["en"] == ["Blue and white"]
    # A change after the approval needs approving again, and cancels the publication it had.
    client.put(f"{PATH}/draft", json=retitled(objects, "Changed after approval"), headers=curator)
    again = client.get(PATH, headers=curator).get_json()
    assert again["review"]["state"] == "none" and again["publish_at"] is None


def test_the_team_is_its_creator_and_the_curators_they_invite(client, platform, objects):
    alice, bob = labelled(platform, "curator", "alice"), labelled(platform, "curator", "bob")
    with platform.db.transaction() as session:
        auth.create_account(session, "carol@alliance.example", "a long enough password", "curator")
    client.post("/api/v1/exhibitions", json=exhibition_document(objects, slug="blue-and-white"), headers=alice)
    assert client.get(f"{PATH}/team", headers=alice).get_json() == {"creator": "API token alice", "members": [],
                                                                     "open": False}
    refused = client.put(f"{PATH}/draft", json=retitled(objects, "Bob's"), headers=bob)
    assert refused.status_code == 403 and "team" in refused.get_json()["detail"]
    assert client.get(PATH, headers=bob).status_code == 200  # every curator still reads it

    bad = client.put(f"{PATH}/team", json={"members": ["nobody@alliance.example", "bob", 7]}, headers=alice)
    assert bad.status_code == 422 and [e["field"] for e in bad.get_json()["errors"]] == ["members.0", "members.2"]
    team = client.put(f"{PATH}/team", json={"members": ["API token bob", "Carol@alliance.example"]}, headers=alice)
    assert team.get_json()["members"] == ["API token bob", "carol@alliance.example"]
    assert client.put(f"{PATH}/draft", json=retitled(objects, "Bob's"), headers=bob).status_code == 200
    assert client.put(f"{PATH}/team", json={"members": []}, headers=bob).get_json()["members"] == []
    assert client.get(f"{PATH}/draft", headers=bob).status_code == 403


def test_an_exhibition_made_before_teams_is_open_to_every_curator(client, platform, objects):
    from exhibitions.curation import documents

    with platform.db.transaction() as session:
        documents.put_exhibition(session, "blue-and-white", exhibition_document(objects))
    for curator in (labelled(platform, "curator", "alice"), labelled(platform, "curator", "bob")):
        assert client.get(f"{PATH}/team", headers=curator).get_json()["open"] is True
        assert client.put(f"{PATH}/draft", json=retitled(objects, "Anyone's"), headers=curator).status_code == 200


def test_the_slug_changes_until_the_exhibition_is_first_published(client, curator, objects):
    assert client.put(PATH, json=exhibition_document(objects), headers=curator).status_code == 201
    client.put("/api/v1/exhibitions/taken", json=exhibition_document(objects), headers=curator)
    client.put(f"{PATH}/draft", json=retitled(objects, "Cobalt roads"), headers=curator)
    for slug, status, field in (("Not A Slug", 422, "slug"), ("trash", 422, "slug"), ("taken", 409, "slug"),
                                (None, 422, "slug")):
        refused = client.patch(PATH, json={"slug": slug}, headers=curator)
        assert refused.status_code == status and refused.get_json()["errors"][0]["field"] == field, slug
    assert client.get(PATH, headers=curator).status_code == 200  # nothing changed

    moved = client.patch(PATH, json={"slug": "cobalt-roads"}, headers=curator)
    assert moved.status_code == 200 and moved.get_json()["slug"] == "cobalt-roads"
    assert client.get(PATH, headers=curator).status_code == 404
    new = "/api/v1/exhibitions/cobalt-roads"
    # Its draft, history and team came with it.
    assert client.get(f"{new}/draft", headers=curator).get_json()["title"] == {"en": ["Cobalt roads"]}
    assert client.get(f"{new}/versions", headers=curator).get_json()["total"] == 1
    assert client.get(f"{new}/team", headers=curator).get_json()["open"] is False

    assert client.post(f"{new}/publish", headers=curator).status_code == 200
    assert client.post(f"{new}/unpublish", headers=curator).status_code == 200
    refused = client.patch(new, json={"slug": "cobalt-road"}, headers=curator)
    assert refused.status_code == 409 and "published" in refused.get_json()["detail"]
    assert client.get(new, headers=curator).status_code == 200


# The authorization matrix: every route of the studio, for everyone who may ask.
WHO = ("anonymous", "contributor of nmc", "contributor of rundale", "curator in the team",
       "curator outside the team", "editor", "admin")
TEAM = {"curator in the team", "editor", "admin"}
EDITORS = {"editor", "admin"}
ROUTES = [
    ("GET", "/draft", None, TEAM),
    ("PUT", "/draft", "document", TEAM),
    ("DELETE", "/draft", None, TEAM),
    ("GET", "/team", None, TEAM),
    ("PUT", "/team", {"members": []}, TEAM),
    ("POST", "/submit", None, TEAM),
    ("GET", "/reviews", None, TEAM),
    ("POST", "/approve", None, EDITORS),
    ("POST", "/return", {"comment": "Shorter, please."}, EDITORS),
    ("POST", "/publish", None, TEAM),
    ("POST", "/unpublish", None, TEAM),
    ("PUT", "", "document", TEAM),
    ("DELETE", "", None, TEAM),
    ("PATCH", "", {"slug": "blue-and-white"}, TEAM),
]


def everyone(platform) -> dict[str, dict[str, str]]:
    """The headers of each who may ask (WHO)."""
    return {"anonymous": {}, "contributor of nmc": bearer(platform, "contributor", "nmc"),
            "contributor of rundale": bearer(platform, "contributor", "rundale"),
            "curator in the team": labelled(platform, "curator", "alice"),
            "curator outside the team": labelled(platform, "curator", "bob"),
            "editor": bearer(platform, "editor"), "admin": bearer(platform, "admin")}


def expected_for(who: str, allowed: set[str]) -> tuple[int, ...]:
    return (200, 201, 204) if who in allowed else (401,) if who == "anonymous" else (403,)


@pytest.mark.parametrize(("method", "suffix", "body", "allowed"), ROUTES,
                         ids=[f"{method} {suffix or '/'}" for method, suffix, _, _ in ROUTES])
def test_who_may_use_each_route_of_the_studio(client, platform, museums, objects, method, suffix, body, allowed):
    tokens = everyone(platform)
    client.put(PATH, json=exhibition_document(objects), headers=tokens["curator in the team"])
    for who in WHO:
        # Each asks of the exhibition in the same state: a draft (awaiting review, for the
        # editors' routes); none for a PUT on the exhibition itself.
        client.delete(f"{PATH}/draft", headers=tokens["admin"])
        if suffix != "":
            client.put(f"{PATH}/draft", json=retitled(objects, f"Changed for {who}"), headers=tokens["admin"])
        if suffix in ("/approve", "/return"):
            client.post(f"{PATH}/submit", headers=tokens["admin"])
        sent = retitled(objects, f"By {who}") if body == "document" else body
        answer = client.open(f"{PATH}{suffix}", method=method, json=sent, headers=tokens[who])
        assert answer.status_code in expected_for(who, allowed), (who, answer.status_code,
                                                                  answer.get_data(as_text=True))
        if suffix == "" and method == "DELETE" and who in allowed:
            client.post("/api/v1/trash/exhibitions/blue-and-white/restore", headers=tokens["admin"])


@pytest.mark.parametrize(("method", "suffix"), [("POST", "/restore"), ("DELETE", "")], ids=["restore", "purge"])
def test_who_may_restore_or_purge_an_exhibition_in_the_trash(client, platform, museums, objects, method, suffix):
    tokens = everyone(platform)
    document = exhibition_document(objects)
    client.put(PATH, json=document, headers=tokens["curator in the team"])
    for who in WHO:
        client.delete(PATH, headers=tokens["admin"])  # in the trash, whatever the one before did
        answer = client.open(f"/api/v1/trash/exhibitions/blue-and-white{suffix}", method=method, headers=tokens[who])
        assert answer.status_code in expected_for(who, TEAM), (who, answer.status_code)
        if method == "DELETE" and who in TEAM:  # gone for good: made again by the same team
            client.put(PATH, json=document, headers=tokens["curator in the team"])
