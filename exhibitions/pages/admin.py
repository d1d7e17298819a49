"""The admins' work area (/admin): a dashboard, member museums with their profiles, accounts with
one-time password-reset links, and API tokens. Plain forms turned into the API's payloads:
every write goes through the services of the API (exhibitions.museums, exhibitions.staff), so
the same validation answers both."""

from __future__ import annotations

import math
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select

from exhibitions import contribution, museums, staff
from exhibitions.language import word
from exhibitions.models import Account, Activity, ApiToken, Exhibition, ImportJob, Museum, MuseumObject
from exhibitions.pages.contribute import RIGHTS_CHOICES
from exhibitions.pages.guard import current_viewer, problem_page, requires
from exhibitions.pages.object_form import NUMBER, _number, _rows, language_rows
from exhibitions.pages.queries import museums_with_counts
from exhibitions.paging import page_number
from exhibitions.problems import Problem
from exhibitions.staff_api import reset_link_record
from exhibitions.uow import commit
from exhibitions.web import current_platform, db_session

admin = Blueprint("admin", __name__, url_prefix="/admin")
admin.register_error_handler(Problem, problem_page)
admin_only = requires(lambda viewer: viewer["role"] == "admin")

PAGE_SIZE = 50
RECENT = 10
MUSEUM_TEXT_FIELDS = ("country", "city", "homepage", "default_rights")
# The fields whose refusals each form says in its own words (see form_errors).
MUSEUM_ERRORS = {field: f"admin.error.{field}" for field in (
    "slug", "name", "country", "city", "homepage", "default_rights", "lat", "lon", "description")}
ROLE_ERRORS = {"role": "admin.error.role", "museum": "admin.error.museum"}
ACCOUNT_ERRORS = {"email": "admin.error.email", **ROLE_ERRORS}
TOKEN_ERRORS = {"name": "admin.error.token_name", **ROLE_ERRORS}
# The languages a new museum's description starts with (the alliance's working languages).
DESCRIPTION_LANGUAGES = ("en", "zh", "ru")


def rights_name(uri: str) -> str:
    """A rights URI as people name it: CC BY 4.0, CC0 1.0, RightsStatements InC 1.0."""
    parts = uri.rstrip("/").split("/")
    if "creativecommons.org" in uri:
        kind, version = parts[-2], parts[-1]
        return f"CC0 {version}" if kind == "zero" else f"CC {kind.upper()} {version}"
    return f"RightsStatements {parts[-2]} {parts[-1]}"


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


def museum_payload(form, creating: bool) -> dict[str, Any]:
    """The API's museum payload from the form: a new museum's fields, or a PATCH that sets every
    field the form shows (an emptied optional one is removed)."""
    payload: dict[str, Any] = {}
    if creating:
        payload["slug"] = (form.get("slug") or "").strip()
    for name in ("name", "description"):
        language_map: dict[str, list[str]] = {}
        for language, text in _rows(form, name):
            if text:
                language_map.setdefault(language or "none", []).append(text)
        payload[name] = language_map or None
    for name in MUSEUM_TEXT_FIELDS:
        payload[name] = (form.get(name) or "").strip() or None
    for name in ("lat", "lon"):
        raw = (form.get(name) or "").strip()
        payload[name] = _number(raw, NUMBER, float) if raw else None
    if payload["country"]:
        payload["country"] = payload["country"].upper()
    if creating:
        payload = {name: value for name, value in payload.items() if value is not None}
    return payload


def museum_values(museum: Museum) -> dict[str, str]:
    values = {name: getattr(museum, name) or "" for name in MUSEUM_TEXT_FIELDS}
    values.update(lat="" if museum.lat is None else str(museum.lat), lon="" if museum.lon is None else str(museum.lon))
    for name in ("name", "description"):
        n = 0
        for language, texts in (getattr(museum, name) or {}).items():
            for text in texts:
                values[f"{name}-{n}-lang"] = "" if language == "none" else language
                values[f"{name}-{n}-text"] = text
                n += 1
    return values


def form_errors(problem: Problem, said: dict[str, str], fallback: str = "body") -> list[dict[str, str]]:
    """The API's refusal said in the interface's words, one message per field of the form: the
    API names what its validator checks (a pattern, a URL's parts), not what to type. `said`:
    the words of each field the form says itself (with "_taken" after them for a 409: the value
    is another's already)."""
    if not problem.errors:
        return [{"field": fallback, "message": problem.detail}]
    errors: dict[str, dict[str, str]] = {}
    for error in problem.errors:
        field = error["field"].split(".")[0]
        if field in errors:
            continue
        if field in said:
            key = said[field] + ("_taken" if problem.status == 409 else "")
            errors[field] = {"field": field, "message": word(key)}
        else:
            errors[field] = error
    return list(errors.values())


def _museum_form(museum: Museum | None, values: dict, errors: list, status: int = 200):
    descriptions = [row for row in language_rows(values, "description") if row[0] or row[1]]
    known = {language for language, _ in descriptions}
    # Each working language gets its box; one more for any other language.
    descriptions += [(language, "") for language in DESCRIPTION_LANGUAGES if language not in known] + [("", "")]
    return render_template(
        "admin/museum.html", museum=museum, values=values, errors=errors, names=language_rows(values, "name"),
        descriptions=descriptions, rights_choices=[(uri, rights_name(uri)) for uri in RIGHTS_CHOICES],
        targets={"name": "f-name-0-text", "description": "f-description-0-text", "file": "f-file",
                 "location": "f-lat"}), status


@admin.route("/museums/new", methods=["GET", "POST"])
@admin_only
def new_museum():
    if request.method == "GET":
        return _museum_form(None, {}, [])
    return _save_museum(None)


@admin.route("/museums/<slug>", methods=["GET", "POST"])
@admin_only
def edit_museum(slug: str):
    museum = contribution.get_museum(db_session(), slug)
    if request.method == "GET":
        return _museum_form(museum, museum_values(museum), [])
    return _save_museum(museum)


def _save_museum(museum: Museum | None):
    """The museum's fields and its profile image (a new one, or removed) in one transaction."""
    session = db_session()
    values = request.form.to_dict()
    upload = request.files.get("file")
    try:
        if museum is None:
            museum = museums.create_museum(session, museum_payload(values, creating=True))
            session.flush()
        else:
            museums.update_museum(session, museum, museum_payload(values, creating=False))
        if upload and upload.filename:
            museums.set_profile_image(session, current_platform().images, museum, upload.stream)
        elif values.get("remove_image") == "yes":
            museums.remove_profile_image(session, museum)
        commit(session)
    except Problem as problem:
        session.rollback()
        editing = session.get(Museum, museum.id) if museum is not None and museum.id else None
        said = form_errors(problem, MUSEUM_ERRORS, fallback="file" if upload and upload.filename else "body")
        return _museum_form(editing, values, said, problem.status)
    flash(word("admin.museum_saved", museum=museum.slug))
    return redirect(url_for("admin.edit_museum", slug=museum.slug), 303)


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
