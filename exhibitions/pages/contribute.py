"""Contributor pages (/contribute): a museum's objects with their status, creating, editing and
deleting an object with its images, an object's history, the museum's trash, and bulk import as
a job with its progress and per-row report, and the museum's own profile (the admins' museum
form without the slug).
Every write goes through the same services as the API (exhibitions.objects.contribution,
exhibitions.imports.import_jobs)."""

from __future__ import annotations

import math

from flask import Blueprint, flash, redirect, render_template, request, url_for

from exhibitions.imports import import_jobs
from exhibitions.imports.bulk import ImportError_, ImportReport
from exhibitions.language import missing_translations, word
from exhibitions.objects import contribution
from exhibitions.objects.records import iso_time, object_record
from exhibitions.pages.guard import contributor_only, current_viewer, problem_page
from exhibitions.pages.museum_form import RIGHTS_CHOICES, museum_form, museum_values, save_museum
from exhibitions.pages.object_form import form_from_metadata, language_rows, payload_from_form
from exhibitions.pages.queries import museum_objects, museums_with_counts, waiting_for_index
from exhibitions.paging import page_number
from exhibitions.problems import Problem
from exhibitions.uow import commit
from exhibitions.web import base_url, current_platform, db_session

contribute = Blueprint("contribute", __name__, url_prefix="/contribute")

PAGE_SIZE = 50
RECENT_IMPORTS = 5
REPORT_ROWS_LISTED = 500


contribute.register_error_handler(Problem, problem_page)


def _museum_for_viewer(slug: str):
    museum = contribution.get_museum(db_session(), slug)
    if not current_viewer()["principal"].may_contribute_to(slug):
        raise Problem(403, word("forbidden.text"), title=word("forbidden.title"))
    return museum


def _object_of(museum, accession: str):
    obj = contribution.find_object(db_session(), museum, accession)
    if obj is None:
        raise Problem(404, f"Museum '{museum.slug}' has no object with accession number '{accession}'.")
    return obj


@contribute.get("")
@contributor_only
def index():
    viewer = current_viewer()
    if viewer["museum"]:
        return redirect(url_for("contribute.museum", slug=viewer["museum"]))
    return render_template("contribute/choose.html", museums=museums_with_counts(db_session()))


@contribute.get("/<slug>")
@contributor_only
def museum(slug: str):
    museum = _museum_for_viewer(slug)
    session = db_session()
    page = page_number()
    total, objects = museum_objects(session, museum, page, PAGE_SIZE)
    pending = waiting_for_index(session, [obj.id for obj in objects])
    return render_template("contribute/museum.html", museum=museum, objects=objects, pending=pending, total=total,
                           imports=import_jobs.list_jobs(session, museum.id, page=1, size=RECENT_IMPORTS)[1], page=page,
                           pages=max(1, math.ceil(total / PAGE_SIZE)),
                           page_url=lambda number: url_for("contribute.museum", slug=slug, page=number))


@contribute.route("/<slug>/profile", methods=["GET", "POST"])
@contributor_only
def profile(slug: str):
    """The museum's own profile, as its contributors may change it through the API (PATCH
    /museums/{slug} and its profile image): the admins' museum form less the slug."""
    museum = _museum_for_viewer(slug)
    if request.method == "GET":
        return museum_form("contribute/profile.html", museum, museum_values(museum), [])
    return save_museum(museum, "contribute/profile.html", "contribute.profile")


@contribute.route("/<slug>/objects/new", methods=["GET", "POST"])
@contributor_only
def new_object(slug: str):
    museum = _museum_for_viewer(slug)
    if request.method == "GET":
        # A new object starts with the museum's usual rights; the contributor may change them.
        return _object_form(museum, None, {"rights": museum.default_rights or ""}, [])
    return _save_object(museum, None)


@contribute.route("/<slug>/objects/<accession>", methods=["GET", "POST"])
@contributor_only
def edit_object(slug: str, accession: str):
    museum = _museum_for_viewer(slug)
    obj = _object_of(museum, accession)
    if request.method == "GET":
        values = form_from_metadata(obj.fields)
        values["accession"] = obj.accession
        values["modified"] = iso_time(obj.modified)
        return _object_form(museum, obj, values, [])
    return _save_object(museum, obj)


