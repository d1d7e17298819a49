"""The JSON API for exhibitions (/api/v1/exhibitions): curators write (If-Match guards against
overwriting a save made since), look back at versions and keep a trash (/api/v1/trash/exhibitions);
an exhibition's team works on its draft, submits it for review, and editors approve or return
it (exhibitions.curation.studio); everyone reads what is published."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from exhibitions.accounts import auth
from exhibitions.api import if_match, json_body
from exhibitions.curation import documents, studio
from exhibitions.objects.records import iso_time
from exhibitions.paging import page_params, paged
from exhibitions.problems import Problem
from exhibitions.uow import commit
from exhibitions.web import base_url, current_platform, db_session
from iiif import urls

exhibitions_api = Blueprint("exhibitions_api", __name__, url_prefix="/api/v1/exhibitions")


def is_curator() -> bool:
    principal = auth.current_principal(db_session())
    return principal is not None and principal.is_curator


def record(exhibition, for_readers: bool = False):
    """The exhibition as curators work on it, or as readers get it (for_readers: the items of
    objects in the trash left out, as the page and the manifest leave them)."""
    found = documents.exhibition_record(exhibition, urls.exhibition_manifest(base_url(), exhibition.slug))
    if for_readers:
        found["sections"] = documents.shown_sections(db_session(), exhibition.document)
    else:
        found["draft"] = None if exhibition.draft is None else {
            "draft_version": exhibition.draft_version, "saved": iso_time(exhibition.draft_saved),
            "saved_by": exhibition.draft_saved_by}
        found["review"] = studio.review_record(db_session(), exhibition)
    return found


def answer(exhibition, status: int = 200, location: bool = True, for_readers: bool = False):
    response = jsonify(record(exhibition, for_readers))
    response.status_code = status
    # The version is the ETag: a PUT with If-Match is refused (412) once someone else has saved.
    response.set_etag(str(exhibition.version))
    if location:
        response.headers["Location"] = f"{base_url()}/api/v1/exhibitions/{exhibition.slug}"
    return response


def if_match_version(of: str = "the exhibition") -> int | str | None:
    """The version an If-Match header names, "*" for any, or None without the header."""
    tag = if_match()
    if tag is None or tag == "*":
        return tag
    if not (tag.isascii() and tag.isdigit()):
        raise Problem(400, f"If-Match must name one version of {of}, as its ETag gave it (such as \"3\").",
                      errors=[{"field": "If-Match", "message": f"must be one ETag of {of}"}])
    return int(tag)


def review_required() -> bool:
    return current_platform().settings.review_required


def team_exhibition(slug: str, trashed: bool = False):
    """The session, who asks and the exhibition (one in the trash: trashed), for a change only its
    team (or an editor or an administrator) may make."""
    session = db_session()
    principal = auth.require_curator(session)
    exhibition = (documents.trashed_exhibition(session, slug) if trashed
                  else documents.get_exhibition(session, slug, curator=True))
    studio.require_team(session, principal, exhibition)
    return session, principal, exhibition


@exhibitions_api.get("")
def list_exhibitions():
    page, size = page_params()
    curator = is_curator()
    total, rows = documents.list_exhibitions(db_session(), curator=curator, page=page, size=size)
    return paged(total, page, size, [record(row, for_readers=not curator) for row in rows])


@exhibitions_api.post("")
def create_exhibition():
    session = db_session()
    principal = auth.require_curator(session)
    exhibition = documents.create_exhibition(session, json_body(), saved_by=principal.name)
    commit(session)
    return answer(exhibition, 201)


@exhibitions_api.get("/<slug>")
def get_exhibition(slug: str):
    curator = is_curator()
    return answer(documents.get_exhibition(db_session(), slug, curator=curator), location=False,
                  for_readers=not curator)


@exhibitions_api.put("/<slug>")
def put_exhibition(slug: str):
    session = db_session()
    principal = auth.require_curator(session)
    existing = documents.find_exhibition(session, slug)
    if existing is not None:
        studio.require_team(session, principal, existing)
        studio.require_change_to_live(principal, existing, review_required=review_required())
    exhibition, created = documents.put_exhibition(session, slug, json_body(), saved_by=principal.name,
                                                  expected_version=if_match_version())
    commit(session)
    return answer(exhibition, 201 if created else 200)


@exhibitions_api.patch("/<slug>")
def rename_exhibition(slug: str):
    """{"slug": "new-slug"}: another address, until the exhibition is first published."""
    session, _principal, exhibition = team_exhibition(slug)
    documents.rename(session, exhibition, json_body())
    commit(session)
    return answer(exhibition)


@exhibitions_api.get("/<slug>/versions")
def list_versions(slug: str):
    session = db_session()
    auth.require_curator(session)
    exhibition = documents.get_exhibition(session, slug, curator=True)
    page, size = page_params()
    total, versions = documents.list_versions(session, exhibition, page=page, size=size)
    return paged(total, page, size, [documents.version_record(v) for v in versions])


@exhibitions_api.get("/<slug>/versions/<number:number>")
def get_version(slug: str, number: int):
    session = db_session()
    auth.require_curator(session)
    exhibition = documents.get_exhibition(session, slug, curator=True)
    return documents.version_record(documents.get_version(session, exhibition, number), with_document=True)


@exhibitions_api.post("/<slug>/versions/<number:number>/restore")
def restore_version(slug: str, number: int):
    session, principal, exhibition = team_exhibition(slug)
    studio.require_change_to_live(principal, exhibition, review_required=review_required())
    documents.restore_version(session, exhibition, number, saved_by=principal.name,
                             expected_version=if_match_version())
    commit(session)
    return answer(exhibition)


@exhibitions_api.delete("/<slug>")
def delete_exhibition(slug: str):
    """To the trash (see /api/v1/trash/exhibitions), from which it can be restored."""
    session, _principal, exhibition = team_exhibition(slug)
    documents.delete_exhibition(session, exhibition)
    commit(session)
    return "", 204


def change_publication(slug: str, change) -> dict:
    session, principal, exhibition = team_exhibition(slug)
    change(session, principal, exhibition)
    commit(session)
    return record(exhibition)


@exhibitions_api.put("/<slug>/schedule")
def schedule(slug: str):
    """Publish the draft at {"publish_at": "<ISO 8601 time with offset>"}."""
    body = json_body()
    if not isinstance(body, dict) or "publish_at" not in body:
        raise Problem(422, "Send {\"publish_at\": \"2026-12-01T09:00:00Z\"}.",
                      errors=[{"field": "publish_at", "message": "is required"}])
    return change_publication(slug, lambda session, principal, exhibition: studio.schedule(
        session, exhibition, principal, body["publish_at"], review_required=review_required()))


@exhibitions_api.delete("/<slug>/schedule")
def unschedule(slug: str):
    return change_publication(slug, lambda session, principal, exhibition: studio.schedule(
        session, exhibition, principal, None, review_required=review_required()))


@exhibitions_api.post("/<slug>/publish")
def publish(slug: str):
    """Publish changes: the draft, if there is one, goes live as a new version."""
    return change_publication(slug, lambda session, principal, exhibition: studio.publish(
        session, exhibition, principal, review_required=review_required()))


@exhibitions_api.post("/<slug>/unpublish")
def unpublish(slug: str):
    return change_publication(slug, lambda session, _principal, exhibition: documents.unpublish(session, exhibition))


def draft_answer(exhibition):
    response = jsonify(studio.draft_record(db_session(), exhibition))
    # The draft's own version is its ETag: a PUT with If-Match is refused (412) once someone else
    # has saved the draft, discarded it or published it.
    response.set_etag(str(exhibition.draft_version))
    return response


@exhibitions_api.get("/<slug>/draft")
def get_draft(slug: str):
    _session, _principal, exhibition = team_exhibition(slug)
    return draft_answer(exhibition)


@exhibitions_api.put("/<slug>/draft")
def put_draft(slug: str):
    session, principal, exhibition = team_exhibition(slug)
    studio.save_draft(session, exhibition, json_body(), saved_by=principal.name,
                      expected_version=if_match_version("the draft"), review_required=review_required())
    commit(session)
    return draft_answer(exhibition)


@exhibitions_api.delete("/<slug>/draft")
def discard_draft(slug: str):
    session, principal, exhibition = team_exhibition(slug)
    studio.discard_draft(session, exhibition, by=principal.name, expected_version=if_match_version("the draft"))
    commit(session)
    return "", 204


@exhibitions_api.get("/<slug>/team")
def get_team(slug: str):
    session, _principal, exhibition = team_exhibition(slug)
    return studio.team_record(session, exhibition)


@exhibitions_api.put("/<slug>/team")
def put_team(slug: str):
    session, _principal, exhibition = team_exhibition(slug)
    studio.set_team(session, exhibition, json_body())
    commit(session)
    return studio.team_record(session, exhibition)


@exhibitions_api.post("/<slug>/submit")
def submit(slug: str):
    session, principal, exhibition = team_exhibition(slug)
    studio.submit(session, exhibition, principal.name)
    commit(session)
    return record(exhibition)


def reviewed(slug: str):
    """The session, the editor and the exhibition, for an editor's decision on a draft."""
    session = db_session()
    principal = auth.require_curator(session)
    studio.require_editor(principal)
    return session, principal, documents.get_exhibition(session, slug, curator=True)


