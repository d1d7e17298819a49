"""A museum's profile as a plain form, shared by the admins' museum pages and the contributors'
page for their own museum: posted fields to the API's museum payload (validation stays with
exhibitions.museums.profiles, the same as the API), the stored museum back to form values, and the
API's refusals said in the interface's words."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for

from exhibitions.language import word
from exhibitions.models import Museum
from exhibitions.museums import profiles
from exhibitions.pages.object_form import NUMBER, _number, _rows, language_rows
from exhibitions.problems import Problem
from exhibitions.uow import commit
from exhibitions.web import current_platform, db_session

RIGHTS_CHOICES = (
    "http://creativecommons.org/publicdomain/zero/1.0/",
    "http://creativecommons.org/licenses/by/4.0/",
    "http://creativecommons.org/licenses/by-sa/4.0/",
    "http://creativecommons.org/licenses/by-nc/4.0/",
    "http://rightsstatements.org/vocab/InC/1.0/",
    "http://rightsstatements.org/vocab/NoC-US/1.0/",
)
MUSEUM_TEXT_FIELDS = ("country", "city", "homepage", "default_rights")
# The fields whose refusals the museum form says in its own words (see form_errors).
MUSEUM_ERRORS = {field: f"admin.error.{field}" for field in (
    "slug", "name", "country", "city", "homepage", "default_rights", "lat", "lon", "description")}
# The languages a new museum's description starts with (the alliance's working languages).
DESCRIPTION_LANGUAGES = ("en", "zh", "ru")


def rights_name(uri: str) -> str:
    """A rights URI as people name it: CC BY 4.0, CC0 1.0, RightsStatements InC 1.0."""
    parts = uri.rstrip("/").split("/")
    if "creativecommons.org" in uri:
        kind, version = parts[-2], parts[-1]
        return f"CC0 {version}" if kind == "zero" else f"CC {kind.upper()} {version}"
    return f"RightsStatements {parts[-2]} {parts[-1]}"


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


def museum_form(template: str, museum: Museum | None, values: dict, errors: list, status: int = 200, **context):
    """The museum form in the page `template` (which includes _museum_form.html)."""
    descriptions = [row for row in language_rows(values, "description") if row[0] or row[1]]
    known = {language for language, _ in descriptions}
    # Each working language gets its box; one more for any other language.
    descriptions += [(language, "") for language in DESCRIPTION_LANGUAGES if language not in known] + [("", "")]
    return render_template(
        template, museum=museum, values=values, errors=errors, names=language_rows(values, "name"),
        descriptions=descriptions, rights_choices=[(uri, rights_name(uri)) for uri in RIGHTS_CHOICES],
        targets={"name": "f-name-0-text", "description": "f-description-0-text", "file": "f-file",
                 "location": "f-lat"}, **context), status


def save_museum(museum: Museum | None, template: str, saved_endpoint: str, **context):
    """The posted museum fields and its profile image (a new one, or removed) in one transaction,
    through the API's services: to the museum's page (`saved_endpoint`) once saved, or the form
    again with each refused field named and nothing stored."""
    session = db_session()
    values = request.form.to_dict()
    upload = request.files.get("file")
    try:
        if museum is None:
            museum = profiles.create_museum(session, museum_payload(values, creating=True))
            session.flush()
        else:
            profiles.update_museum(session, museum, museum_payload(values, creating=False))
        if upload and upload.filename:
            profiles.set_profile_image(session, current_platform().images, museum, upload.stream)
        elif values.get("remove_image") == "yes":
            profiles.remove_profile_image(session, museum)
        commit(session)
    except Problem as problem:
        session.rollback()
        editing = session.get(Museum, museum.id) if museum is not None and museum.id else None
        said = form_errors(problem, MUSEUM_ERRORS, fallback="file" if upload and upload.filename else "body")
        return museum_form(template, editing, values, said, problem.status, **context)
    flash(word("admin.museum_saved", museum=museum.slug))
    return redirect(url_for(saved_endpoint, slug=museum.slug), 303)
