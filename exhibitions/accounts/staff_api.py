"""The admins' JSON API for accounts, password-reset links and API tokens (/api/v1/accounts,
/api/v1/tokens): parse, call exhibitions.accounts.staff, serialize. Admins only."""

from __future__ import annotations

from flask import Blueprint, jsonify, url_for

from exhibitions.accounts import auth, staff
from exhibitions.api import json_body
from exhibitions.objects.records import iso_time
from exhibitions.paging import page_params, paged
from exhibitions.uow import commit
from exhibitions.web import base_url, current_platform, db_session

staff_api = Blueprint("staff_api", __name__, url_prefix="/api/v1")


@staff_api.teardown_app_request
def _remember_token_use(_error=None):
    auth.record_token_use(current_platform().db)


def created(record: dict, location: str):
    response = jsonify(record)
    response.status_code = 201
    response.headers["Location"] = location
    return response


@staff_api.get("/accounts")
def list_accounts():
    session = db_session()
    auth.require_admin(session)
    page, size = page_params()
    total, accounts = staff.list_accounts(session, page, size)
    return paged(total, page, size, [staff.account_record(account) for account in accounts])


@staff_api.post("/accounts")
def create_account():
    session = db_session()
    auth.require_admin(session)
    account = staff.create_account(session, json_body())
    commit(session)
    return created(staff.account_record(account), f"{base_url()}/api/v1/accounts/{account.id}")


@staff_api.get("/accounts/<number:account_id>")
def get_account(account_id: int):
    session = db_session()
    auth.require_admin(session)
    return staff.account_record(staff.get_account(session, account_id))


@staff_api.patch("/accounts/<number:account_id>")
def change_account(account_id: int):
    session = db_session()
    principal = auth.require_admin(session)
    account = staff.get_account(session, account_id)
    staff.change_account(session, account, json_body(), principal)
    commit(session)
    return staff.account_record(account)


def reset_link_record(reset, token: str) -> dict:
    return {"url": base_url() + url_for("accounts.reset_password", token=token), "expires": iso_time(reset.expires),
            "account": reset.account_id}


@staff_api.post("/accounts/<number:account_id>/reset-link")
def make_reset_link(account_id: int):
    """A one-time link to set the account's password, valid for a day; shown in this answer only."""
    session = db_session()
    principal = auth.require_admin(session)
    reset, token = staff.make_reset_link(session, staff.get_account(session, account_id), principal.name)
    commit(session)
    response = jsonify(reset_link_record(reset, token))
    response.status_code = 201
    response.headers["Cache-Control"] = "no-store"
    return response


@staff_api.get("/tokens")
def list_tokens():
    session = db_session()
    auth.require_admin(session)
    page, size = page_params()
    total, tokens = staff.list_tokens(session, page, size)
    return paged(total, page, size, [staff.token_record(token) for token in tokens])


@staff_api.post("/tokens")
def create_token():
    """The token itself is in this answer only: the platform keeps its hash."""
    session = db_session()
    principal = auth.require_admin(session)
    row, token = staff.create_token(session, json_body(), principal)
    commit(session)
    response = created({**staff.token_record(row), "token": token}, f"{base_url()}/api/v1/tokens/{row.id}")
    response.headers["Cache-Control"] = "no-store"
    return response


@staff_api.delete("/tokens/<number:token_id>")
def revoke_token(token_id: int):
    session = db_session()
    auth.require_admin(session)
    staff.revoke_token(session, token_id)
    commit(session)
    return "", 204
