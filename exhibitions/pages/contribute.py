"""Contributor pages (/contribute): a museum's objects with their status, creating and editing
an object with its images, and bulk import with its per-row report. Every write goes through
the same services as the API (exhibitions.contribution, exhibitions.imports)."""

from __future__ import annotations

import io
import json
import logging
import math
import queue
import shutil
import tempfile
import threading

from flask import Blueprint, Response, flash, redirect, render_template, request, stream_with_context, url_for

from exhibitions import contribution
from exhibitions.imports import ImportError_, run_import
from exhibitions.language import word
from exhibitions.pages.guard import contributor_only, current_viewer, problem_page
from exhibitions.pages.object_form import form_from_metadata, language_rows, payload_from_form
from exhibitions.pages.queries import museum_objects, museums_with_counts, waiting_for_index
from exhibitions.paging import page_number
from exhibitions.platform import base_url, current_platform, db_session
from exhibitions.problems import Problem
from exhibitions.records import object_record
from exhibitions.sync import commit

contribute = Blueprint("contribute", __name__, url_prefix="/contribute")
log = logging.getLogger(__name__)
PROGRESS_TYPE = "application/x-ndjson"

PAGE_SIZE = 50
RIGHTS_CHOICES = (
    "http://creativecommons.org/publicdomain/zero/1.0/",
    "http://creativecommons.org/licenses/by/4.0/",
    "http://creativecommons.org/licenses/by-sa/4.0/",
    "http://creativecommons.org/licenses/by-nc/4.0/",
    "http://rightsstatements.org/vocab/InC/1.0/",
    "http://rightsstatements.org/vocab/NoC-US/1.0/",
)


contribute.register_error_handler(Problem, problem_page)


def _museum_for_viewer(slug: str):
    museum = contribution.get_museum(db_session(), slug)
    if not current_viewer()["principal"].may_contribute_to(slug):
        raise Problem(403, word("forbidden.text"), title=word("forbidden.title"))
    return museum


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
                           page=page, pages=max(1, math.ceil(total / PAGE_SIZE)),
                           page_url=lambda number: url_for("contribute.museum", slug=slug, page=number))


@contribute.route("/<slug>/objects/new", methods=["GET", "POST"])
@contributor_only
def new_object(slug: str):
    museum = _museum_for_viewer(slug)
    if request.method == "GET":
        return _object_form(museum, None, {}, [])
    return _save_object(museum, None)


@contribute.route("/<slug>/objects/<accession>", methods=["GET", "POST"])
@contributor_only
def edit_object(slug: str, accession: str):
    museum = _museum_for_viewer(slug)
    obj = contribution.find_object(db_session(), museum, accession)
    if obj is None:
        raise Problem(404, f"Museum '{slug}' has no object with accession number '{accession}'.")
    if request.method == "GET":
        values = form_from_metadata(obj.fields)
        values["accession"] = obj.accession
        return _object_form(museum, obj, values, [])
    return _save_object(museum, obj)


def _save_object(museum, existing):
    """Create or replace the object and add the uploaded images, all in one transaction."""
    session = db_session()
    values = request.form.to_dict()
    accession = existing.accession if existing else values.get("accession", "")
    files = [upload for upload in request.files.getlist("images") if upload and upload.filename]
    try:
        obj, outcome = contribution.put_object(session, museum, accession, payload_from_form(values))
        for upload in files:
            added = contribution.add_image(session, current_platform().images, obj, upload.stream, upload.filename)
            if added.created and outcome == "unchanged":
                outcome = "replaced"
        commit(session)
    except Problem as problem:
        session.rollback()
        errors = problem.errors or [{"field": "images" if files else "body", "message": problem.detail}]
        errors = [{**error, "field": "images" if error["field"] == "file" else error["field"]} for error in errors]
        return _object_form(museum, existing, values, errors, status=problem.status)
    flash(word("contribute.saved", outcome=outcome))
    return redirect(url_for("contribute.edit_object", slug=museum.slug, accession=obj.accession))


def _object_form(museum, obj, values: dict, errors: list, status: int = 200):
    record = object_record(obj, base_url()) if obj is not None else None
    rows = {name: language_rows(values, name) for name in ("title", "description", "creator", "culture", "credit_line")}
    return render_template("contribute/object.html", museum=museum, obj=record, values=values, rows=rows,
                           errors=errors, rights_choices=RIGHTS_CHOICES), status


@contribute.route("/<slug>/import", methods=["GET", "POST"])
@contributor_only
def bulk_import(slug: str):
    """The import form; posted, the per-row report (as a page, or streamed row by row as JSON
    lines with the report's HTML last when the page's script asks for progress)."""
    museum = _museum_for_viewer(slug)
    if request.method == "GET":
        return render_template("contribute/import.html", museum=museum, report=None, error=None)
    rows = request.files.get("file")
    images = request.files.get("images")
    if rows is None or not rows.filename:
        return _import_page(museum, None, word("contribute.import_file"))
    images_stream = images.stream if images and images.filename else None
    if request.accept_mimetypes.best == PROGRESS_TYPE:
        return Response(stream_with_context(_import_events(museum, rows, images_stream)), mimetype=PROGRESS_TYPE)
    try:
        report = run_import(current_platform(), slug, rows.filename, rows.stream, images_stream)
    except ImportError_ as problem:
        return _import_page(museum, None, problem.message)
    return _import_page(museum, report, None)


def _import_page(museum, report, error):
    return render_template("contribute/import.html", museum=museum, report=report, error=error), \
        (422 if error else 200)


def _import_events(museum, rows, images_stream):
    """Run the import beside the response and pass on its progress as it happens. The uploads
    are copied first: the request's own files are closed once the view has returned."""
    events: queue.Queue = queue.Queue()
    platform = current_platform()
    filename, rows_copy = rows.filename, io.BytesIO(rows.stream.read())
    images_copy = None
    if images_stream is not None:
        images_copy = tempfile.TemporaryFile()
        shutil.copyfileobj(images_stream, images_copy)
        images_copy.seek(0)
    failure = word("error.title")

    def work():
        try:
            report = run_import(platform, museum.slug, filename, rows_copy, images_copy,
                                progress=lambda done, total: events.put({"done": done, "total": total}))
            events.put({"report": report})
        except ImportError_ as problem:
            events.put({"error": problem.message})
        except Exception:
            log.exception("the import of %s for %s failed", filename, museum.slug)
            events.put({"error": failure})
        finally:
            if images_copy is not None:
                images_copy.close()
            events.put(None)

    threading.Thread(target=work, name=f"import-{museum.slug}", daemon=True).start()

    def lines():
        while (event := events.get()) is not None:
            if "report" in event or "error" in event:
                html = render_template("contribute/_report.html", report=event.get("report"),
                                       error=event.get("error"))
                event = {"html": html, "failed": bool(event.get("error"))}
            yield json.dumps(event) + "\n"

    return lines()