def _save_object(museum, existing):
    """Create or replace the object and add the uploaded images, all in one transaction."""
    session = db_session()
    values = request.form.to_dict()
    accession = existing.accession if existing else values.get("accession", "")
    files = [upload for upload in request.files.getlist("images") if upload and upload.filename]
    # The object as the form was opened on: saving over someone else's change since asks first.
    opened_at = (values.get("modified") or None) if existing else None
    try:
        obj, outcome = contribution.put_object(session, museum, accession, payload_from_form(values),
                                               expected_modified=opened_at,
                                               saved_by=current_viewer()["principal"].name)
        for upload in files:
            added = contribution.add_image(session, current_platform().images, obj, upload.stream, upload.filename,
                                           derive_later=True)
            if added.created and outcome == "unchanged":
                outcome = "replaced"
        commit(session)
    except Problem as problem:
        session.rollback()
        if problem.status == 412:
            values["modified"] = iso_time(existing.modified)
            message = word("contribute.conflict", time=values["modified"][:16].replace("T", " "))
            return _object_form(museum, existing, values, [{"field": "modified", "message": message}], status=409)
        errors = problem.errors or [{"field": "images" if files else "body", "message": problem.detail}]
        errors = [{**error, "field": "images" if error["field"] == "file" else error["field"]} for error in errors]
        return _object_form(museum, existing, values, errors, status=problem.status)
    flash(word("contribute.saved", outcome=outcome))
    free = [warning["value"] for warning in contribution.term_warnings(obj.fields)]
    if free:
        flash(word("contribute.free_terms", values=", ".join(free)))
    return redirect(url_for("contribute.edit_object", slug=museum.slug, accession=obj.accession))


@contribute.get("/<slug>/objects/<accession>/history")
@contributor_only
def object_history(slug: str, accession: str):
    """The object's earlier metadata, each version with the fields the next change made differ."""
    museum = _museum_for_viewer(slug)
    obj = _object_of(museum, accession)
    page = page_number()
    session = db_session()
    total, versions = contribution.object_versions(session, obj.id, page, PAGE_SIZE)
    rows = []
    if versions:
        # What replaced each version: the next one, or the current metadata for the latest.
        after_first = (obj.fields if page == 1
                       else contribution.object_version(session, obj.id, versions[0].number + 1).fields)
        newer = [after_first] + [version.fields for version in versions[:-1]]
        rows = [(version, changed_fields(version.fields, after))
                for version, after in zip(versions, newer, strict=True)]
    return render_template("contribute/history.html", museum=museum, obj=obj, rows=rows, total=total, page=page,
                           pages=max(1, math.ceil(total / PAGE_SIZE)),
                           page_url=lambda number: url_for("contribute.object_history", slug=slug,
                                                           accession=accession, page=number))


def changed_fields(older: dict, newer: dict) -> list[str]:
    """The metadata fields whose values differ between two versions, in the order of the form."""
    return [name for name in dict.fromkeys([*older, *newer]) if older.get(name) != newer.get(name)]


@contribute.post("/<slug>/objects/<accession>/history/<number:number>/restore")
@contributor_only
def restore_object_version(slug: str, accession: str, number: int):
    museum = _museum_for_viewer(slug)
    session = db_session()
    contribution.restore_version(session, _object_of(museum, accession), number,
                                 saved_by=current_viewer()["principal"].name)
    commit(session)
    flash(word("contribute.version_restored", number=number))
    return redirect(url_for("contribute.edit_object", slug=slug, accession=accession))


@contribute.post("/<slug>/objects/<accession>/delete")
@contributor_only
def delete_object(slug: str, accession: str):
    """Move the object to the trash; the form asks the contributor to confirm by ticking a box."""
    museum = _museum_for_viewer(slug)
    session = db_session()
    obj = _object_of(museum, accession)
    if request.form.get("confirm") != "yes":
        flash(word("work.delete_confirm_needed"))
        return redirect(url_for("contribute.edit_object", slug=slug, accession=accession))
    contribution.delete_object(session, obj, deleted_by=current_viewer()["principal"].name)
    commit(session)
    flash(word("contribute.deleted", accession=accession))
    return redirect(url_for("contribute.trash", slug=slug))


@contribute.get("/<slug>/trash")
@contributor_only
def trash(slug: str):
    return _trash_page(_museum_for_viewer(slug), [])


def _trash_page(museum, errors: list, status: int = 200):
    page = page_number()
    total, trashed = contribution.object_trash(db_session(), museum, page, PAGE_SIZE)
    return render_template("contribute/trash.html", museum=museum, trashed=trashed, total=total, errors=errors,
                           page=page, pages=max(1, math.ceil(total / PAGE_SIZE)),
                           page_url=lambda number: url_for("contribute.trash", slug=museum.slug, page=number)), status


