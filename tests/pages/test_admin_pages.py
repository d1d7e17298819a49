"""The admins' pages (/admin) through the test client: who may open them, where each person lands
after logging in, and the forms: a museum with its profile, an account with its one-time link,
a token shown once and revoked after asking. The forms use the API's services, so a refusal
names its field as the API does, and nothing is stored."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from exhibitions.models import Account, ApiToken, Museum
from tests.conftest import image_bytes
from tests.pages.conftest import ADMIN, CURATOR, NMC_CONTRIBUTOR, csrf_token, log_in

ADMIN_PAGES = ("/admin", "/admin/museums", "/admin/museums/new", "/admin/museums/nmc", "/admin/accounts",
               "/admin/tokens")


@pytest.fixture
def admin(client):
    log_in(client, ADMIN)
    return client


def post(client, path: str, data: dict, form_at: str | None = None):
    """Send a form as the browser would: with the CSRF token of the page that shows it."""
    token = csrf_token(client.get(form_at or path).get_data(as_text=True))
    return client.post(path, data={**data, "csrf_token": token}, content_type="multipart/form-data")


def count(demo_app, model) -> int:
    with demo_app.extensions["caravanserai"].db.sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(("email", "area"), [(ADMIN, "/admin"), (CURATOR, "/curate"),
                                             (NMC_CONTRIBUTOR, "/contribute")])
def test_each_person_lands_in_their_own_work_area(demo_app, email, area):
    assert log_in(demo_app.test_client(), email).headers["Location"] == area


def test_only_admins_open_the_admin_pages(demo_app):
    anonymous = demo_app.test_client()
    for path in ADMIN_PAGES:
        assert anonymous.get(path).headers["Location"].startswith("/login?next=")
    for email in (CURATOR, NMC_CONTRIBUTOR):
        client = demo_app.test_client()
        log_in(client, email)
        for path in ADMIN_PAGES:
            assert client.get(path).status_code == 403, (email, path)
        assert "/admin" not in client.get("/").get_data(as_text=True)


def test_every_admin_page_opens_for_an_admin(admin):
    for path in ADMIN_PAGES:
        answer = admin.get(path)
        assert answer.status_code == 200, path
        assert 'aria-current="page"' in answer.get_data(as_text=True)
    assert 'href="/admin"' in admin.get("/").get_data(as_text=True)  # the header leads there


def museum_form(**changes) -> dict:
    form = {"slug": "khiva", "name-0-lang": "en", "name-0-text": "Itchan Kala Museum",
            "country": "uz", "city": "Khiva", "lat": "41.3783", "lon": "60.3639",
            "homepage": "https://khiva.example", "default_rights": "http://creativecommons.org/licenses/by/4.0/",
            "description-0-lang": "en", "description-0-text": "A museum of the city's history.",
            "description-1-lang": "ru", "description-1-text": "Музей истории города.",
            "file": (io.BytesIO(image_bytes(320, 200)), "front.jpg")}
    return {**form, **changes}


def test_an_admin_adds_a_museum_with_its_profile(admin, demo_app):
    answer = post(admin, "/admin/museums/new", museum_form())
    assert answer.status_code == 303 and answer.headers["Location"] == "/admin/museums/khiva"
    museum = admin.get("/api/v1/museums/khiva").get_json()
    assert museum["description"] == {"en": ["A museum of the city's history."], "ru": ["Музей истории города."]}
    assert museum["country"] == "UZ" and museum["location"] == {"lat": 41.3783, "lon": 60.3639}
    assert museum["profile_image"]["width"] == 320
    assert museum["default_rights"] == "http://creativecommons.org/licenses/by/4.0/"
    page = admin.get("/admin/museums/khiva").get_data(as_text=True)
    assert 'lang="ru" dir="ltr">Музей истории города.</textarea>' in page

    # Changed: an emptied optional field goes, the image stays unless removed.
    changed = post(admin, "/admin/museums/khiva", {**museum_form(city="", file=(io.BytesIO(b""), ""))})
    assert changed.status_code == 303
    museum = admin.get("/api/v1/museums/khiva").get_json()
    assert museum["city"] is None and museum["profile_image"] is not None


def test_the_museum_form_refuses_what_the_api_refuses_naming_each_field(admin, demo_app):
    before = count(demo_app, Museum)
    answer = post(admin, "/admin/museums/new", museum_form(slug="nmc"), form_at="/admin/museums/new")
    assert answer.status_code == 409
    page = answer.get_data(as_text=True)
    assert '<a href="#f-slug">' in page and 'id="form-errors"' in page
    assert "Itchan Kala Museum" in page  # nothing typed is lost
    answer = post(admin, "/admin/museums/new", museum_form(slug="ok-slug", country="Uzbekistan", lat="north",
                                                           default_rights="all rights reserved"))
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    for field in ("country", "lat", "default_rights"):
        assert f'<a href="#f-{field}">' in page and f'id="error-{field}"' in page, field
    assert 'aria-invalid="true"' in page
    assert count(demo_app, Museum) == before


def test_the_museum_form_says_what_to_type_in_the_interfaces_words(admin, demo_app):
    """Not the validator's words ("String should match pattern '^[A-Z]{2}$'"): each refused
    field once, named by its label, with what to type instead, in the reader's language."""
    before = count(demo_app, Museum)
    bad = museum_form(slug="Bad Slug!", country="Uzbekistan", lat="north", lon="500", homepage="khiva")
    page = post(admin, "/admin/museums/new", bad).get_data(as_text=True)
    summary = page[page.index('id="form-errors"'):page.index("</ul>", page.index('id="form-errors"'))]
    for label, advice in (("Short name in addresses", "lower-case letters"), ("Country", "two-letter code"),
                          ("Latitude", "from -90 to 90"), ("Longitude", "from -180 to 180"),
                          ("Website", "beginning with https://")):
        assert re.search(f">{label}</a>: [^<]*{advice}", summary), label
    for raw in ("Input should", "String should", "^[A-Z]", "relative URL"):
        assert raw not in page, raw
    assert page.count('id="error-lat"') == 1

    taken = post(admin, "/admin/museums/new", museum_form(slug="nmc")).get_data(as_text=True)
    assert "Another museum already has this short name" in taken
    admin.get("/language?to=zh")
    chinese = post(admin, "/admin/museums/new", museum_form(country="Uzbekistan")).get_data(as_text=True)
    assert "国家的两个字母代码" in chinese
    assert count(demo_app, Museum) == before


