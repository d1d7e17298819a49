"""The curator's exhibition builder (/curate): list and create exhibitions, the studio that edits
an exhibition's draft in place (/curate/{slug}, /curate/new: a page of JavaScript over the JSON
API), and its fallback without JavaScript (/curate/{slug}/edit), which edits one whole in a
single form (texts in several languages, sections, items found with the search, regions drawn
on the image, captions, order), preview, publish and unpublish, and its history: every saved
version, any of which can be restored. A save on top of someone else's asks first. Deleted
exhibitions wait in the trash, from which they are restored or deleted for good."""

from __future__ import annotations

import math

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for

from exhibitions import vocabularies
from exhibitions.curation import documents, studio
from exhibitions.language import date_time, interface_language, missing_translations, reader_language, word
from exhibitions.models import as_utc
from exhibitions.objects.records import object_record
from exhibitions.pages.exhibition_form import (
    apply_action,
    document_from_form,
    document_languages,
    form_document,
    form_errors_of,
    parse_languages,
    payload_of,
    rejected_languages,
)
from exhibitions.pages.guard import curator_only, current_viewer, problem_page
from exhibitions.pages.policy import CONTENT_SECURITY_POLICY
from exhibitions.pages.public import render_exhibition
from exhibitions.pages.queries import museums_with_counts
from exhibitions.paging import page_number
from exhibitions.problems import Problem
from exhibitions.uow import commit
from exhibitions.web import base_url, current_platform, db_session
from exhibitions.words import studio_words
from search import SearchQueryError, SearchUnavailable
from search.query import ascii_integer

curate = Blueprint("curate", __name__, url_prefix="/curate")

FIND_SIZE = 12
PAGE_SIZE = 50
# What the editor says after each of its saving actions.
AFTER_SAVING = {"publish": "curate.published", "schedule": "curate.scheduled", "unschedule": "curate.unscheduled",
                "discard": "curate.discarded", "submit": "curate.submitted", "approve": "curate.published",
                "return": "curate.returned"}
# The finder's form fields and the search parameters they stand for.
FINDER = {"find_q": "q", "find_museum": "museum", "find_type": "object_type", "find_from": "date_from",
          "find_to": "date_to"}
FINDER_LABELS = {"q": "search.query", "museum": "search.facet.museum", "object_type": "search.facet.object_type",
                 "date_from": "search.date_from", "date_to": "search.date_to"}


curate.register_error_handler(Problem, problem_page)


def _team_exhibition(slug: str, trashed: bool = False):
    """The session and the exhibition (one in the trash: trashed), for what only its team, editors
    and administrators may do; anyone else is refused (403) before anything changes."""
    session = db_session()
    exhibition = (documents.trashed_exhibition(session, slug) if trashed
                  else documents.get_exhibition(session, slug, curator=True))
    studio.require_team(session, current_viewer()["principal"], exhibition)
    return session, exhibition


@curate.get("")
@curator_only
def index():
    return _index_page({}, [])


def _index_page(values: dict, errors: list, status: int = 200):
    areas = studio.work_areas(db_session(), current_viewer()["principal"])
    return render_template("curate/index.html", areas=areas, values=values, errors=errors), status


@curate.post("")
@curator_only
def create():
    values = {"slug": request.form.get("slug", "").strip(), "title": request.form.get("title", "").strip(),
              "language": request.form.get("language", "en").strip() or "en"}
    session = db_session()
    payload = {"slug": values["slug"], "title": {values["language"]: [values["title"]]} if values["title"] else {}}
    try:
        exhibition = documents.create_exhibition(session, payload, saved_by=current_viewer()["principal"].name)
        commit(session)
    except Problem as problem:
        session.rollback()
        errors = problem.errors or [{"field": "slug", "message": problem.detail}]
        return _index_page(values, errors, problem.status)
    return redirect(url_for("curate.edit", slug=exhibition.slug))


@curate.get("/new")
@curator_only
def new():
    """The studio on an exhibition still to be made: its title proposes the slug."""
    return _studio(None)


@curate.get("/<slug>")
@curator_only
def edit(slug: str):
    """The studio: the exhibition's draft edited in place through the JSON API (static/js/studio.js)."""
    return _studio(_team_exhibition(slug)[1])


@curate.get("/<slug>/preview")
@curator_only
def preview(slug: str):
    """The working draft as the public page will show it, for the studio's preview frames."""
    _session, exhibition = _team_exhibition(slug)
    response = make_response(render_exhibition(exhibition, preview=True, document=studio.draft_document(exhibition)))
    # The one page the studio frames, from its own origin (every other page refuses frames).
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
        "frame-ancestors 'none'", "frame-ancestors 'self'")
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