def optional_body() -> dict:
    """A JSON object, or an empty one for a request sent without a body."""
    if not request.get_data():
        return {}
    body = json_body()
    if not isinstance(body, dict):
        raise Problem(422, "The body must be a JSON object.",
                      errors=[{"field": "body", "message": "must be a JSON object"}])
    return body


@exhibitions_api.post("/<slug>/approve")
def approve(slug: str):
    """Approve the submitted draft: published now, or at {"publish_at": ...} if sent."""
    session, principal, exhibition = reviewed(slug)
    studio.approve(session, exhibition, principal.name, publish_at=optional_body().get("publish_at"),
                   expected_version=if_match_version("the draft"))
    commit(session)
    return record(exhibition)


@exhibitions_api.post("/<slug>/return")
def return_draft(slug: str):
    session, principal, exhibition = reviewed(slug)
    studio.return_draft(session, exhibition, principal.name, optional_body())
    commit(session)
    return record(exhibition)


@exhibitions_api.get("/<slug>/reviews")
def list_reviews(slug: str):
    session, _principal, exhibition = team_exhibition(slug)
    page, size = page_params()
    total, items = studio.reviews(session, exhibition, page=page, size=size)
    return paged(total, page, size, items)


trash_api = Blueprint("trash_api", __name__, url_prefix="/api/v1/trash/exhibitions")


@trash_api.get("")
def list_trash():
    session = db_session()
    auth.require_curator(session)
    page, size = page_params()
    total, exhibitions = documents.trash(session, page, size)
    items = []
    for exhibition in exhibitions:
        item = record(exhibition)
        item["deleted"] = iso_time(exhibition.deleted)
        items.append(item)
    return paged(total, page, size, items)


@trash_api.post("/<slug>/restore")
def restore_from_trash(slug: str):
    session, _principal, exhibition = team_exhibition(slug, trashed=True)
    documents.restore_from_trash(session, exhibition)
    commit(session)
    return answer(exhibition)


@trash_api.delete("/<slug>")
def delete_for_good(slug: str):
    session, _principal, exhibition = team_exhibition(slug, trashed=True)
    documents.delete_for_good(session, exhibition)
    commit(session)
    return "", 204