def test_a_new_object_starts_with_its_museums_default_rights(demo_app):
    with demo_app.extensions["caravanserai"].db.transaction() as session:
        session.scalar(select(Museum).where(Museum.slug == "rundale")).default_rights = \
            "http://rightsstatements.org/vocab/InC/1.0/"
    contributor = demo_app.test_client()
    log_in(contributor, "registrar@rundale.example")
    page = contributor.get("/contribute/rundale/objects/new").get_data(as_text=True)
    assert 'name="rights" value="http://rightsstatements.org/vocab/InC/1.0/"' in page


def test_a_new_account_comes_with_a_one_time_link_shown_once(admin, demo_app):
    answer = post(admin, "/admin/accounts", {"email": "guide@alliance.example", "role": "editor", "museum": ""})
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    link = re.search(r'value="(http://localhost/reset/[^"]+)"', answer.get_data(as_text=True)).group(1)
    assert admin.get(link.removeprefix("http://localhost")).status_code == 200
    page = admin.get(f"/admin/accounts/{account_id(demo_app, 'guide@alliance.example')}").get_data(as_text=True)
    assert link not in page  # shown once

    before = count(demo_app, Account)
    refused = post(admin, "/admin/accounts", {"email": "GUIDE@alliance.example", "role": "editor"})
    assert refused.status_code == 409 and '<a href="#f-email">' in refused.get_data(as_text=True)
    assert "There is already an account with this email address." in refused.get_data(as_text=True)
    refused = post(admin, "/admin/accounts", {"email": "someone@alliance.example", "role": "contributor"})
    assert refused.status_code == 422 and '<a href="#f-museum">' in refused.get_data(as_text=True)
    assert "--museum" not in refused.get_data(as_text=True)  # the command line's words, not the page's
    refused = post(admin, "/admin/accounts", {"email": "not an address", "role": "curator"}).get_data(as_text=True)
    assert "email address, such as registrar@museum.example" in refused and "String should" not in refused
    assert count(demo_app, Account) == before


