"""The studio's page and the JSON calls it makes with the login session: a write needs the page's
CSRF token in X-CSRFToken, the page carries that token and its words, and only the draft's
preview may be framed, by the studio's own origin."""

from __future__ import annotations

import json
import re

from tests.pages.conftest import CURATOR, csrf_token, log_in


def curator(demo_app):
    client = demo_app.test_client()
    log_in(client, CURATOR)
    return client


def studio_token(html: str) -> str:
    return re.search(r'<meta name="csrf-token" content="([^"]+)">', html).group(1)


def test_a_session_write_to_the_api_needs_the_csrf_header(demo_app):
    client = curator(demo_app)
    token = studio_token(client.get("/curate/new").get_data(as_text=True))
    created = client.post("/api/v1/exhibitions", json={"slug": "by-session", "title": {"en": ["By session"]}},
                          headers={"X-CSRFToken": token})
    assert created.status_code == 201

    forged = client.put("/api/v1/exhibitions/by-session/draft", json={"title": {"en": ["Forged"]}})
    assert forged.status_code == 400 and "CSRF" in forged.get_json()["detail"]
    wrong = client.put("/api/v1/exhibitions/by-session/draft", json={"title": {"en": ["Forged"]}},
                       headers={"X-CSRFToken": "not-the-token"})
    assert wrong.status_code == 400
    assert client.get("/api/v1/exhibitions/by-session/draft").get_json()["exists"] is False

    saved = client.put("/api/v1/exhibitions/by-session/draft", json={"title": {"en": ["Kept"]}},
                       headers={"X-CSRFToken": token, "If-Match": '"0"'})
    assert saved.status_code == 200, saved.get_json()
    assert client.get("/api/v1/exhibitions/by-session/draft").get_json()["title"] == {"en": ["Kept"]}


def test_the_studio_opens_on_the_exhibition_and_links_its_form(demo_app):
    client = curator(demo_app)
    html = client.get("/curate/threads-of-the-silk-road").get_data(as_text=True)
    config = json.loads(re.search(r'<script type="application/json" id="studio-config">(.*?)</script>', html,
                                  re.S).group(1))
    assert config["slug"] == "threads-of-the-silk-road" and config["words"]["undo"] == "Undo"
    assert 'href="/curate/threads-of-the-silk-road/edit"' in html  # the form, for browsers without scripts
    assert 'type="module"' in html
    chinese = client.get("/curate/threads-of-the-silk-road?lang=zh").get_data(as_text=True)
    assert "撤销" in chinese

    new = client.get("/curate/new").get_data(as_text=True)
    # Without JavaScript its form still creates the exhibition through the curators' list.
    assert 'action="/curate"' in new and csrf_token(new)
    refused = client.post("/api/v1/exhibitions", json={"slug": "new", "title": {"en": ["New"]}},
                          headers={"X-CSRFToken": studio_token(new)})
    assert refused.status_code == 422 and refused.get_json()["errors"][0]["field"] == "slug"


def test_only_the_drafts_preview_may_be_framed_and_only_by_the_studio(demo_app):
    client = curator(demo_app)
    preview = client.get("/curate/threads-of-the-silk-road/preview")
    assert preview.status_code == 200
    assert "frame-ancestors 'self'" in preview.headers["Content-Security-Policy"]
    assert preview.headers["X-Frame-Options"] == "SAMEORIGIN"
    studio = client.get("/curate/threads-of-the-silk-road")
    assert "frame-ancestors 'none'" in studio.headers["Content-Security-Policy"]
    assert studio.headers["X-Frame-Options"] == "DENY"
