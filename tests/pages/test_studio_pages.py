"""The studio's pages: each person's work areas at /curate, the curators' form editing the draft
(publish changes, discard draft), the draft's preview, and who may open each of them."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from sqlalchemy import select

from exhibitions.accounts import auth
from exhibitions.curation import studio
from exhibitions.models import Account, ObjectImage
from tests.pages.conftest import CURATOR, NMC_CONTRIBUTOR, PASSWORD, RUNDALE_CONTRIBUTOR, csrf_token, log_in

OTHER_CURATOR = "other.curator@alliance.example"
EDITOR = "board@alliance.example"
ADMIN = "admin@alliance.example"


@pytest.fixture
def people(demo_app):
    """Logins beyond the demo's: a curator of no team, an editor and an admin."""
    with demo_app.extensions["caravanserai"].db.transaction() as session:
        for email, role in ((OTHER_CURATOR, "curator"), (EDITOR, "editor"), (ADMIN, "admin")):
            if not session.query(Account).filter_by(email=email).count():
                auth.create_account(session, email, PASSWORD, role)
    return {"anonymous": None, "contributor of nmc": NMC_CONTRIBUTOR, "contributor of rundale": RUNDALE_CONTRIBUTOR,
            "curator in the team": CURATOR, "curator outside the team": OTHER_CURATOR, "editor": EDITOR,
            "admin": ADMIN}


def signed_in(demo_app, email):
    client = demo_app.test_client()
    if email:
        log_in(client, email)
    return client


def created(curator, slug: str, title: str = "A studio test") -> None:
    token = csrf_token(curator.get("/curate").get_data(as_text=True))
    assert curator.post("/curate", data={"slug": slug, "title": title, "language": "en",
                                         "csrf_token": token}).status_code == 302


def form_post(client, slug: str, action: str, title: str):
    token = csrf_token(client.get(f"/curate/{slug}/edit").get_data(as_text=True))
    return client.post(f"/curate/{slug}/edit", data={"csrf_token": token, "languages": "en", "title.en": title,
                                                      "action": action})


def test_the_form_edits_the_draft_and_publishes_or_discards_it(demo_app, client, people):
    curator = signed_in(demo_app, CURATOR)
    created(curator, "studio-form", "First title")
    assert form_post(curator, "studio-form", "publish", "First title").status_code == 302
    assert "First title" in client.get("/exhibitions/studio-form").get_data(as_text=True)

    assert form_post(curator, "studio-form", "save", "Second title").status_code == 302
    public = client.get("/exhibitions/studio-form").get_data(as_text=True)
    assert "First title" in public and "Second title" not in public
    preview = curator.get("/curate/studio-form/preview").get_data(as_text=True)
    assert "Second title" in preview and '<meta name="robots" content="noindex">' in preview
    form = curator.get("/curate/studio-form/edit").get_data(as_text=True)
    assert 'value="Second title"' in form and 'value="discard"' in form and "Publish changes" in form

    assert form_post(curator, "studio-form", "discard", "Ignored").status_code == 302
    assert 'value="First title"' in curator.get("/curate/studio-form/edit").get_data(as_text=True)
    form_post(curator, "studio-form", "save", "Third title")
    assert form_post(curator, "studio-form", "publish", "Third title").status_code == 302
    assert "Third title" in client.get("/exhibitions/studio-form").get_data(as_text=True)


def test_each_person_finds_their_own_exhibitions_in_their_work_area(demo_app, people):
    curator, other, editor = (signed_in(demo_app, email) for email in (CURATOR, OTHER_CURATOR, EDITOR))
    created(curator, "studio-mine")
    with demo_app.extensions["caravanserai"].db.transaction() as session:
        exhibition = studio.documents.find_exhibition(session, "studio-mine")
        studio.set_team(session, exhibition, {"members": [OTHER_CURATOR]})
        submitted_draft(session, exhibition, CURATOR)

    def area(client, name):
        html = client.get("/curate").get_data(as_text=True)
        start = html.index(f'id="{name}"')
        return html[start:html.index("</section>", start)]

    assert "studio-mine" in area(curator, "mine") and "studio-mine" not in area(curator, "shared")
    assert "studio-mine" in area(other, "shared") and "studio-mine" not in area(other, "mine")
    assert "threads-of-the-silk-road" in area(other, "shared")  # the demo's: open to every curator
    assert "studio-mine" in area(editor, "review")
    home = curator.get("/curate").get_data(as_text=True)
    assert 'id="review"' not in home
    assert '<a class="button" href="/curate/new">Start a new exhibition in the studio</a>' in home


