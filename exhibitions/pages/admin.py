"""The admins' work area (/admin): a dashboard, member museums with their profiles, accounts with
one-time password-reset links, and API tokens. Plain forms turned into the API's payloads:
every write goes through the services of the API (exhibitions.museums.profiles, exhibitions.accounts.staff), so
the same validation answers both."""

from __future__ import annotations

import math
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select

from exhibitions.accounts import staff
from exhibitions.accounts.staff_api import reset_link_record
from exhibitions.language import word
from exhibitions.models import Account, Activity, ApiToken, Exhibition, ImportJob, Museum, MuseumObject
from exhibitions.objects import contribution
from exhibitions.pages.guard import current_viewer, problem_page, requires
from exhibitions.pages.museum_form import form_errors, museum_form, museum_values, rights_name, save_museum
from exhibitions.pages.queries import museums_with_counts
from exhibitions.paging import page_number
from exhibitions.problems import Problem
from exhibitions.uow import commit
from exhibitions.web import db_session

admin = Blueprint("admin", __name__, url_prefix="/admin")
admin.register_error_handler(Problem, problem_page)
admin_only = requires(lambda viewer: viewer["role"] == "admin")

PAGE_SIZE = 50
RECENT = 10
ROLE_ERRORS = {"role": "admin.error.role", "museum": "admin.error.museum"}
ACCOUNT_ERRORS = {"email": "admin.error.email", **ROLE_ERRORS}
TOKEN_ERRORS = {"name": "admin.error.token_name", **ROLE_ERRORS}

def _principal():
    return current_viewer()["principal"]


def _no_store(response_and_status):
    """An answer that shows a secret once: no cache keeps it."""
    body, status = response_and_status
    return body, status, {"Cache-Control": "no-store"}


# ---------------------------------------------------------------- dashboard


@admin.get("")
@admin_only
def dashboard():
    session = db_session()

    def count(model, *where):
        return session.scalar(select(func.count()).select_from(model).where(*where))

    counts = [("museums", count(Museum), url_for("admin.museum_list")),
              ("objects", count(MuseumObject), url_for("public.search")),
              ("exhibitions", count(Exhibition, Exhibition.status != "deleted"), url_for("curate.index")),
              ("accounts", count(Account, Account.disabled.is_(False)), url_for("admin.account_list")),
              ("tokens", count(ApiToken), url_for("admin.token_list"))]
    activities = session.scalars(select(Activity).order_by(Activity.time.desc(), Activity.id.desc())
                                 .limit(RECENT)).all()
    imports = session.scalars(select(ImportJob).order_by(ImportJob.created.desc()).limit(5)).all()
    return render_template("admin/dashboard.html", counts=counts, activities=activities, imports=imports,
                           link=link_to_target, titles=activity_titles(session, activities))


def activity_titles(session, activities: list[Activity]) -> dict[tuple[str, str], dict]:
    """The title (a language map) of what each recent change touched, where it still exists."""
    ids = {kind: [a.target_id for a in activities if a.target_kind == kind] for kind in ("object", "exhibition")}
    titles = {("object", obj_id): fields.get("title") for obj_id, fields in session.execute(
        select(MuseumObject.id, MuseumObject.fields).where(MuseumObject.id.in_(ids["object"])))}
    titles.update({("exhibition", slug): document.get("title") for slug, document in session.execute(
        select(Exhibition.slug, Exhibition.document).where(Exhibition.slug.in_(ids["exhibition"])))})
    return {key: title for key, title in titles.items() if title}


# ---------------------------------------------------------------- museums


@admin.get("/museums")
@admin_only
def museum_list():
    return render_template("admin/museums.html", museums=museums_with_counts(db_session()), rights_label=rights_name)


@admin.route("/museums/new", methods=["GET", "POST"])
@admin_only
def new_museum():
    if request.method == "GET":
        return museum_form("admin/museum.html", None, {}, [])
    return save_museum(None, "admin/museum.html", "admin.edit_museum")


@admin.route("/museums/<slug>", methods=["GET", "POST"])
@admin_only
def edit_museum(slug: str):
    museum = contribution.get_museum(db_session(), slug)
    if request.method == "GET":
        return museum_form("admin/museum.html", museum, museum_values(museum), [])
    return save_museum(museum, "admin/museum.html", "admin.edit_museum")


# ---------------------------------------------------------------- accounts


def _museum_choices():
    return [(museum.slug, museum) for museum, _ in museums_with_counts(db_session())]


@admin.get("/accounts")
@admin_only
def account_list():
    return _accounts_page({}, [])


