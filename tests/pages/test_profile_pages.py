"""A museum's contributors change their own museum's profile on a page (/contribute/{slug}/profile),
as they may through the API: the admins' museum form without the slug, through the same service,
so a refusal names its field, nothing is stored, and the change is recorded as the API's is."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from exhibitions.models import Activity, Museum, MuseumObject
from tests.conftest import image_bytes
from tests.pages.conftest import ADMIN, CURATOR, NMC_CONTRIBUTOR, RUNDALE_CONTRIBUTOR, csrf_token, log_in

PROFILE = "/contribute/nmc/profile"


def post(client, data: dict):
    token = csrf_token(client.get(PROFILE).get_data(as_text=True))
    return client.post(PROFILE, data={**data, "csrf_token": token}, content_type="multipart/form-data")


def museum(client) -> dict:
    return client.get("/api/v1/museums/nmc").get_json()


def object_updates(demo_app) -> int:
    """The activities recorded for the museum's objects (their manifests show its name and website)."""
    with demo_app.extensions["caravanserai"].db.sessions() as session:
        objects = select(MuseumObject.id).join(Museum).where(Museum.slug == "nmc")
        return session.scalar(select(func.count()).select_from(Activity).where(
            Activity.target_kind == "object", Activity.type == "Update", Activity.target_id.in_(objects)))


def form_of(record: dict, **changes) -> dict:
    """The form as the page shows it for the museum's record, with changes."""
    form = {"country": record["country"], "city": record["city"] or "", "homepage": record["homepage"] or "",
            "default_rights": record["default_rights"] or "", "lat": "", "lon": ""}
    for name in ("name", "description"):
        n = 0
        for language, texts in (record[name] or {}).items():
            for text in texts:
                form[f"{name}-{n}-lang"], form[f"{name}-{n}-text"] = language, text
                n += 1
    if record["location"]:
        form.update(lat=str(record["location"]["lat"]), lon=str(record["location"]["lon"]))
    return {**form, **changes}


@pytest.fixture
def contributor(client):
    log_in(client, NMC_CONTRIBUTOR)
    return client


@pytest.fixture
def original(client):
    """The museum's profile as the demo has it, put back after the test (the demo is shared)."""
    record = museum(client)
    yield record
    restorer = client.application.test_client()
    log_in(restorer, NMC_CONTRIBUTOR)
    assert post(restorer, form_of(record)).status_code == 303
    # The demo's profile image is one of its objects' images, which no form can choose again.
    image = record["profile_image"]
    with client.application.extensions["caravanserai"].db.transaction() as session:
        shown = session.scalar(select(Museum).where(Museum.slug == "nmc"))
        shown.profile_image = image and image["id"]
        shown.profile_width, shown.profile_height = (image["width"], image["height"]) if image else (None, None)


def test_the_dashboard_leads_to_the_profile_form_without_the_slug(contributor):
    assert f'href="{PROFILE}"' in contributor.get("/contribute/nmc").get_data(as_text=True)
    page = contributor.get(PROFILE)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'name="csrf_token"' in html and 'value="National Museum of China"' in html
    assert 'name="slug"' not in html  # a museum's address is the admins' to change


def test_a_contributor_changes_its_museums_profile_as_the_api_would(contributor, demo_app, original):
    updates = object_updates(demo_app)
    objects = museum(contributor)["object_count"]
    answer = post(contributor, form_of(original, city="Dongcheng", homepage="https://guobo.example",
                                       **{"description-0-lang": "en", "description-0-text": "On Tiananmen Square.",
                                          "description-1-lang": "zh", "description-1-text": "位于天安门广场东侧。"},
                                       slug="somewhere-else",
                                       file=(io.BytesIO(image_bytes(300, 200)), "front.jpg")))
    assert answer.status_code == 303 and answer.headers["Location"] == PROFILE
    record = museum(contributor)
    assert record["slug"] == "nmc"  # a slug slipped into the form changes nothing
    assert record["city"] == "Dongcheng" and record["homepage"] == "https://guobo.example/"
    assert record["description"] == {**original["description"], "en": ["On Tiananmen Square."],
                                     "zh": ["位于天安门广场东侧。"]}
    assert record["profile_image"]["width"] == 300
    # Recorded as the API's change is: each object whose manifest shows the museum's website.
    assert object_updates(demo_app) == updates + objects
    assert "guobo.example" in contributor.get(PROFILE).get_data(as_text=True)


def test_a_refused_profile_names_its_field_and_stores_nothing(contributor, demo_app, original):
    updates = object_updates(demo_app)
    answer = post(contributor, form_of(original, city="Beijing", country="China", homepage="guobo",
                                       file=(io.BytesIO(image_bytes(300, 200)), "front.jpg")))
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    for field in ("country", "homepage"):
        assert f'<a href="#f-{field}">' in html and f'id="error-{field}"' in html, field
    assert 'value="Beijing"' in html  # nothing typed is lost
    assert museum(contributor) == original and object_updates(demo_app) == updates
    not_an_image = post(contributor, form_of(original, file=(io.BytesIO(b"not an image"), "front.jpg")))
    assert not_an_image.status_code in (415, 422) and 'id="error-file"' in not_an_image.get_data(as_text=True)
    assert museum(contributor) == original


def test_only_the_museums_contributors_and_admins_open_it(demo_app, original):
    assert demo_app.test_client().get(PROFILE).headers["Location"].startswith("/login?next=")
    for email in (RUNDALE_CONTRIBUTOR, CURATOR):
        client = demo_app.test_client()
        log_in(client, email)
        assert client.get(PROFILE).status_code == 403, email
        token = csrf_token(client.get("/").get_data(as_text=True))  # the log-out form has one
        forged = client.post(PROFILE, data={**form_of(original, city="Riga"), "csrf_token": token})
        assert forged.status_code == 403, email
    assert museum(demo_app.test_client()) == original
    admin = demo_app.test_client()
    log_in(admin, ADMIN)
    assert admin.get(PROFILE).status_code == 200


def test_the_profile_form_without_its_csrf_token_is_refused(contributor, original):
    answer = contributor.post(PROFILE, data=form_of(original, city="Forged"))
    assert answer.status_code == 400 and "expired" in answer.get_data(as_text=True)
    assert museum(contributor) == original
