"""The pages through the Flask test client: what every page answers, who may open what, CSRF,
the reader's language, safe rendering of what curators and contributors type."""

from __future__ import annotations

import gzip
import html as html_module
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from exhibitions import create_app
from exhibitions.accounts import auth
from exhibitions.models import ImportJob, LoginFailure, Museum, MuseumObject, utcnow
from exhibitions.objects import contribution
from exhibitions.pages.accounts import throttled_address
from exhibitions.settings import Settings
from tests.conftest import image_bytes
from tests.pages.conftest import (
    CURATOR,
    DEMO_EXHIBITION,
    NMC_CONTRIBUTOR,
    PASSWORD,
    RUNDALE_CONTRIBUTOR,
    csrf_token,
    log_in,
)

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)


def demo_object_id(demo_app, accession: str) -> str:
    with demo_app.extensions["caravanserai"].db.sessions() as session:
        return session.scalar(select(MuseumObject.id).where(MuseumObject.accession == accession))


def public_paths(demo_app) -> list[str]:
    jar, plate = demo_object_id(demo_app, "NMC-2021-001"), demo_object_id(demo_app, "RPM-P-211")
    return ["/", "/exhibitions", f"/exhibitions/{DEMO_EXHIBITION}", f"/objects/{jar}", "/museums",
            "/museums/nmc", "/search", "/search?q=bronze&material=bronze&sort=-date", "/login",
            f"/compare?objects={jar},{plate}"]


def test_every_public_page_answers_with_a_policy_and_no_inline_script(client, demo_app):
    for path in public_paths(demo_app):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.mimetype == "text/html"
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in policy
        assert not INLINE_SCRIPT.search(response.get_data(as_text=True)), path


def test_pages_have_landmarks_a_skip_link_and_a_language(client):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in html
    assert 'href="#content"' in html and '<main id="content"' in html
    assert "<header" in html and "<nav" in html and "<footer" in html


def test_unknown_things_are_404_pages_and_bad_search_parameters_400(client):
    for path in ("/objects/nmc-nothing", "/museums/atlantis", "/exhibitions/nothing", "/compare?objects=a,b"):
        response = client.get(path)
        assert response.status_code == 404 and response.mimetype == "text/html", path
    response = client.get("/search?date_from=twelve")
    assert response.status_code == 400
    assert "date_from" in response.get_data(as_text=True)
    assert client.get("/search?size=1000").status_code == 400


def test_the_filters_toggle_counts_the_filters_in_force(client):
    """Each ticked value, and the date span as one (whichever of its ends is set)."""
    def count(query: str) -> str | None:
        html = client.get(f"/search?{query}").get_data(as_text=True)
        found = re.search(r'<span class="filter-count" aria-hidden="true">(\d+)</span>', html)
        return found and found.group(1)

    assert count("q=bronze") is None
    assert count("q=bronze&material=bronze&museum=nmc&museum=confucius") == "3"
    assert count("q=bronze&material=bronze&date_from=-500&date_to=1000") == "2"


def test_an_unknown_address_is_a_page_for_browsers_and_problem_json_for_programs(client):
    browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    page = client.get("/no-such-room", headers=browser)
    assert page.status_code == 404 and page.mimetype == "text/html"
    assert "no page at this address" in page.get_data(as_text=True)
    program = client.get("/no-such-room", headers={"Accept": "application/json"})
    assert program.status_code == 404 and program.mimetype == "application/problem+json"
    for path in ("/api/v1/nothing", "/iiif/3/nothing/here"):
        answer = client.get(path, headers=browser)
        assert answer.status_code == 404 and answer.mimetype == "application/problem+json", path