def submitted_draft(session, exhibition, by: str) -> None:
    studio.save_draft(session, exhibition, {"title": {"en": ["Sent"]}, "sections": [{
        "title": {"en": ["A room"]}, "blocks": [{"type": "text", "text": {"en": ["<p>A wall text.</p>"]}}]}]},
        saved_by=by)
    studio.submit(session, exhibition, by)


def test_the_work_area_lists_each_exhibition_once(demo_app, people):
    """An editor's own exhibition and one open to every curator, both awaiting review, each
    showed twice (in "mine" or "shared", and again in "review")."""
    editor = signed_in(demo_app, EDITOR)
    created(editor, "editors-own")
    with demo_app.extensions["caravanserai"].db.transaction() as session:
        for slug in ("editors-own", "music-on-the-road"):
            submitted_draft(session, studio.documents.find_exhibition(session, slug), EDITOR)
    html = editor.get("/curate").get_data(as_text=True)
    slugs = re.findall(r"<code>([a-z0-9-]+)</code>", html)
    assert len(slugs) == len(set(slugs)) and {"editors-own", "music-on-the-road"} <= set(slugs)
    review = html[html.index('id="review"'):]
    assert "music-on-the-road" in review[:review.index("</section>")]
    mine = html[html.index('id="mine"'):]
    assert "editors-own" in mine[:mine.index("</section>")]


PAGES = [("GET", "/curate"), ("GET", "/curate/{slug}/edit"), ("GET", "/curate/{slug}/preview"),
         ("POST", "/curate/{slug}/edit")]
ALLOWED = {"/curate": {"curator in the team", "curator outside the team", "editor", "admin"}}


@pytest.mark.parametrize(("method", "path"), PAGES, ids=[f"{method} {path}" for method, path in PAGES])
def test_who_may_open_each_page_of_the_studio(demo_app, people, method, path):
    created(signed_in(demo_app, CURATOR), f"studio-who-{len(method + path)}")
    slug = f"studio-who-{len(method + path)}"
    allowed = ALLOWED.get(path, {"curator in the team", "editor", "admin"})
    for who, email in people.items():
        client = signed_in(demo_app, email)
        url = path.format(slug=slug)
        if method == "GET":
            answer = client.get(url)
        else:
            token = csrf_token(client.get("/login").get_data(as_text=True))
            answer = client.post(url, data={"csrf_token": token, "languages": "en", "title.en": who,
                                            "action": "save"})
        if email is None:
            assert answer.status_code == 302 and "/login" in answer.headers["Location"], who
        elif who in allowed:
            assert answer.status_code in (200, 302), (who, answer.status_code)
        else:
            assert answer.status_code == 403, (who, answer.status_code)


def cover_of(html: str) -> str:
    """The src of a story page's full-bleed cover image."""
    start = html.index('class="story-cover')
    return re.search(r'<img[^>]*\bsrc="([^"]+)"', html[start:]).group(1)


def test_the_preview_shows_the_drafts_cover_and_the_public_page_the_live_one(demo_app, client, people):
    curator = signed_in(demo_app, CURATOR)
    created(curator, "studio-cover")
    with demo_app.extensions["caravanserai"].db.transaction() as session:
        first, second = session.scalars(select(ObjectImage.object_id).distinct().order_by(ObjectImage.object_id)
                                        .limit(2)).all()
        exhibition = studio.documents.find_exhibition(session, "studio-cover")
        document = {"title": {"en": ["Covers"]}, "sections": [{"title": {"en": ["One"]}, "blocks": [
            {"type": "object", "object": first}, {"type": "object", "object": second}]}]}
        studio.save_draft(session, exhibition, {**document, "cover": {"object": first}}, saved_by=CURATOR)
        studio.documents.publish(session, exhibition)
        studio.save_draft(session, exhibition, {**document, "cover": {"object": second}}, saved_by=CURATOR)
        images = {obj: set(session.scalars(select(ObjectImage.image_id).where(ObjectImage.object_id == obj)))
                  for obj in (first, second)}

    def shows(html: str, obj: str) -> bool:
        return any(image in cover_of(html) for image in images[obj])

    public = client.get("/exhibitions/studio-cover").get_data(as_text=True)
    assert shows(public, first) and not shows(public, second)
    preview = curator.get("/curate/studio-cover/preview").get_data(as_text=True)
    assert shows(preview, second) and not shows(preview, first)