def _accounts_page(values: dict, errors: list, status: int = 200, reset: dict | None = None):
    page = page_number()
    total, accounts = staff.list_accounts(db_session(), page, PAGE_SIZE)
    return render_template("admin/accounts.html", accounts=accounts, total=total, page=page,
                           pages=max(1, math.ceil(total / PAGE_SIZE)), values=values, errors=errors,
                           museum_choices=_museum_choices(), reset=reset,
                           page_url=lambda number: url_for("admin.account_list", page=number)), status


def _account_payload(form) -> dict[str, Any]:
    return {"role": form.get("role") or "", "museum": form.get("museum") or None}


@admin.post("/accounts")
@admin_only
def create_account():
    """A new account and at once its first reset link, which sets its password: shown once."""
    session = db_session()
    values = request.form.to_dict()
    try:
        account = staff.create_account(session, {"email": values.get("email", "").strip(),
                                                 **_account_payload(values)})
        reset, token = staff.make_reset_link(session, account, _principal().name)
        commit(session)
    except Problem as problem:
        session.rollback()
        return _accounts_page(values, form_errors(problem, ACCOUNT_ERRORS), problem.status)
    return _no_store(_account_form(account, {}, [], reset=reset_link_record(reset, token), created=True))


def _account_form(account: Account, values: dict, errors: list, status: int = 200, reset: dict | None = None,
                  created: bool = False):
    values = values or {"role": account.role, "museum": account.museum.slug if account.museum else ""}
    return render_template("admin/account.html", account=account, values=values, errors=errors, reset=reset,
                           created=created, museum_choices=_museum_choices(),
                           is_self=account.id == _principal().account_id), status


@admin.route("/accounts/<number:account_id>", methods=["GET", "POST"])
@admin_only
def edit_account(account_id: int):
    session = db_session()
    account = staff.get_account(session, account_id)
    if request.method == "GET":
        return _account_form(account, {}, [])
    values = request.form.to_dict()
    try:
        staff.change_account(session, account, {**_account_payload(values),
                                                "disabled": values.get("disabled") == "yes"}, _principal())
        commit(session)
    except Problem as problem:
        session.rollback()
        # A refused role here is an admin's own lock-out, which the service says plainly already.
        return _account_form(staff.get_account(session, account_id), values,
                             form_errors(problem, {"museum": ROLE_ERRORS["museum"]}), problem.status)
    flash(word("admin.account_saved", email=account.email))
    return redirect(url_for("admin.edit_account", account_id=account_id), 303)


@admin.post("/accounts/<number:account_id>/reset-link")
@admin_only
def make_reset_link(account_id: int):
    session = db_session()
    account = staff.get_account(session, account_id)
    reset, token = staff.make_reset_link(session, account, _principal().name)
    commit(session)
    return _no_store(_account_form(account, {}, [], reset=reset_link_record(reset, token)))


# ---------------------------------------------------------------- tokens


@admin.get("/tokens")
@admin_only
def token_list():
    return _tokens_page({}, [])


def _tokens_page(values: dict, errors: list, status: int = 200, new: dict | None = None):
    page = page_number()
    total, tokens = staff.list_tokens(db_session(), page, PAGE_SIZE)
    return render_template("admin/tokens.html", tokens=[staff.token_record(token) for token in tokens], total=total,
                           page=page, pages=max(1, math.ceil(total / PAGE_SIZE)), values=values, errors=errors,
                           museum_choices=_museum_choices(), new=new,
                           page_url=lambda number: url_for("admin.token_list", page=number)), status


@admin.post("/tokens")
@admin_only
def create_token():
    """A new token, shown on this answer only."""
    session = db_session()
    values = request.form.to_dict()
    try:
        row, token = staff.create_token(session, {"name": values.get("name", "").strip(),
                                                  **_account_payload(values)}, _principal())
        commit(session)
    except Problem as problem:
        session.rollback()
        return _tokens_page(values, form_errors(problem, TOKEN_ERRORS), problem.status)
    return _no_store(_tokens_page({}, [], 201, new={**staff.token_record(row), "token": token}))


@admin.route("/tokens/<number:token_id>/revoke", methods=["GET", "POST"])
@admin_only
def revoke_token(token_id: int):
    """Asks first (GET), revokes when confirmed (POST)."""
    session = db_session()
    token = session.get(ApiToken, token_id)
    if token is None:
        raise Problem(404, word("admin.token_gone"))
    if request.method == "GET":
        return render_template("admin/revoke.html", token=staff.token_record(token))
    name = token.label or str(token.id)
    staff.revoke_token(session, token_id)
    commit(session)
    flash(word("admin.token_revoked", name=name))
    return redirect(url_for("admin.token_list"), 303)


def link_to_target(activity: Activity) -> str:
    """Where a recent change is seen: the object's or the exhibition's public page."""
    if activity.target_kind == "object":
        return url_for("public.object_page", object_id=activity.target_id)
    return url_for("public.exhibition", slug=activity.target_id)