def test_the_object_page_follows_the_readers_language(client, demo_app):
    jar = demo_object_id(demo_app, "NMC-2021-001")
    chinese = client.get(f"/objects/{jar}", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).get_data(as_text=True)
    assert '<span lang="zh">青花云龙纹罐</span>' in chinese
    asked = client.get(f"/objects/{jar}?lang=zh").get_data(as_text=True)
    assert '<span lang="zh">青花云龙纹罐</span>' in asked
    french = client.get(f"/objects/{jar}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<span lang="en">Blue-and-white jar with dragon among clouds</span>' in french
    assert "http://creativecommons.org/" in french or "rightsstatements.org" in french
    assert "?manifest=" in french


@pytest.mark.parametrize(("accepted", "language", "heading", "century"), [
    ("zh-CN,zh;q=0.9", "zh", "搜索", "世纪"),
    ("ru-RU,ru;q=0.9,en;q=0.5", "ru", "Поиск", " век"),
])
def test_the_public_pages_speak_the_readers_language(client, accepted, language, heading, century):
    html = client.get("/search?q=bronze", headers={"Accept-Language": accepted}).get_data(as_text=True)
    assert f'<html lang="{language}" dir="ltr">' in html
    assert f"<h1>{heading}</h1>" in html
    centuries = html.split('data-facet="century"')[1].split("</section>")[0]
    assert century in centuries and "century" not in centuries.split("</h3>")[1]
    assert f'<html lang="{language}" dir="ltr">' in client.get(f"/search?lang={language}").get_data(as_text=True)


def test_the_language_switch_keeps_the_readers_choice_and_returns_to_the_page(client):
    header = client.get("/search?q=bronze").get_data(as_text=True)
    for code, name in (("en", "English"), ("zh", "中文"), ("ru", "Русский")):
        assert f'lang="{code}" hreflang="{code}"' in header and f">{name}</a>" in header
    assert re.search(r'hreflang="en" aria-current="true"', header)

    answer = client.get("/language?to=ru&next=/search?q%3Dbronze%26lang%3Dzh")
    assert answer.status_code == 303 and answer.headers["Location"] == "/search?q=bronze"
    assert "lang=ru" in answer.headers["Set-Cookie"] and "HttpOnly" in answer.headers["Set-Cookie"]
    page = client.get("/search?q=bronze")
    assert '<html lang="ru" dir="ltr">' in page.get_data(as_text=True)
    assert {"Accept-Language", "Cookie"} <= set(page.vary)
    assert '<html lang="zh" dir="ltr">' in client.get("/search?lang=zh").get_data(as_text=True)  # ?lang= still wins


def test_the_language_switch_refuses_unknown_languages_and_other_sites(client):
    answer = client.get("/language?to=xx&next=/museums")
    assert answer.status_code == 400 and "&#39;to&#39; must be one of" in answer.get_data(as_text=True)
    assert "Set-Cookie" not in answer.headers
    for elsewhere in ("//evil.example/", "https://evil.example/", "javascript:alert(1)"):
        answer = client.get("/language", query_string={"to": "zh", "next": elsewhere})
        assert answer.status_code == 303 and answer.headers["Location"] == "/", elsewhere


def test_the_search_page_works_without_javascript(client):
    html = client.get("/search?q=porcelain").get_data(as_text=True)
    assert re.search(r"\d+ results", html)
    assert 'name="museum"' in html and re.search(r'<span class="count">\(\d+\)</span>', html)
    assert "/api/v1/search/export?q=porcelain&amp;format=csv" in html
    assert "<em>" in html.lower()
    narrowed = client.get("/search?q=porcelain&museum=rundale").get_data(as_text=True)
    assert int(re.search(r"(\d+) results", narrowed).group(1)) < int(re.search(r"(\d+) results", html).group(1))


def test_a_selected_filter_that_no_hit_has_stays_ticked_with_0(client):
    html = client.get("/search?q=porcelain&museum=nmc&museum=rundale&material=unobtainium").get_data(as_text=True)
    for value, label in (("nmc", "National Museum of China"), ("unobtainium", "unobtainium")):
        ticked = re.search(rf'<input type="checkbox" id="([^"]+)" name="\w+" value="{value}" checked>', html)
        assert ticked, value
        assert re.search(rf'<label for="{ticked.group(1)}">{label} <span class="count">\(0\)</span>', html), value
    assert html.count(" checked>") == 3


def test_curator_and_contributor_pages_need_a_login(client):
    for path in ("/curate", f"/curate/{DEMO_EXHIBITION}", "/contribute", "/contribute/nmc/objects/new"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/login?next=")


def test_each_role_opens_only_its_own_pages(demo_app):
    contributor = signed_in(demo_app, NMC_CONTRIBUTOR)
    assert contributor.get("/curate").status_code == 403
    assert contributor.get("/contribute/nmc").status_code == 200
    assert contributor.get("/contribute/rundale").status_code == 403
    curator = signed_in(demo_app, CURATOR)
    assert curator.get("/curate").status_code == 200
    assert curator.get("/contribute").status_code == 403


def test_a_wrong_password_is_refused_and_the_session_cookie_is_guarded(demo_app):
    client = demo_app.test_client()
    refused = log_in(client, CURATOR, "not the password")
    assert refused.status_code == 401
    assert "not right" in refused.get_data(as_text=True)
    accepted = log_in(client, CURATOR)
    assert accepted.status_code == 302
    cookie = accepted.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def client_at(demo_app, address: str):
    """A client from its own address: each test's failed logins count against its own address."""
    client = demo_app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def new_account(demo_app, email: str) -> None:
    with demo_app.extensions["caravanserai"].db.transaction() as session:
        auth.create_account(session, email, PASSWORD, "curator")


def test_five_failed_logins_make_the_email_wait_without_its_password_being_tried(demo_app):
    email = "guessed@caravanserai.test"
    new_account(demo_app, email)
    client = client_at(demo_app, "192.0.2.5")
    for _ in range(auth.FAILURES_PER_EMAIL):
        assert log_in(client, email, "a wrong guess").status_code == 401
    throttled = log_in(client, email)  # the right password, once the email must wait
    assert throttled.status_code == 429
    assert 890 <= int(throttled.headers["Retry-After"]) <= 900
    assert "Please try again in 15 minutes." in throttled.get_data(as_text=True)
    assert "session" not in throttled.headers.get("Set-Cookie", "")
    assert log_in(client_at(demo_app, "192.0.2.5"), email.upper()).status_code == 429
    chinese = client_at(demo_app, "192.0.2.5")
    chinese.set_cookie("lang", "zh")
    assert "15 分钟后重试" in log_in(chinese, f"  {email}").get_data(as_text=True)
    assert log_in(client_at(demo_app, "192.0.2.5"), CURATOR).status_code == 302  # other emails are not held up

    window_ago = utcnow() - auth.LOGIN_WINDOW - timedelta(seconds=1)
    with demo_app.extensions["caravanserai"].db.transaction() as session:
        session.execute(update(LoginFailure).where(LoginFailure.email == email).values(time=window_ago))
    assert log_in(client, email).status_code == 302


def test_a_login_clears_the_emails_failures(demo_app):
    email = "forgetful@caravanserai.test"
    new_account(demo_app, email)
    for _ in range(2):
        for _ in range(auth.FAILURES_PER_EMAIL - 1):
            assert log_in(client_at(demo_app, "192.0.2.6"), email, "a wrong guess").status_code == 401
        assert log_in(client_at(demo_app, "192.0.2.6"), email).status_code == 302


def test_an_address_that_failed_on_many_emails_is_made_to_wait(demo_app):
    with demo_app.extensions["caravanserai"].db.transaction() as session:
        for n in range(auth.FAILURES_PER_ADDRESS):
            auth.record_login_failure(session, f"staff{n}@guesser.test", "198.51.100.7")
    guesser = client_at(demo_app, "198.51.100.7")
    refused = log_in(guesser, CURATOR)
    assert refused.status_code == 429
    assert "Too many failed logins from your network" in refused.get_data(as_text=True)
    assert log_in(client_at(demo_app, "203.0.113.1"), CURATOR).status_code == 302



def test_a_loopback_address_is_not_counted_since_a_proxy_on_this_machine_is_every_clients(demo_app):
    assert [throttled_address(a) for a in ("127.0.0.1", "::1", "198.51.100.7", None, "nonsense")] == [
        None, None, "198.51.100.7", None, None]
    assert log_in(client_at(demo_app, "127.0.0.1"), "proxied@guesser.test", "a guess").status_code == 401
    with demo_app.extensions["caravanserai"].db.sessions() as session:
        counted = session.scalars(select(LoginFailure.address).where(LoginFailure.email == "proxied@guesser.test"))
        assert counted.all() == [None]


def test_an_email_without_an_account_waits_like_one_with_an_account(demo_app):
    answers = [log_in(client_at(demo_app, "192.0.2.7"), "nobody@caravanserai.test", "a guess")
               for _ in range(auth.FAILURES_PER_EMAIL + 1)]
    assert [answer.status_code for answer in answers] == [401] * auth.FAILURES_PER_EMAIL + [429]


def test_login_never_redirects_to_another_site(demo_app):
    client = demo_app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": CURATOR, "password": "a long enough password",
                                           "csrf_token": token, "next": "//evil.example/x"})
    assert response.headers["Location"] == "/curate"  # their own work area instead


