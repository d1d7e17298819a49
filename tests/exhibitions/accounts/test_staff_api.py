"""Admins manage accounts, password-reset links and API tokens through the API; no one else
may, a refusal names its field and stores nothing, a reset link works once and for a day, and
a revoked token or a disabled account's session stops at its next request."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from exhibitions.accounts import auth
from exhibitions.models import Account, ApiToken, PasswordReset, as_utc, utcnow
from exhibitions.schemas import Role
from tests.exhibitions.conftest import VALID_OBJECT, bearer, put

ADMIN_ROUTES = [
    ("get", "/api/v1/accounts", None),
    ("post", "/api/v1/accounts", {"email": "new@museum.example", "role": "curator"}),
    ("get", "/api/v1/accounts/{account}", None),
    ("patch", "/api/v1/accounts/{account}", {"role": "editor"}),
    ("post", "/api/v1/accounts/{account}/reset-link", None),
    ("get", "/api/v1/tokens", None),
    ("post", "/api/v1/tokens", {"name": "sync", "role": "curator"}),
    ("delete", "/api/v1/tokens/{token}", None),
]


def counts(platform) -> dict[str, int]:
    with platform.db.sessions() as session:
        return {model.__tablename__: session.scalar(select(func.count()).select_from(model))
                for model in (Account, ApiToken, PasswordReset)}


def make_account(platform, email="registrar@nmc.example", role="contributor", museum="nmc",
                 password="a long enough password") -> int:
    with platform.db.transaction() as session:
        account = auth.create_account(session, email, password, role, museum)
        session.flush()
        return account.id


def log_in(client, email, password="a long enough password"):
    """A page login: the CSRF token of the login form, then the form."""
    from tests.pages.conftest import csrf_token

    token = csrf_token(client.get("/login").get_data(as_text=True))
    answer = client.post("/login", data={"email": email, "password": password, "csrf_token": token})
    assert answer.status_code == 302, answer.get_data(as_text=True)[:500]
    return answer


def test_the_roles_the_schema_offers_are_the_roles_there_are():
    assert Role.__args__ == auth.ROLES


@pytest.mark.parametrize("role", ["contributor", "curator", "editor"])
def test_only_an_admin_manages_accounts_and_tokens(client, platform, museums, role):
    account = make_account(platform)
    headers = bearer(platform, role, "nmc" if role == "contributor" else None)
    with platform.db.sessions() as session:
        token_id = session.scalar(select(ApiToken.id))  # the caller's own token, which it may not revoke
    before = counts(platform)
    for method, path, body in ADMIN_ROUTES:
        address = path.format(account=account, token=token_id)
        assert client.open(address, method=method.upper(), json=body).status_code == 401, (method, path)
        answer = client.open(address, method=method.upper(), json=body, headers=headers)
        assert answer.status_code == 403, (method, path, answer.get_json())
    assert counts(platform) == before
    with platform.db.sessions() as session:
        assert session.get(Account, account).role == "contributor"


def test_an_admin_creates_lists_and_changes_accounts(client, platform, museums, admin_token):
    answer = client.post("/api/v1/accounts", json={"email": " Registrar@Rundale.example ", "role": "contributor",
                                                   "museum": "rundale"}, headers=admin_token)
    assert answer.status_code == 201, answer.get_json()
    account = answer.get_json()
    assert account["email"] == "registrar@rundale.example" and account["museum"] == "rundale"
    assert answer.headers["Location"].endswith(f"/api/v1/accounts/{account['id']}")
    client.post("/api/v1/accounts", json={"email": "curator@alliance.example", "role": "curator"}, headers=admin_token)
    listed = client.get("/api/v1/accounts?size=1", headers=admin_token).get_json()
    assert listed["total"] == 2 and [a["email"] for a in listed["items"]] == ["curator@alliance.example"]

    # A contributor who becomes an editor leaves their museum; an editor given a museum is refused.
    changed = client.patch(f"/api/v1/accounts/{account['id']}", json={"role": "editor"}, headers=admin_token)
    assert changed.status_code == 200 and changed.get_json()["museum"] is None
    refused = client.patch(f"/api/v1/accounts/{account['id']}", json={"museum": "nmc"}, headers=admin_token)
    assert refused.status_code == 422 and refused.get_json()["errors"][0]["field"] == "museum"
    back = client.patch(f"/api/v1/accounts/{account['id']}", json={"role": "contributor", "museum": "nmc"},
                        headers=admin_token)
    assert back.get_json()["role"] == "contributor" and back.get_json()["museum"] == "nmc"


@pytest.mark.parametrize(("body", "status", "field"), [
    ({"email": "registrar@nmc.example", "role": "curator"}, 409, "email"),
    ({"email": "REGISTRAR@nmc.example ", "role": "curator"}, 409, "email"),
    ({"email": "someone@nmc.example", "role": "director"}, 422, "role"),
    ({"email": "not an email", "role": "curator"}, 422, "email"),
    ({"email": "someone@nmc.example", "role": "contributor"}, 422, "museum"),
    ({"email": "someone@nmc.example", "role": "contributor", "museum": "louvre"}, 422, "museum"),
    ({"email": "someone@nmc.example", "role": "curator", "museum": "nmc"}, 422, "museum"),
    ({"email": "someone@nmc.example", "role": "curator", "password": "x"}, 422, "password"),
])
def test_a_refused_account_names_its_field_and_stores_nothing(client, platform, museums, admin_token, body, status,
                                                              field):
    make_account(platform)
    before = counts(platform)
    answer = client.post("/api/v1/accounts", json=body, headers=admin_token)
    assert answer.status_code == status
    assert field in {error["field"] for error in answer.get_json()["errors"]}
    assert counts(platform) == before


def test_a_refused_change_names_its_field_and_changes_nothing(client, platform, museums, admin_token):
    account = make_account(platform)
    for body, field in (({"role": "director"}, "role"), ({"role": None}, "role"), ({"disabled": "perhaps"}, "disabled"),
                        ({"museum": None}, "museum"), ({"email": "x@y.example"}, "email")):
        answer = client.patch(f"/api/v1/accounts/{account}", json=body, headers=admin_token)
        assert answer.status_code == 422, body
        assert field in {error["field"] for error in answer.get_json()["errors"]}, answer.get_json()
    assert client.get(f"/api/v1/accounts/{account}", headers=admin_token).get_json()["museum"] == "nmc"
    assert client.patch("/api/v1/accounts/999", json={"role": "curator"}, headers=admin_token).status_code == 404


def test_an_admin_cannot_lock_themself_out(client, platform, museums):
    admin = make_account(platform, "admin@alliance.example", "admin", None)
    log_in(client, "admin@alliance.example")
    csrf = client.get("/admin").get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    headers = {"X-CSRFToken": csrf}
    for body, field in (({"disabled": True}, "disabled"), ({"role": "curator"}, "role")):
        answer = client.patch(f"/api/v1/accounts/{admin}", json=body, headers=headers)
        assert answer.status_code == 422 and answer.get_json()["errors"][0]["field"] == field
    assert client.get(f"/api/v1/accounts/{admin}").get_json() | {"created": None} == {
        "id": admin, "email": "admin@alliance.example", "role": "admin", "museum": None, "disabled": False,
        "created": None}


def reset_token(url: str) -> str:
    return url.rsplit("/reset/", 1)[1]


def set_password(client, token: str, password: str, repeated: str | None = None):
    from tests.pages.conftest import csrf_token

    page = client.get(f"/reset/{token}")
    if page.status_code != 200:
        return page
    return client.post(f"/reset/{token}", data={"password": password, "repeated": repeated or password,
                                                "csrf_token": csrf_token(page.get_data(as_text=True))})


def test_a_new_account_sets_its_password_through_a_one_time_link(client, platform, museums, admin_token):
    account = client.post("/api/v1/accounts", json={"email": "curator@alliance.example", "role": "curator"},
                          headers=admin_token).get_json()
    answer = client.post(f"/api/v1/accounts/{account['id']}/reset-link", headers=admin_token)
    assert answer.status_code == 201 and answer.headers["Cache-Control"] == "no-store"
    link = answer.get_json()
    assert link["url"].startswith("http://museum.test/reset/") and link["account"] == account["id"]
    token = reset_token(link["url"])
    with platform.db.sessions() as session:  # only its hash is kept
        assert session.scalar(select(PasswordReset.token_hash)) == auth.hash_token(token)
    page = client.get(f"/reset/{token}")
    assert page.status_code == 200 and "curator@alliance.example" in page.get_data(as_text=True)
    assert page.headers["Referrer-Policy"] == "no-referrer"

    # Too short, or two different passwords: refused, the link still works.
    assert set_password(client, token, "short").status_code == 422
    assert set_password(client, token, "a long enough password", "another long password").status_code == 422
    done = set_password(client, token, "a long enough password")
    assert done.status_code == 303 and done.headers["Location"].endswith("/login")
    client.post("/logout", data={})
    landed = log_in(client, "curator@alliance.example")
    assert landed.headers["Location"] == "/curate"  # a curator lands in their work area

    # Used: a 410 that says so, and nothing changes.
    again = set_password(client, token, "an attacker's new password")
    assert again.status_code == 410 and "used already" in again.get_data(as_text=True)


def test_a_reset_link_expires_after_a_day(client, platform, museums, admin_token):
    account = make_account(platform)
    link = client.post(f"/api/v1/accounts/{account}/reset-link", headers=admin_token).get_json()
    with platform.db.transaction() as session:
        expires = as_utc(session.scalar(select(PasswordReset.expires)))
        assert timedelta(hours=23, minutes=59) < expires - utcnow() <= timedelta(days=1)
        session.execute(update(PasswordReset).values(expires=utcnow() - timedelta(seconds=1)))
    answer = client.get(f"/reset/{reset_token(link['url'])}")
    assert answer.status_code == 410 and "expired" in answer.get_data(as_text=True)
    assert client.get("/reset/never-made").status_code == 404


def test_disabling_an_account_ends_its_sessions_and_its_tokens(client, platform, museums, admin_token):
    admin = make_account(platform, "admin@alliance.example", "admin", None)
    registrar = make_account(platform)
    other = client.application.test_client()
    log_in(other, "registrar@nmc.example")
    assert other.get("/contribute/nmc").status_code == 200
    log_in(client, "admin@alliance.example")
    csrf = client.get("/admin/tokens").get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    # A token the admin makes works until the admin's account is disabled.
    made = client.post("/api/v1/tokens", json={"name": "sync", "role": "contributor", "museum": "nmc"},
                       headers={"X-CSRFToken": csrf}).get_json()
    assert made["created_by"] == "admin@alliance.example"
    token = {"Authorization": f"Bearer {made['token']}"}
    assert put(other, token, "A-1").status_code == 201

    disabled = client.patch(f"/api/v1/accounts/{registrar}", json={"disabled": True}, headers=admin_token)
    assert disabled.status_code == 200
    assert other.get("/contribute/nmc").status_code == 302  # to the login page
    assert log_in_fails(other, "registrar@nmc.example")
    assert client.patch(f"/api/v1/accounts/{admin}", json={"disabled": True}, headers=admin_token).status_code == 200
    assert put(other, token, "A-2").status_code == 401
    # Enabled again, the account logs in anew; the session it had stays ended.
    client.patch(f"/api/v1/accounts/{registrar}", json={"disabled": False}, headers=admin_token)
    assert other.get("/contribute/nmc").status_code == 302


def log_in_fails(client, email) -> bool:
    from tests.pages.conftest import csrf_token

    token = csrf_token(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"email": email, "password": "a long enough password",
                                       "csrf_token": token}).status_code == 401


def test_tokens_are_made_shown_once_listed_with_their_last_use_and_revoked(client, platform, museums, admin_token):
    answer = client.post("/api/v1/tokens", json={"name": "collection sync", "role": "contributor", "museum": "nmc"},
                         headers=admin_token)
    assert answer.status_code == 201 and answer.headers["Cache-Control"] == "no-store"
    made = answer.get_json()
    token = {"Authorization": f"Bearer {made['token']}"}
    listed = client.get("/api/v1/tokens", headers=admin_token).get_json()["items"]
    mine = next(item for item in listed if item["id"] == made["id"])
    assert mine == {"id": made["id"], "name": "collection sync", "role": "contributor", "museum": "nmc",
                    "created": made["created"], "last_used": None, "created_by": None}
    assert "token" not in mine

    # Its use is written once, then not again within the minute; a minute later, again.
    assert put(client, token, "A-1").status_code == 201
    first = last_used(platform, made["id"])
    assert first is not None
    assert put(client, token, "A-2").status_code == 201
    assert last_used(platform, made["id"]) == first
    with platform.db.transaction() as session:
        session.execute(update(ApiToken).where(ApiToken.id == made["id"])
                        .values(last_used=utcnow() - timedelta(minutes=2)))
    assert client.get("/api/v1/trash/objects", headers=token).status_code == 200  # a read is a use too
    assert as_utc(last_used(platform, made["id"])) > as_utc(first)
    listed = client.get("/api/v1/tokens", headers=admin_token).get_json()["items"]
    assert next(item for item in listed if item["id"] == made["id"])["last_used"] is not None

    # Revoked between two of its requests: the next one is a 401, and nothing is stored.
    assert client.delete(f"/api/v1/tokens/{made['id']}", headers=admin_token).status_code == 204
    answer = put(client, token, "A-3", body={**VALID_OBJECT, "title": {"en": ["After"]}})
    assert answer.status_code == 401 and "revoked" in answer.get_json()["detail"]
    assert client.get("/api/v1/museums/nmc/objects/A-3").status_code == 404
    assert client.delete(f"/api/v1/tokens/{made['id']}", headers=admin_token).status_code == 404


def last_used(platform, token_id):
    with platform.db.sessions() as session:
        return session.get(ApiToken, token_id).last_used


@pytest.mark.parametrize(("body", "field"), [
    ({"role": "curator"}, "name"),
    ({"name": "", "role": "curator"}, "name"),
    ({"name": "x", "role": "root"}, "role"),
    ({"name": "x", "role": "contributor"}, "museum"),
    ({"name": "x", "role": "contributor", "museum": "louvre"}, "museum"),
    ({"name": "x", "role": "curator", "expires": "never"}, "expires"),
])
def test_a_refused_token_names_its_field_and_stores_nothing(client, platform, museums, admin_token, body, field):
    before = counts(platform)
    answer = client.post("/api/v1/tokens", json=body, headers=admin_token)
    assert answer.status_code == 422
    assert field in {error["field"] for error in answer.get_json()["errors"]}
    assert counts(platform) == before


def test_a_museums_contributor_edits_its_own_profile_and_no_other(client, platform, museums, nmc_token):
    body = {"description": {"en": ["On Tiananmen Square."]}, "default_rights": "https://creativecommons.org/licenses/by/4.0"}
    answer = client.patch("/api/v1/museums/nmc", json=body, headers=nmc_token)
    assert answer.status_code == 200
    assert answer.get_json()["default_rights"] == "http://creativecommons.org/licenses/by/4.0/"
    assert client.patch("/api/v1/museums/rundale", json=body, headers=nmc_token).status_code == 403
    assert client.get("/api/v1/museums/rundale").get_json()["default_rights"] is None
    refused = client.patch("/api/v1/museums/nmc", json={"default_rights": "all rights reserved"}, headers=nmc_token)
    assert refused.status_code == 422 and refused.get_json()["errors"][0]["field"] == "default_rights"


def test_a_museum_whose_slug_is_taken_is_a_409_naming_the_slug(client, platform, museums, admin_token):
    answer = client.post("/api/v1/museums", json={"slug": "nmc", "name": {"en": ["Again"]}, "country": "CN"},
                         headers=admin_token)
    assert answer.status_code == 409 and answer.get_json()["errors"][0]["field"] == "slug"


def test_an_import_row_without_rights_takes_the_museums_default(client, platform, museums, nmc_token):
    import io

    rows = "accession,title.en,rights\nB-1,Bowl,\nB-2,Cup,http://rightsstatements.org/vocab/InC/1.0/\n"

    def send():
        return client.post("/api/v1/museums/nmc/imports", headers=nmc_token, content_type="multipart/form-data",
                           data={"file": (io.BytesIO(rows.encode()), "rows.csv")}).get_json()

    assert [row["status"] for row in send()["rows"]] == ["failed", "created"]  # no default yet: rights required
    client.patch("/api/v1/museums/nmc", json={"default_rights": "http://creativecommons.org/licenses/by-sa/4.0/"},
                 headers=nmc_token)
    assert [row["status"] for row in send()["rows"]] == ["created", "unchanged"]
    rights = {accession: client.get(f"/api/v1/museums/nmc/objects/{accession}").get_json()["rights"]
              for accession in ("B-1", "B-2")}
    assert rights == {"B-1": "http://creativecommons.org/licenses/by-sa/4.0/",
                      "B-2": "http://rightsstatements.org/vocab/InC/1.0/"}