@pytest.fixture
def review_required(demo_app, monkeypatch):
    platform = demo_app.extensions["caravanserai"]
    monkeypatch.setattr(platform, "settings", replace(platform.settings, review_required=True))


def submitted(curator, title: str):
    """The form sent for review, with one section of one text (a draft to review must hold a block)."""
    token = csrf_token(curator.get("/curate/under-review/edit").get_data(as_text=True))
    return curator.post("/curate/under-review/edit", data={
        "csrf_token": token, "languages": "en", "title.en": title, "sections.0.title.en": "Bowls",
        "sections.0.items.0.type": "text", "sections.0.items.0.text.en": "<p>Two bowls.</p>", "action": "submit"})


def test_under_review_the_form_offers_each_role_its_own_step(demo_app, people, review_required):
    """A curator submits (publishing would be refused), an editor approves or returns the submitted
    draft with a comment, and the curator then reads that comment on the form."""
    curator, editor = signed_in(demo_app, CURATOR), signed_in(demo_app, EDITOR)
    created(curator, "under-review", "Under review")
    form = curator.get("/curate/under-review/edit").get_data(as_text=True)
    assert 'value="submit"' in form and 'value="publish"' not in form
    assert 'value="approve"' not in editor.get("/curate/under-review/edit").get_data(as_text=True)

    assert submitted(curator, "Under review").status_code == 302
    form = curator.get("/curate/under-review/edit").get_data(as_text=True)
    assert 'value="submit"' not in form and 'value="approve"' not in form and 'value="return"' not in form
    form = editor.get("/curate/under-review/edit").get_data(as_text=True)
    assert 'value="approve"' in form and 'value="return"' in form and 'name="comment"' in form

    token = csrf_token(form)
    unsaid = editor.post("/curate/under-review/edit", data={"csrf_token": token, "action": "return", "comment": " "})
    assert unsaid.status_code == 422 and 'value="Under review"' in unsaid.get_data(as_text=True)
    own = csrf_token(curator.get("/curate/under-review/edit").get_data(as_text=True))
    assert curator.post("/curate/under-review/edit", data={"csrf_token": own, "action": "return",
                                                           "comment": "No"}).status_code == 403
    returned = editor.post("/curate/under-review/edit", data={"csrf_token": token, "action": "return",
                                                              "comment": "Date the second bowl, please."})
    assert returned.status_code == 302
    form = curator.get("/curate/under-review/edit").get_data(as_text=True)
    assert "Date the second bowl, please." in form and EDITOR in form and 'value="submit"' in form

    assert submitted(curator, "Under review, dated").status_code == 302
    token = csrf_token(editor.get("/curate/under-review/edit").get_data(as_text=True))
    assert editor.post("/curate/under-review/edit", data={"csrf_token": token, "action": "approve"}).status_code == 302
    assert "Under review, dated" in signed_in(demo_app, None).get("/exhibitions/under-review").get_data(as_text=True)


def test_only_the_team_deletes_restores_or_purges_an_exhibition_on_the_pages(demo_app, people):
    """A curator outside the team sees the trash but gets a 403 page for every change, and nothing
    changes; the team's own curator then does each of them."""
    curator, outsider = signed_in(demo_app, CURATOR), signed_in(demo_app, OTHER_CURATOR)
    created(curator, "team-only")
    token = csrf_token(outsider.get("/curate").get_data(as_text=True))
    sure = {"csrf_token": token, "confirm": "yes"}
    for path in ("/curate/team-only/delete", "/curate/team-only/history/1/restore"):
        assert outsider.post(path, data=sure).status_code == 403, path
    assert curator.get("/curate/team-only/edit").status_code == 200  # not in the trash

    own = {"csrf_token": csrf_token(curator.get("/curate").get_data(as_text=True)), "confirm": "yes"}
    assert curator.post("/curate/team-only/delete", data=own).status_code == 302
    trash = outsider.get("/curate/trash").get_data(as_text=True)
    row = trash[trash.index('id="trashed-team-only"'):]
    row = row[:row.index("</tr>")]
    assert "/curate/trash/team-only/restore" not in row and "Only its team" in row
    for path in ("/curate/trash/team-only/restore", "/curate/trash/team-only/delete"):
        refused = outsider.post(path, data=sure)
        assert refused.status_code == 403 and "team" in refused.get_data(as_text=True), path
    assert 'id="trashed-team-only"' in curator.get("/curate/trash").get_data(as_text=True)
    assert curator.post("/curate/trash/team-only/restore", data=own).status_code == 302
    assert curator.get("/curate/team-only/edit").status_code == 200