def _trashed_of(museum, object_id: str):
    trashed = contribution.trashed_object(db_session(), object_id)
    if trashed.museum_id != museum.id:
        raise Problem(404, f"There is no object '{object_id}' in the trash of museum '{museum.slug}'.")
    return trashed


@contribute.post("/<slug>/trash/<object_id>/restore")
@contributor_only
def restore_object(slug: str, object_id: str):
    museum = _museum_for_viewer(slug)
    session = db_session()
    obj = contribution.restore_object(session, _trashed_of(museum, object_id))
    commit(session)
    flash(word("contribute.restored", accession=obj.accession))
    return redirect(url_for("contribute.edit_object", slug=slug, accession=obj.accession))


@contribute.post("/<slug>/trash/<object_id>/delete")
@contributor_only
def delete_for_good(slug: str, object_id: str):
    """Delete for good; the form asks the contributor to confirm by ticking a box."""
    museum = _museum_for_viewer(slug)
    session = db_session()
    trashed = _trashed_of(museum, object_id)
    if request.form.get("confirm") != "yes":
        return _trash_page(museum, [{"field": object_id, "message": word("work.delete_confirm_needed")}], 422)
    accession = trashed.accession
    contribution.delete_for_good(session, trashed)
    commit(session)
    flash(word("contribute.deleted_for_good", accession=accession))
    return redirect(url_for("contribute.trash", slug=slug))


def _object_form(museum, obj, values: dict, errors: list, status: int = 200):
    record = object_record(obj, base_url()) if obj is not None else None
    rows = {name: language_rows(values, name)
            for name in ("title", "description", "creator", "culture", "credit_line", "date.label", "place.label")}
    missing = (missing_translations({"title": record["title"], "description": record.get("description")})
               if record else {})
    return render_template("contribute/object.html", museum=museum, obj=record, values=values, rows=rows,
                           errors=errors, rights_choices=RIGHTS_CHOICES, missing=missing), status


@contribute.route("/<slug>/import", methods=["GET", "POST"])
@contributor_only
def bulk_import(slug: str):
    """The import form; posted, the files become an import job and the reader goes to its page
    (the page's script, which uploads them itself, gets that page's address as JSON)."""
    museum = _museum_for_viewer(slug)
    if request.method == "GET":
        return _import_form(museum, None)
    rows = request.files.get("file")
    images = request.files.get("images")
    if rows is None or not rows.filename:
        return _import_form(museum, word("contribute.import_file"))
    try:
        job = import_jobs.submit(current_platform(), db_session(), slug, rows.filename, rows.stream,
                                 images.stream if images and images.filename else None)
    except ImportError_ as problem:
        return _import_form(museum, problem.message)
    target = url_for("contribute.import_job", slug=slug, job_id=job.id)
    if request.accept_mimetypes.best == "application/json":
        return {"url": target}, 202
    return redirect(target, 303)


@contribute.post("/<slug>/imports/<job_id>/cancel")
@contributor_only
def cancel_import(slug: str, job_id: str):
    _museum_for_viewer(slug)
    platform = current_platform()
    import_jobs.cancel(platform, db_session(), import_jobs.get_job(platform, db_session(), slug, job_id))
    return redirect(url_for("contribute.import_job", slug=slug, job_id=job_id))


def _import_form(museum, error):
    return render_template("contribute/import.html", museum=museum, error=error), (422 if error else 200)


@contribute.get("/<slug>/imports/<job_id>")
@contributor_only
def import_job(slug: str, job_id: str):
    """An import's progress, then its report; as JSON for the page's script while it waits."""
    museum = _museum_for_viewer(slug)
    job = import_jobs.get_job(current_platform(), db_session(), slug, job_id)
    report = ImportReport(rows=job.report["rows"]) if job.report else None
    if job.status in ("queued", "cancelling"):
        message = word(f"contribute.import_{job.status}")
    else:
        message = word("contribute.import_running", done=job.done, total=job.total or "?")
    # A report of many thousand rows lists only its failed rows; the whole one is the API's.
    shown = {"report": report, "error": job.error, "report_rows_listed": REPORT_ROWS_LISTED,
             "report_url": url_for("api.get_import", slug=slug, job_id=job.id)}
    if request.accept_mimetypes.best == "application/json":
        answer = {"status": job.status, "done": job.done, "total": job.total, "message": message}
        if job.status in import_jobs.ENDED:
            answer["html"] = render_template("contribute/_report.html", **shown)
        return answer
    return render_template("contribute/import_job.html", museum=museum, job=job, message=message,
                           ended=job.status in import_jobs.ENDED, **shown)