def test_forms_without_the_csrf_token_are_refused(demo_app):
    client = demo_app.test_client()
    assert client.post("/login", data={"email": CURATOR, "password": "a long enough password"}).status_code == 400
    log_in(client, CURATOR)
    response = client.post("/curate", data={"slug": "forged", "title": "Forged"})
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    assert client.get("/exhibitions/forged").status_code == 404


def signed_in(demo_app, account):
    """A test client of the demo site, logged in as account."""
    client = demo_app.test_client()
    log_in(client, account)
    return client


def curator_client(demo_app):
    return signed_in(demo_app, CURATOR)


def create_exhibition(client, slug: str, title: str = "A test exhibition"):
    token = csrf_token(client.get("/curate").get_data(as_text=True))
    return client.post("/curate", data={"slug": slug, "title": title, "language": "en", "csrf_token": token})


def test_a_draft_is_seen_by_curators_only(demo_app, client):
    curator = curator_client(demo_app)
    assert create_exhibition(curator, "draft-only").status_code == 302
    assert client.get("/exhibitions/draft-only").status_code == 404
    preview = curator.get("/exhibitions/draft-only")
    assert preview.status_code == 200
    assert "only curators see this preview" in preview.get_data(as_text=True)
    assert '<meta name="robots" content="noindex">' in preview.get_data(as_text=True)


def editor_form(client, slug: str, **fields) -> dict:
    token = csrf_token(client.get(f"/curate/{slug}/edit").get_data(as_text=True))
    return {"csrf_token": token, "languages": "en, zh", "title.en": "Safe text", **fields}


def test_a_language_field_with_something_that_is_no_tag_is_refused_naming_it(demo_app):
    curator = curator_client(demo_app)
    create_exhibition(curator, "tagged")
    answer = curator.post("/curate/tagged/edit", data=editor_form(curator, "tagged", languages="en, xx-???",
                                                             **{"title.en": "Renamed", "action": "save"}))
    assert answer.status_code == 422
    assert "Not a language tag: xx-???" in html_module.unescape(answer.get_data(as_text=True))
    assert "A test exhibition" in curator.get("/exhibitions/tagged").get_data(as_text=True)  # nothing saved


def hidden_version(html: str) -> str:
    return re.search(r'name="version" value="(\d+)"', html).group(1)


def test_a_save_on_top_of_a_newer_draft_asks_first_and_loses_nothing(demo_app):
    mine, theirs = curator_client(demo_app), curator_client(demo_app)  # two tabs, or two curators
    create_exhibition(mine, "two-hands")
    opened = hidden_version(mine.get("/curate/two-hands/edit").get_data(as_text=True))
    assert opened == "0"  # no draft saved yet
    my_form = editor_form(mine, "two-hands", **{"title.en": "My title", "version": opened, "action": "save"})
    their_form = editor_form(theirs, "two-hands", **{"title.en": "Their title", "version": opened, "action": "save"})
    assert theirs.post("/curate/two-hands/edit", data=their_form).status_code == 302

    asked = mine.post("/curate/two-hands/edit", data=my_form)
    assert asked.status_code == 409
    page = asked.get_data(as_text=True)
    assert "Someone saved this draft (now draft 1) after you opened draft 0" in page
    assert 'value="My title"' in page and hidden_version(page) == "1"
    my_form["version"] = "1"
    assert mine.post("/curate/two-hands/edit", data=my_form).status_code == 302
    assert 'value="My title"' in mine.get("/curate/two-hands/edit").get_data(as_text=True)

    # Saves go to the draft; only publishing it adds a version to the history.
    history = mine.get("/curate/two-hands/history").get_data(as_text=True)
    assert [int(n) for n in re.findall(r'id="version-(\d+)"', history)] == [1]
    publish = editor_form(mine, "two-hands", **{"title.en": "My title", "action": "publish"})
    assert mine.post("/curate/two-hands/edit", data=publish).status_code == 302
    history = mine.get("/curate/two-hands/history").get_data(as_text=True)
    assert [int(n) for n in re.findall(r'id="version-(\d+)"', history)] == [2, 1]
    assert "My title" in history and history.count(f">{CURATOR}</td>") == 2

    restored = mine.post("/curate/two-hands/history/1/restore", data={"csrf_token": csrf_token(history)})
    assert restored.headers["Location"] == "/curate/two-hands"
    editor = mine.get("/curate/two-hands/edit").get_data(as_text=True)
    assert "Version 1 is the current one again, as version 3." in editor
    assert 'value="A test exhibition"' in editor
    assert "restored from version 1" in mine.get("/curate/two-hands/history").get_data(as_text=True)


def test_rearranging_before_saving_keeps_the_draft_the_form_was_opened_on(demo_app):
    mine, theirs = curator_client(demo_app), curator_client(demo_app)
    create_exhibition(mine, "rearranged")
    opened = hidden_version(mine.get("/curate/rearranged/edit").get_data(as_text=True))
    form = editor_form(mine, "rearranged", **{"version": opened, "action": "add-section"})
    assert theirs.post("/curate/rearranged/edit", data=editor_form(theirs, "rearranged", action="save",
                                                             **{"title.en": "Changed"})).status_code == 302
    rearranged = mine.post("/curate/rearranged/edit", data=form).get_data(as_text=True)
    assert hidden_version(rearranged) == opened  # not the newer draft it was never shown
    assert mine.post("/curate/rearranged/edit", data={**form, "action": "save"}).status_code == 409


def test_a_curator_schedules_the_opening_from_the_editor_and_can_cancel_it(demo_app, client):
    curator = curator_client(demo_app)
    create_exhibition(curator, "opens-later")
    past = editor_form(curator, "opens-later", **{"title.en": "Opens later", "publish_at": "2020-01-01T09:00",
                                                   "action": "schedule"})
    refused = curator.post("/curate/opens-later/edit", data=past)
    assert refused.status_code == 422
    assert "must be in the future" in refused.get_data(as_text=True)
    assert 'value="Opens later"' in refused.get_data(as_text=True)

    ahead = {**past, "publish_at": "2031-05-01T09:30"}
    assert curator.post("/curate/opens-later/edit", data=ahead).status_code == 302
    editor = curator.get("/curate/opens-later/edit").get_data(as_text=True)
    assert "Saved; it will be published at May 1, 2031, 9:30\u202fAM UTC." in editor
    assert 'value="2031-05-01T09:30"' in editor
    assert client.get("/exhibitions/opens-later").status_code == 404
    assert "It will be published at May 1, 2031, 9:30\u202fAM UTC." in curator.get("/curate").get_data(as_text=True)
    # What was typed waits in the draft, which goes live at that time.
    draft = curator.get("/api/v1/exhibitions/opens-later/draft").get_json()
    assert (draft["publish_at"], draft["title"]) == ("2031-05-01T09:30:00Z", {"en": ["Opens later"]})

    cancel = editor_form(curator, "opens-later", **{"title.en": "Opens later", "action": "unschedule"})
    assert curator.post("/curate/opens-later/edit", data=cancel).status_code == 302
    editor = curator.get("/curate/opens-later/edit").get_data(as_text=True)
    assert "the scheduled publication is cancelled" in editor and 'id="scheduled"' not in editor