def account_id(demo_app, email: str) -> int:
    with demo_app.extensions["caravanserai"].db.sessions() as session:
        return session.scalar(select(Account.id).where(Account.email == email))


def test_an_admin_changes_a_role_disables_an_account_and_cannot_disable_their_own(admin, demo_app):
    post(admin, "/admin/accounts", {"email": "temp@alliance.example", "role": "curator"})
    temp = account_id(demo_app, "temp@alliance.example")
    answer = post(admin, f"/admin/accounts/{temp}", {"role": "contributor", "museum": "rundale", "disabled": "yes"})
    assert answer.status_code == 303
    account = admin.get(f"/api/v1/accounts/{temp}").get_json()
    assert (account["role"], account["museum"], account["disabled"]) == ("contributor", "rundale", True)
    me = account_id(demo_app, ADMIN)
    refused = post(admin, f"/admin/accounts/{me}", {"role": "curator"})
    assert refused.status_code == 422 and '<a href="#f-role">' in refused.get_data(as_text=True)
    assert admin.get(f"/api/v1/accounts/{me}").get_json()["role"] == "admin"


def test_a_token_is_shown_once_and_revoked_after_asking(admin, demo_app):
    answer = post(admin, "/admin/tokens", {"name": "catalogue sync", "role": "contributor", "museum": "nmc"})
    assert answer.status_code == 201 and answer.headers["Cache-Control"] == "no-store"
    token = re.search(r'<input id="new-token" value="([^"]+)"', answer.get_data(as_text=True)).group(1)
    bearer = {"Authorization": f"Bearer {token}"}
    assert demo_app.test_client().get("/api/v1/trash/objects", headers=bearer).status_code == 200
    assert token not in admin.get("/admin/tokens").get_data(as_text=True)
    with demo_app.extensions["caravanserai"].db.sessions() as session:
        token_id = session.scalar(select(ApiToken.id).where(ApiToken.label == "catalogue sync"))
    ask = admin.get(f"/admin/tokens/{token_id}/revoke").get_data(as_text=True)
    assert "catalogue sync" in ask
    assert post(admin, f"/admin/tokens/{token_id}/revoke", {}).status_code == 303
    assert demo_app.test_client().get("/api/v1/trash/objects", headers=bearer).status_code == 401
    assert admin.get(f"/admin/tokens/{token_id}/revoke").status_code == 404
    refused = post(admin, "/admin/tokens", {"name": "", "role": "curator"})
    assert refused.status_code == 422 and '<a href="#f-name">' in refused.get_data(as_text=True)
    assert "Give the token a name" in refused.get_data(as_text=True)


def test_the_object_form_refuses_an_unknown_term_identifier_naming_its_field(demo_app):
    contributor = demo_app.test_client()
    log_in(contributor, NMC_CONTRIBUTOR)
    form = contributor.get("/contribute/nmc/objects/new").get_data(as_text=True)
    answer = contributor.post("/contribute/nmc/objects/new", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(form), "accession": "NMC-TERMS-1", "title-0-lang": "en", "title-0-text": "Jar",
        "rights": "http://creativecommons.org/licenses/by/4.0/", "materials": "青铜, aat:300000000"})
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert 'id="error-materials"' in page and "300000000" in page
    assert contributor.get("/contribute/nmc/objects/NMC-TERMS-1").status_code == 404