def _studio(exhibition):
    principal = current_viewer()["principal"]
    settings = current_platform().settings
    config = {
        "slug": exhibition.slug if exhibition else None,
        "language": reader_language(),
        "isEditor": principal.is_editor,
        "reviewRequired": settings.review_required,
        # A slug may change until the exhibition has once been published.
        "everPublished": exhibition is not None and exhibition.published is not None,
        "words": studio_words(interface_language()),
    }
    return render_template("curate/studio.html", exhibition=exhibition, config=config,
                           museums=museums_with_counts(db_session()),
                           missing=_missing_translations(studio.draft_document(exhibition)) if exhibition else {})


def _missing_translations(document: dict) -> dict[str, list[str]]:
    return missing_translations({"title": document.get("title"), "summary": document.get("summary")})


@curate.get("/<slug>/edit")
@curator_only
def form(slug: str):
    """The whole exhibition in one form: the studio's fallback for browsers without JavaScript."""
    _session, exhibition = _team_exhibition(slug)
    document = form_document(studio.draft_document(exhibition))
    return _editor(exhibition, document, document_languages(document), [])


@curate.post("/<slug>/edit")
@curator_only
def update(slug: str):
    session, exhibition = _team_exhibition(slug)
    principal = current_viewer()["principal"]
    review_required = current_platform().settings.review_required
    languages = parse_languages(request.form.get("languages", ""))
    document = document_from_form(request.form, languages)
    action = request.form.get("action", "save")
    raw_version = request.form.get("version", "")
    # The draft the form was opened on: saving on top of a newer one asks the curator first.
    based_on = int(raw_version) if raw_version.isascii() and raw_version.isdigit() else exhibition.draft_version
    rejected = rejected_languages(request.form.get("languages", ""))
    if rejected:
        return _editor(exhibition, document, languages, [{"field": "languages", "message": word(
            "curate.bad_languages", tags=", ".join(rejected))}], status=422, unsaved=True, based_on=based_on)
    if action in ("save", "preview", "publish", "submit", "schedule", "unschedule", "discard"):
        try:
            if action == "discard":
                studio.discard_draft(session, exhibition, by=principal.name, expected_version=based_on)
            else:
                studio.save_draft(session, exhibition, payload_of(document), saved_by=principal.name,
                                  expected_version=based_on, review_required=review_required)
            if action == "publish":
                studio.publish(session, exhibition, principal, review_required=review_required)
            elif action == "submit":
                studio.submit(session, exhibition, principal.name)
            elif action == "schedule":
                # The field is a local date and time without a zone; the form says it is UTC.
                when = request.form.get("publish_at", "").strip()
                studio.schedule(session, exhibition, principal, f"{when}Z" if when else "",
                                review_required=review_required)
            elif action == "unschedule":
                studio.schedule(session, exhibition, principal, None, review_required=review_required)
            commit(session)
        except studio.DraftConflict as conflict:
            session.rollback()
            message = word("curate.draft_conflict", current=conflict.current, yours=conflict.expected)
            return _editor(exhibition, document, languages, [{"field": "version", "message": message}],
                           status=409, based_on=conflict.current)
        except Problem as problem:
            session.rollback()
            return _editor(exhibition, document, languages, form_errors_of(problem.errors) or
                           [{"field": "body", "message": problem.detail}], status=problem.status, based_on=based_on)
        if action == "preview":
            return redirect(url_for("curate.preview", slug=slug))
        when = date_time(exhibition.publish_at) if exhibition.publish_at else ""
        flash(word(AFTER_SAVING.get(action, "curate.saved"), time=when))
        return redirect(url_for("curate.form", slug=slug))
    if action in ("approve", "return"):
        # Review decisions are on the submitted draft as it stands, not on what the form holds.
        try:
            studio.require_editor(principal)
            if action == "approve":
                studio.approve(session, exhibition, principal.name, expected_version=based_on)
            else:
                studio.return_draft(session, exhibition, principal.name, {"comment": request.form.get("comment", "")})
            commit(session)
        except Problem as problem:
            session.rollback()
            # The review form holds no document: the editor sees the draft again.
            document = form_document(studio.draft_document(exhibition))
            return _editor(exhibition, document, document_languages(document), problem.errors or
                           [{"field": "body", "message": problem.detail}], status=problem.status, based_on=based_on)
        flash(word(AFTER_SAVING[action]))
        return redirect(url_for("curate.form", slug=slug))
    if action == "unpublish":
        documents.unpublish(session, exhibition)
        commit(session)
        flash(word("curate.unpublished"))
        return redirect(url_for("curate.form", slug=slug))
    try:
        add_to = ascii_integer(request.form.get("add_to", "0"))
    except ValueError:
        add_to = 0
    document = apply_action(document, action, add_to)
    return _editor(exhibition, document, languages, [], unsaved=True, based_on=based_on)


@curate.get("/<slug>/history")
@curator_only
def history(slug: str):
    exhibition = documents.get_exhibition(db_session(), slug, curator=True)
    return _history_page(exhibition, [])