def test_history_is_for_curators_and_an_unknown_version_is_404(demo_app, client):
    curator = curator_client(demo_app)
    create_exhibition(curator, "looked-back")
    assert client.get("/curate/looked-back/history").status_code == 302
    assert signed_in(demo_app, NMC_CONTRIBUTOR).get("/curate/looked-back/history").status_code == 403
    token = csrf_token(curator.get("/curate/looked-back/history").get_data(as_text=True))
    assert curator.post("/curate/looked-back/history/7/restore", data={"csrf_token": token}).status_code == 404
    assert curator.post("/curate/looked-back/history/1/restore").status_code == 400  # no CSRF token


def test_nothing_a_curator_typed_is_lost_on_a_validation_error(demo_app):
    curator = curator_client(demo_app)
    create_exhibition(curator, "keeps-everything")
    jar = demo_object_id(demo_app, "NMC-2021-001")
    form = editor_form(curator, "keeps-everything", **{
        "title.zh": "丝路", "sections.0.title.en": "First room", "sections.0.text.en": "Some narrative.",
        "sections.0.items.0.object": jar, "sections.0.items.0.region": "999999,10,20,20",
        "sections.0.items.0.caption.en": "A caption I wrote carefully.", "action": "save"})
    response = curator.post("/curate/keeps-everything/edit", data=form)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for typed in ("丝路", "First room", "Some narrative.", "999999,10,20,20", "A caption I wrote carefully."):
        assert typed in html
    assert "outside the image" in html


def found_ids(html: str) -> list[str]:
    return re.findall(r'value="add-object:([^"]+)"', html)


def test_the_finder_narrows_by_museum_type_and_years_as_the_public_search_does(demo_app, client):
    curator = curator_client(demo_app)
    create_exhibition(curator, "found")
    asked = {"find_museum": "nmc", "find_from": "-1000", "find_to": "1000"}
    html = curator.post("/curate/found/edit", data=editor_form(curator, "found", action="find", **asked)
                        ).get_data(as_text=True)

    expected = client.get("/api/v1/search?museum=nmc&date_from=-1000&date_to=1000&size=12").get_json()
    assert found_ids(html) == [item["id"] for item in expected["items"]]
    assert found_ids(html) and all(found.startswith("nmc-") for found in found_ids(html))
    assert '<option value="nmc" selected>' in html and 'value="-1000"' in html

    typed = client.get("/api/v1/search?object_type=coin&size=12").get_json()
    html = curator.post("/curate/found/edit", data=editor_form(curator, "found", action="find", find_type="coin")
                        ).get_data(as_text=True)
    assert found_ids(html) == [item["id"] for item in typed["items"]] and typed["items"]


def test_a_bad_year_in_the_finder_says_which_field_and_keeps_the_form(demo_app):
    curator = curator_client(demo_app)
    create_exhibition(curator, "bad-year")
    form = editor_form(curator, "bad-year", **{"sections.0.title.en": "First room", "action": "find",
                                               "find_q": "bowl", "find_from": "twelve"})
    response = curator.post("/curate/bad-year/edit", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "From year: must be an integer" in html
    assert found_ids(html) == []
    assert 'value="twelve"' in html and 'value="First room"' in html and 'value="bowl"' in html


def test_an_empty_finder_finds_nothing(demo_app):
    curator = curator_client(demo_app)
    create_exhibition(curator, "nothing-asked")
    html = curator.post("/curate/nothing-asked/edit", data=editor_form(curator, "nothing-asked", action="find")
                        ).get_data(as_text=True)
    assert found_ids(html) == []


def test_editing_actions_reorder_without_saving(demo_app):
    curator = curator_client(demo_app)
    create_exhibition(curator, "reordered")
    form = editor_form(curator, "reordered", **{
        "sections.0.title.en": "Room A", "sections.1.title.en": "Room B", "action": "section-down:0"})
    html = curator.post("/curate/reordered/edit", data=form).get_data(as_text=True)
    assert html.index('value="Room B"') < html.index('value="Room A"')
    assert "until you save" in html
    assert "Room A" not in curator.get("/curate/reordered/edit").get_data(as_text=True)


def test_an_item_moves_into_the_next_room_with_its_caption(demo_app):
    curator = curator_client(demo_app)
    create_exhibition(curator, "two-rooms")
    jar, plate = demo_object_id(demo_app, "NMC-2021-001"), demo_object_id(demo_app, "RPM-P-211")
    rooms = {"sections.0.title.en": "Room A", "sections.0.items.0.object": jar,
             "sections.0.items.0.caption.en": "Caption of the jar",
             "sections.1.title.en": "Room B", "sections.1.items.0.object": plate}
    html = curator.post("/curate/two-rooms/edit", data=editor_form(curator, "two-rooms", action="find", **rooms)
                        ).get_data(as_text=True)
    assert re.search(r'value="item-down:0:0" class="secondary">', html)  # not disabled: Room B is below
    assert re.search(r'value="item-up:0:0" class="secondary" disabled>', html)

    html = curator.post("/curate/two-rooms/edit",
                        data=editor_form(curator, "two-rooms", action="item-down:0:0", **rooms)).get_data(as_text=True)
    assert f'name="sections.1.items.0.object" value="{jar}"' in html
    assert f'name="sections.1.items.1.object" value="{plate}"' in html
    assert "Caption of the jar" in html.split('value="Room B"')[1]


def test_a_script_in_a_caption_or_title_never_reaches_the_page(demo_app):
    curator = curator_client(demo_app)
    create_exhibition(curator, "no-scripts")
    jar = demo_object_id(demo_app, "NMC-2021-001")
    form = editor_form(curator, "no-scripts", **{
        "title.en": "<img src=x onerror=alert(1)>Title", "sections.0.title.en": "<script>alert(2)</script>Room",
        "sections.0.text.en": "<p onclick='alert(3)'>Text</p><script>alert(4)</script>",
        "sections.0.items.0.object": jar,
        "sections.0.items.0.caption.en": "<em>kept</em><script>alert(5)</script><a href='javascript:alert(6)'>x</a>",
        "action": "publish"})
    assert curator.post("/curate/no-scripts/edit", data=form).status_code == 302
    html = demo_app.test_client().get("/exhibitions/no-scripts").get_data(as_text=True)
    assert "alert(" not in html and "onerror" not in html and "onclick" not in html
    assert "<em>kept</em>" in html
    assert not INLINE_SCRIPT.search(html)


def test_a_script_in_object_metadata_is_shown_as_text(demo_app):
    contributor = signed_in(demo_app, NMC_CONTRIBUTOR)
    token = csrf_token(contributor.get("/contribute/nmc/objects/new").get_data(as_text=True))
    response = contributor.post("/contribute/nmc/objects/new", data={
        "csrf_token": token, "accession": "XSS-1", "title-0-lang": "en",
        "title-0-text": "<script>alert('t')</script>Jar", "description-0-lang": "en",
        "description-0-text": "<img src=x onerror=alert('d')>", "rights": "http://creativecommons.org/licenses/by/4.0/"})
    assert response.status_code == 302
    object_id = demo_object_id(demo_app, "XSS-1")
    html = demo_app.test_client().get(f"/objects/{object_id}").get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;Jar" in html


def test_a_contributor_object_form_keeps_values_on_errors_and_stores_images(demo_app):
    contributor = signed_in(demo_app, RUNDALE_CONTRIBUTOR)
    token = csrf_token(contributor.get("/contribute/rundale/objects/new").get_data(as_text=True))
    fields = {"csrf_token": token, "accession": "RPM-NEW-1", "title-0-lang": "lv", "title-0-text": "Šķīvis",
              "date.display": "1740", "date.start": "1750", "date.end": "1730", "place.lat": "north"}
    refused = contributor.post("/contribute/rundale/objects/new", data=fields)
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert 'value="Šķīvis"' in html and 'value="north"' in html
    assert "rights" in html and "place.lat" in html
    fields.update({"rights": "http://creativecommons.org/publicdomain/zero/1.0/", "date.start": "1730",
                   "date.end": "1750", "place.lat": "56.4"})
    fields["images"] = (io.BytesIO(image_bytes(120, 90)), "plate.jpg")
    saved = contributor.post("/contribute/rundale/objects/new", data=fields, content_type="multipart/form-data")
    assert saved.status_code == 302
    listing = contributor.get("/contribute/rundale").get_data(as_text=True)
    assert "RPM-NEW-1" in listing


def test_saving_an_object_over_a_newer_change_asks_first_and_loses_nothing(demo_app):
    mine, theirs = signed_in(demo_app, RUNDALE_CONTRIBUTOR), signed_in(demo_app, RUNDALE_CONTRIBUTOR)
    token = csrf_token(mine.get("/contribute/rundale/objects/new").get_data(as_text=True))
    base = {"csrf_token": token, "title-0-lang": "en", "rights": "http://creativecommons.org/publicdomain/zero/1.0/"}
    mine.post("/contribute/rundale/objects/new", data={**base, "accession": "RPM-TWO-1", "title-0-text": "Plate"})
    path = "/contribute/rundale/objects/RPM-TWO-1"
    opened = re.search(r'name="modified" value="([^"]+)"', mine.get(path).get_data(as_text=True)).group(1)
    their_token = csrf_token(theirs.get(path).get_data(as_text=True))
    their_form = {**base, "csrf_token": their_token, "modified": opened, "title-0-text": "Their plate"}
    assert theirs.post(path, data=their_form).status_code == 302

    asked = mine.post(path, data={**base, "modified": opened, "title-0-text": "My plate"})
    assert asked.status_code == 409
    page = asked.get_data(as_text=True)
    assert "Someone saved this object" in page and 'value="My plate"' in page
    now = re.search(r'name="modified" value="([^"]+)"', page).group(1)
    assert now != opened
    assert mine.post(path, data={**base, "modified": now, "title-0-text": "My plate"}).status_code == 302
    assert 'value="My plate"' in mine.get(path).get_data(as_text=True)


def test_a_contributor_deletes_an_object_into_the_trash_and_restores_it_or_deletes_it_for_good(demo_app, client):
    contributor = signed_in(demo_app, RUNDALE_CONTRIBUTOR)
    token = csrf_token(contributor.get("/contribute/rundale/objects/new").get_data(as_text=True))
    fields = {"csrf_token": token, "accession": "RPM-GONE-1", "title-0-lang": "en", "title-0-text": "Gone plate",
              "rights": "http://creativecommons.org/publicdomain/zero/1.0/",
              "images": (io.BytesIO(image_bytes(90, 60, color=(5, 90, 5))), "plate.jpg")}
    contributor.post("/contribute/rundale/objects/new", data=fields, content_type="multipart/form-data")
    object_id = demo_object_id(demo_app, "RPM-GONE-1")
    path = "/contribute/rundale/objects/RPM-GONE-1"
    assert "Delete this object" in contributor.get(path).get_data(as_text=True)

    contributor.post(f"{path}/delete", data={"csrf_token": token})  # not confirmed: nothing happens
    assert client.get(f"/objects/{object_id}").status_code == 200
    moved = contributor.post(f"{path}/delete", data={"csrf_token": token, "confirm": "yes"})
    assert moved.headers["Location"] == "/contribute/rundale/trash"
    assert client.get(f"/objects/{object_id}").status_code == 404
    trash = contributor.get("/contribute/rundale/trash").get_data(as_text=True)
    assert f'id="trashed-{object_id}"' in trash and "Gone plate" in trash and "is in the trash" in trash
    assert "Trash" in contributor.get("/contribute/rundale").get_data(as_text=True)
    assert f'id="trashed-{object_id}"' not in signed_in(demo_app, NMC_CONTRIBUTOR).get(
        "/contribute/nmc/trash").get_data(as_text=True)
    assert signed_in(demo_app, NMC_CONTRIBUTOR).get("/contribute/rundale/trash").status_code == 403

    restored = contributor.post(f"/contribute/rundale/trash/{object_id}/restore", data={"csrf_token": token})
    assert restored.headers["Location"] == path
    assert client.get(f"/objects/{object_id}").status_code == 200

    contributor.post(f"{path}/delete", data={"csrf_token": token, "confirm": "yes"})
    unconfirmed = contributor.post(f"/contribute/rundale/trash/{object_id}/delete", data={"csrf_token": token})
    assert unconfirmed.status_code == 422 and f'id="trashed-{object_id}"' in unconfirmed.get_data(as_text=True)
    gone = contributor.post(f"/contribute/rundale/trash/{object_id}/delete",
                            data={"csrf_token": token, "confirm": "yes"})
    assert gone.headers["Location"] == "/contribute/rundale/trash"
    assert f'id="trashed-{object_id}"' not in contributor.get("/contribute/rundale/trash").get_data(as_text=True)
    assert contributor.post(f"/contribute/rundale/trash/{object_id}/restore",
                            data={"csrf_token": token}).status_code == 404


def test_an_objects_history_shows_what_each_change_replaced_and_restores_it(demo_app):
    contributor = signed_in(demo_app, RUNDALE_CONTRIBUTOR)
    token = csrf_token(contributor.get("/contribute/rundale/objects/new").get_data(as_text=True))
    base = {"csrf_token": token, "title-0-lang": "en", "rights": "http://creativecommons.org/publicdomain/zero/1.0/"}
    contributor.post("/contribute/rundale/objects/new", data={**base, "accession": "RPM-HIST-1",
                                                              "title-0-text": "Tureen", "object_type": "tureen"})
    path = "/contribute/rundale/objects/RPM-HIST-1"
    history = f"{path}/history"
    assert "No earlier versions yet" in contributor.get(history).get_data(as_text=True)
    assert f'href="{history}"' in contributor.get(path).get_data(as_text=True)
    for title in ("Tureen with lid", "Soup tureen"):
        opened = re.search(r'name="modified" value="([^"]+)"', contributor.get(path).get_data(as_text=True)).group(1)
        contributor.post(path, data={**base, "modified": opened, "title-0-text": title, "object_type": "tureen"})

    page = contributor.get(history).get_data(as_text=True)
    first = page[page.index('id="version-1"'):]
    assert "Tureen" in first and "<code>title</code>" in first and "registrar@rundale.example" in first
    restored = contributor.post(f"{history}/1/restore", data={"csrf_token": token})
    assert restored.headers["Location"] == path
    assert 'value="Tureen"' in contributor.get(path).get_data(as_text=True)
    assert 'id="version-3"' in contributor.get(history).get_data(as_text=True)  # "Soup tureen" is kept too
    assert contributor.post(f"{history}/9/restore", data={"csrf_token": token}).status_code == 404
    assert signed_in(demo_app, NMC_CONTRIBUTOR).get(history).status_code == 403


def test_a_long_history_in_pages_compares_each_version_with_the_one_after_it(demo_app):
    platform = demo_app.extensions["caravanserai"]
    with platform.db.transaction() as session:
        museum = contribution.get_museum(session, "rundale")
        for n in range(53):  # 52 earlier versions: a second page of them
            body = {"title": {"en": ["Candlestick"]}, "object_type": f"type {n}",
                    "rights": "http://creativecommons.org/publicdomain/zero/1.0/"}
            if n == 1:
                body["title"] = {"en": ["Candlestick, retitled"]}
            if n == 2:
                body["object_type"] = "type 1"
            contribution.put_object(session, museum, "RPM-LONG-1", body)
    page = signed_in(demo_app, RUNDALE_CONTRIBUTOR).get(
        "/contribute/rundale/objects/RPM-LONG-1/history?page=2").get_data(as_text=True)
    first = page[page.index('id="version-1"'):]
    second = page[page.index('id="version-2"'):page.index('id="version-1"')]
    assert "<code>title</code>, <code>object_type</code>" in first  # version 2 changed both
    assert "<code>title</code></td>" in second  # version 3, on the page before, changed the title back
    assert "Page 2 of 2" in page


def test_a_contributor_may_not_write_to_another_museum(demo_app):
    contributor = signed_in(demo_app, NMC_CONTRIBUTOR)
    token = csrf_token(contributor.get("/contribute/nmc/objects/new").get_data(as_text=True))
    response = contributor.post("/contribute/rundale/objects/new", data={
        "csrf_token": token, "accession": "INTRUDER", "title-0-text": "x",
        "rights": "http://creativecommons.org/publicdomain/zero/1.0/"})
    assert response.status_code == 403
    assert demo_object_id(demo_app, "INTRUDER") is None


@pytest.mark.parametrize("path", ["/api/v1/exhibitions"])
def test_the_json_api_with_a_bearer_token_needs_no_csrf_token(demo_app, path):
    platform = demo_app.extensions["caravanserai"]
    with platform.db.transaction() as session:
        token = auth.create_token(session, "curator")
    response = demo_app.test_client().post(path, json={"slug": "by-api", "title": {"en": ["By the API"]}},
                                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 201


def test_a_cookie_authenticated_api_write_needs_the_csrf_token(demo_app):
    curator = curator_client(demo_app)
    response = curator.post("/api/v1/exhibitions", json={"slug": "by-cookie", "title": {"en": ["By a cookie"]}})
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"


def post_import_form(contributor, rows: bytes, filename: str = "rows.csv", **headers):
    token = csrf_token(contributor.get("/contribute/nmc/import").get_data(as_text=True))
    return contributor.post("/contribute/nmc/import", headers=headers, content_type="multipart/form-data",
                            data={"csrf_token": token, "file": (io.BytesIO(rows), filename)})


def test_an_import_becomes_a_job_whose_page_shows_the_report_when_it_has_run(demo_app):
    contributor = signed_in(demo_app, NMC_CONTRIBUTOR)
    cc0 = "http://creativecommons.org/publicdomain/zero/1.0/"
    rows = f"accession,title.en,rights\nJOB-1,One,{cc0}\nJOB-2,Two,{cc0}\nJOB-3,,{cc0}\n".encode()
    response = post_import_form(contributor, rows, "three-rows.csv")
    assert response.status_code == 303
    job_page = response.headers["Location"]
    assert job_page.startswith("/contribute/nmc/imports/")
    assert demo_app.extensions["caravanserai"].tasks.wait_idle(timeout=60)

    page = contributor.get(job_page).get_data(as_text=True)
    assert "Import of three-rows.csv" in page
    assert "3 rows: 2 created" in page and 'class="row-failed"' in page
    assert "data-import-job" not in page and "import-progress" not in page  # nothing left to follow
    state = contributor.get(job_page, headers={"Accept": "application/json"}).get_json()
    assert (state["status"], state["done"], state["total"]) == ("finished", 3, 3)
    assert "3 rows: 2 created" in state["html"]
    listed = contributor.get("/contribute/nmc").get_data(as_text=True)
    assert f'href="{job_page}">three-rows.csv</a>' in listed and "finished" in listed


def test_the_report_of_a_large_import_lists_only_its_failed_rows(demo_app):
    contributor = signed_in(demo_app, NMC_CONTRIBUTOR)
    cc0 = "http://creativecommons.org/publicdomain/zero/1.0/"
    rows = "accession,title.en,rights\n" + "".join(
        f"BULK-{n},{'' if n in (7, 345) else f'Sherd {n}'},{cc0}\n" for n in range(600))
    job_page = post_import_form(contributor, rows.encode(), "sherds.csv").headers["Location"]
    assert demo_app.extensions["caravanserai"].tasks.wait_idle(timeout=120)
    page = contributor.get(job_page).get_data(as_text=True)
    assert "600 rows: 598 created" in page
    assert "Only the 2 failed rows of 600 are listed here." in page
    assert page.count('class="row-failed"') == 2 and 'class="row-created"' not in page
    whole = re.search(r'href="(/api/v1/museums/nmc/imports/[0-9a-f]+)">The whole report', page).group(1)
    report = contributor.get(whole).get_json()["report"]
    assert (report["total"], report["created"], len(report["rows"])) == (600, 598, 600)


def test_the_import_pages_script_gets_the_jobs_page_as_json(demo_app):
    contributor = signed_in(demo_app, NMC_CONTRIBUTOR)
    rows = b"accession,title.en,rights\nJOB-9,Nine,http://creativecommons.org/publicdomain/zero/1.0/\n"
    response = post_import_form(contributor, rows, Accept="application/json")
    assert response.status_code == 202
    assert response.get_json()["url"].startswith("/contribute/nmc/imports/")
    assert demo_app.extensions["caravanserai"].tasks.wait_idle(timeout=60)


def test_a_job_waiting_for_its_turn_says_so_and_offers_to_check_again(demo_app):
    platform = demo_app.extensions["caravanserai"]
    with platform.db.transaction() as session:
        museum = session.scalar(select(Museum).where(Museum.slug == "nmc"))
        # Marked as running in a live process elsewhere, so no worker here takes it.
        session.add(ImportJob(id="a" * 32, museum_id=museum.id, filename="later.csv", status="running", done=40,
                              total=120, started=utcnow(), heartbeat=utcnow()))
    contributor = signed_in(demo_app, NMC_CONTRIBUTOR)
    page = contributor.get(f"/contribute/nmc/imports/{'a' * 32}").get_data(as_text=True)
    assert "40 of 120 rows imported." in page
    assert 'value="33"' in page and "data-import-job" in page and "Check again" in page
    state = contributor.get(f"/contribute/nmc/imports/{'a' * 32}", headers={"Accept": "application/json"}).get_json()
    assert state == {"status": "running", "done": 40, "total": 120, "message": "40 of 120 rows imported."}
    chinese = contributor.get(f"/contribute/nmc/imports/{'a' * 32}?lang=zh").get_data(as_text=True)
    assert "已导入 40 / 120 行。" in chinese
    assert signed_in(demo_app, RUNDALE_CONTRIBUTOR).get(f"/contribute/nmc/imports/{'a' * 32}").status_code == 403
    assert contributor.get("/contribute/nmc/imports/unknown").status_code == 404

    cancelled = contributor.post(f"/contribute/nmc/imports/{'a' * 32}/cancel", data={"csrf_token": csrf_token(page)})
    assert cancelled.headers["Location"] == f"/contribute/nmc/imports/{'a' * 32}"
    stopping = contributor.get(f"/contribute/nmc/imports/{'a' * 32}").get_data(as_text=True)
    assert "Stopping after the row it is on." in stopping and "Cancel the import" not in stopping
    with platform.db.transaction() as session:
        session.delete(session.get(ImportJob, "a" * 32))


def test_a_refused_file_answers_with_the_import_form_and_the_reason(demo_app):
    contributor = signed_in(demo_app, NMC_CONTRIBUTOR)
    response = post_import_form(contributor, b"title\nno accession column\n")
    assert response.status_code == 422
    assert "accession" in response.get_data(as_text=True)


def test_a_curator_previews_publishes_and_unpublishes(demo_app, client):
    curator = curator_client(demo_app)
    create_exhibition(curator, "in-and-out", "In and out")
    preview = curator.post("/curate/in-and-out/edit", data=editor_form(curator, "in-and-out", action="preview"))
    assert preview.headers["Location"] == "/curate/in-and-out/preview"
    assert "Safe text" in curator.get("/curate/in-and-out/preview").get_data(as_text=True)  # the draft
    assert client.get("/exhibitions/in-and-out").status_code == 404
    curator.post("/curate/in-and-out/edit", data=editor_form(curator, "in-and-out", action="publish"))
    assert client.get("/exhibitions/in-and-out").status_code == 200
    assert "Safe text" in client.get("/exhibitions").get_data(as_text=True)
    curator.post("/curate/in-and-out/edit", data=editor_form(curator, "in-and-out", action="unpublish"))
    assert client.get("/exhibitions/in-and-out").status_code == 404


def test_search_results_are_paged_and_sorted(client):
    first = client.get("/search?sort=date").get_data(as_text=True)
    assert 'rel="next"' in first and "Page 1 of" in first
    second = client.get("/search?sort=date&page=2").get_data(as_text=True)
    assert 'rel="prev"' in second and "Page 2 of" in second
    assert re.search(r'<ol class="hits" start="21">', second)
    years = [int(y) for y in re.findall(r"(\d+)(?:st|nd|rd|th) century BCE", first)[:2]]
    assert years and years == sorted(years, reverse=True)


def test_a_curator_deletes_an_exhibition_only_when_confirmed(demo_app):
    curator = curator_client(demo_app)
    create_exhibition(curator, "short-lived")
    token = csrf_token(curator.get("/curate/short-lived/edit").get_data(as_text=True))
    curator.post("/curate/short-lived/delete", data={"csrf_token": token})
    assert curator.get("/curate/short-lived").status_code == 200
    moved = curator.post("/curate/short-lived/delete", data={"csrf_token": token, "confirm": "yes"})
    assert moved.headers["Location"] == "/curate/trash"
    assert curator.get("/curate/short-lived").status_code == 404


def test_a_deleted_exhibition_waits_in_the_trash_to_be_restored_or_deleted_for_good(demo_app):
    curator = curator_client(demo_app)
    create_exhibition(curator, "second-thoughts", "Second thoughts")
    token = csrf_token(curator.get("/curate/second-thoughts/edit").get_data(as_text=True))
    curator.post("/curate/second-thoughts/delete", data={"csrf_token": token, "confirm": "yes"})
    trash = curator.get("/curate/trash").get_data(as_text=True)
    assert 'id="trashed-second-thoughts"' in trash and "Second thoughts" in trash
    assert "is in the trash; restore it from there" in trash

    restored = curator.post("/curate/trash/second-thoughts/restore", data={"csrf_token": token})
    assert restored.headers["Location"] == "/curate/second-thoughts"
    assert "is back, as a draft" in curator.get("/curate/second-thoughts/edit").get_data(as_text=True)

    curator.post("/curate/second-thoughts/delete", data={"csrf_token": token, "confirm": "yes"})
    unconfirmed = curator.post("/curate/trash/second-thoughts/delete", data={"csrf_token": token})
    assert unconfirmed.status_code == 422 and 'id="trashed-second-thoughts"' in unconfirmed.get_data(as_text=True)
    gone = curator.post("/curate/trash/second-thoughts/delete", data={"csrf_token": token, "confirm": "yes"})
    assert gone.headers["Location"] == "/curate/trash"
    assert 'id="trashed-second-thoughts"' not in curator.get("/curate/trash").get_data(as_text=True)
    assert curator.post("/curate/trash/second-thoughts/restore", data={"csrf_token": token}).status_code == 404


def test_the_editor_says_when_an_items_object_is_in_its_museums_trash(demo_app):
    platform = demo_app.extensions["caravanserai"]
    with platform.db.transaction() as session:
        contributor = {"Authorization": f"Bearer {auth.create_token(session, 'contributor', 'nmc')}"}
        curator = {"Authorization": f"Bearer {auth.create_token(session, 'curator')}"}
    api = demo_app.test_client()
    obj = api.put("/api/v1/museums/nmc/objects/NMC-BINNED-1", headers=contributor, json={
        "title": {"en": ["Binned cup"]}, "rights": "http://creativecommons.org/publicdomain/zero/1.0/"}).get_json()
    section = {"title": {"en": ["One"]}, "items": [{"object": obj["id"]}]}
    api.put("/api/v1/exhibitions/with-a-binned-cup", headers=curator,
            json={"title": {"en": ["With a binned cup"]}, "sections": [section]})
    api.put("/api/v1/exhibitions/with-a-binned-cup/team", headers=curator, json={"members": [CURATOR]})
    api.delete(f"/api/v1/objects/{obj['id']}", headers=contributor)
    page = curator_client(demo_app).get("/curate/with-a-binned-cup/edit").get_data(as_text=True)
    assert "This object is in its museum&#39;s trash" in page and f'value="{obj["id"]}"' in page


def test_the_trashs_own_path_is_no_exhibitions_slug(demo_app):
    curator = curator_client(demo_app)
    refused = create_exhibition(curator, "trash", "Rubbish")
    assert refused.status_code == 422 and "is reserved" in refused.get_data(as_text=True)


def test_the_exhibition_reads_without_javascript(client):
    html = client.get(f"/exhibitions/{DEMO_EXHIBITION}").get_data(as_text=True)
    stills = re.findall(r'<img class="story-still" src="([^"]+)"', html)
    assert stills and all(re.search(r"/iiif/3/[0-9a-f]{64}/(full|\d+,\d+,\d+,\d+)/", src) for src in stills)
    assert any(re.search(r"/\d+,\d+,\d+,\d+/", src) for src in stills)
    for src in stills[:3]:
        assert client.get(src.replace("http://localhost", "")).status_code == 200
    # Each offered as WebP first, at the same size.
    webp = re.findall(r'<source type="image/webp" srcset="([^"]+)"><img class="story-still" src="([^"]+)"', html)
    assert len(webp) == len(stills) and all(first == src[:-4] + ".webp" for first, src in webp)
    assert client.get(webp[0][0].replace("http://localhost", "")).mimetype == "image/webp"


@pytest.mark.parametrize("address", ["/", "/exhibitions", f"/exhibitions/{DEMO_EXHIBITION}", "/museums",
                                     "/museums/nmc"])
def test_every_webp_a_page_offers_is_served(client, address):
    """A browser that takes a <source> does not fall back to the <img> when it fails: each
    WebP a page offers must answer, as WebP."""
    html = client.get(address).get_data(as_text=True)
    offered = {url.split()[0] for srcset in re.findall(r'<source type="image/webp" srcset="([^"]+)"', html)
               for url in html_module.unescape(srcset).split(", ")}
    assert offered, address
    for url in offered:
        answer = client.get(url.replace("http://localhost", ""))
        assert answer.status_code == 200 and answer.mimetype == "image/webp", url


def test_a_page_number_that_is_not_one_is_400_on_every_listing(demo_app, client):
    contributor = signed_in(demo_app, NMC_CONTRIBUTOR)
    for who, path in ((client, "/museums/nmc?page=x"), (client, "/exhibitions?page=0"),
                      (contributor, "/contribute/nmc?page=two")):
        response = who.get(path)
        assert response.status_code == 400 and "page" in response.get_data(as_text=True), path


@pytest.mark.parametrize("address", ["/", "/exhibitions/threads-of-the-silk-road", "/static/css/site.css",
                                     "/static/js/viewers.js"])
def test_pages_and_their_text_files_come_in_gzip_to_browsers_that_take_it(client, address):
    plain = client.get(address)
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    packed = client.get(address, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data) == plain.data
    assert int(packed.headers["Content-Length"]) < len(plain.data) / 2


def test_a_static_file_changed_in_place_comes_in_its_new_gzip(tmp_path):
    """Static files' gzip is kept by ETag, so the one a changed file gets is its own."""
    app = create_app(Settings(data_dir=tmp_path / "data", secret_key="x"))
    app.static_folder = str(tmp_path / "static")
    script = tmp_path / "static" / "story.js"
    script.parent.mkdir()
    client = app.test_client()
    for text in ("let chapter = 'one';\n" * 200, "let chapter = 'two, longer';\n" * 200):
        script.write_text(text)
        packed = client.get("/static/story.js", headers={"Accept-Encoding": "gzip"})
        assert packed.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(packed.data).decode() == text