def _history_page(exhibition, errors: list, status: int = 200):
    page = page_number()
    total, versions = documents.list_versions(db_session(), exhibition, page=page, size=PAGE_SIZE)
    return render_template("curate/history.html", exhibition=exhibition, errors=errors, page=page,
                           versions=[documents.version_record(version) for version in versions],
                           pages=max(1, math.ceil(total / PAGE_SIZE)),
                           page_url=lambda number: url_for("work.history", slug=exhibition.slug, page=number)), status


@curate.post("/<slug>/history/<number:number>/restore")
@curator_only
def restore(slug: str, number: int):
    session, exhibition = _team_exhibition(slug)
    try:
        documents.restore_version(session, exhibition, number, saved_by=current_viewer()["principal"].name)
        commit(session)
    except Problem as problem:
        session.rollback()
        if problem.status == 404:
            raise
        return _history_page(exhibition, problem.errors or [{"field": "body", "message": problem.detail}],
                             status=problem.status)
    flash(word("curate.restored", number=number, new=exhibition.version))
    return redirect(url_for("curate.edit", slug=slug))


@curate.post("/<slug>/delete")
@curator_only
def delete(slug: str):
    """Move the exhibition to the trash; the form asks the curator to confirm by ticking a box."""
    session, exhibition = _team_exhibition(slug)
    if request.form.get("confirm") != "yes":
        flash(word("work.delete_confirm_needed"))
        return redirect(url_for("curate.form", slug=slug))
    documents.delete_exhibition(session, exhibition)
    commit(session)
    flash(word("curate.deleted", slug=slug))
    return redirect(url_for("curate.trash"))


@curate.get("/trash")
@curator_only
def trash():
    return _trash_page([])


def _trash_page(errors: list, status: int = 200):
    page = page_number()
    session = db_session()
    total, exhibitions = documents.trash(session, page, PAGE_SIZE)
    workable = studio.workable_among(session, current_viewer()["principal"], exhibitions)
    # Every curator sees the trash; only an exhibition's team gets its buttons.
    return render_template("curate/trash.html", exhibitions=exhibitions, total=total, errors=errors,
                           may_change=lambda exhibition: exhibition.id in workable,
                           page=page, pages=max(1, math.ceil(total / PAGE_SIZE)),
                           page_url=lambda number: url_for("curate.trash", page=number)), status


@curate.post("/trash/<slug>/restore")
@curator_only
def restore_from_trash(slug: str):
    session, exhibition = _team_exhibition(slug, trashed=True)
    documents.restore_from_trash(session, exhibition)
    commit(session)
    flash(word("curate.restored_from_trash", slug=slug))
    return redirect(url_for("curate.edit", slug=slug))


@curate.post("/trash/<slug>/delete")
@curator_only
def delete_for_good(slug: str):
    """Delete for good; the form asks the curator to confirm by ticking a box."""
    session, exhibition = _team_exhibition(slug, trashed=True)
    if request.form.get("confirm") != "yes":
        return _trash_page([{"field": slug, "message": word("work.delete_confirm_needed")}], status=422)
    documents.delete_for_good(session, exhibition)
    commit(session)
    flash(word("curate.deleted_for_good", slug=slug))
    return redirect(url_for("curate.trash"))


def _utc(moment) -> str:
    return as_utc(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _find(asked: dict[str, str]) -> tuple[list[dict], str | None]:
    """Objects from every museum for the curator's finder: words and/or a museum, a type and a
    date span, read by the public search's parser. Nothing asked, nothing found."""
    args = {FINDER[field]: value for field, value in asked.items() if value}
    if not args:
        return [], None
    try:
        query = vocabularies.parse_query({**args, "size": str(FIND_SIZE)}, reader_language())
        return current_platform().search.search(query).items, None
    except SearchQueryError as error:
        label = word(FINDER_LABELS.get(error.parameter, "search.query"))
        return [], f"{label}: {error.message}"
    except SearchUnavailable:
        return [], word("search.unavailable")


def _editor(exhibition, document: dict, languages: list[str], errors: list, status: int = 200, unsaved=False,
            based_on: int | None = None):
    session = db_session()
    base = base_url()
    objects = documents.objects_of(session, document)
    records = {object_id: object_record(obj, base) for object_id, obj in objects.items()}
    named = documents.object_ids_of(document)
    trashed = documents.trashed_among(session, named - records.keys())
    asked = {field: request.form.get(field, "").strip() if request.method == "POST" else "" for field in FINDER}
    found, find_error = _find(asked)
    return render_template("curate/edit.html", exhibition=exhibition, document=document, languages=languages,
                           records=records, trashed=trashed, errors=errors, asked=asked, found=found,
                           find_error=find_error,
                           museums=museums_with_counts(session), unsaved=unsaved,
                           based_on=exhibition.draft_version if based_on is None else based_on,
                           publish_at=_utc(exhibition.publish_at),
                           review_required=current_platform().settings.review_required,
                           is_editor=current_viewer()["principal"].is_editor,
                           review=studio.review_record(session, exhibition),
                           missing=_missing_translations(document)), status
