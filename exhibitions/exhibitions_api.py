"""The JSON API for exhibitions (/api/v1/exhibitions): curators write, everyone reads what is published."""

from __future__ import annotations

from flask import Blueprint, jsonify

from exhibitions import auth, curation
from exhibitions.api import json_body
from exhibitions.paging import page_params
from exhibitions.platform import base_url, db_session
from exhibitions.sync import commit
from iiif import urls

exhibitions_api = Blueprint("exhibitions_api", __name__, url_prefix="/api/v1/exhibitions")


def is_curator() -> bool:
    principal = auth.current_principal(db_session())
    return principal is not None and principal.is_curator


def record(exhibition):
    return curation.exhibition_record(exhibition, urls.exhibition_manifest(base_url(), exhibition.slug))


def answer(exhibition, status: int):
    response = jsonify(record(exhibition))
    response.status_code = status
    response.headers["Location"] = f"{base_url()}/api/v1/exhibitions/{exhibition.slug}"
    return response


@exhibitions_api.get("")
def list_exhibitions():
    page, size = page_params()
    total, rows = curation.list_exhibitions(db_session(), curator=is_curator(), page=page, size=size)
    return {"total": total, "page": page, "size": size, "items": [record(row) for row in rows]}


@exhibitions_api.post("")
def create_exhibition():
    session = db_session()
    auth.require_curator(session)
    exhibition = curation.create_exhibition(session, json_body())
    commit(session)
    return answer(exhibition, 201)


@exhibitions_api.get("/<slug>")
def get_exhibition(slug: str):
    return record(curation.get_exhibition(db_session(), slug, curator=is_curator()))


@exhibitions_api.put("/<slug>")
def put_exhibition(slug: str):
    session = db_session()
    auth.require_curator(session)
    exhibition, created = curation.put_exhibition(session, slug, json_body())
    commit(session)
    return answer(exhibition, 201 if created else 200)


@exhibitions_api.delete("/<slug>")
def delete_exhibition(slug: str):
    session = db_session()
    auth.require_curator(session)
    curation.delete_exhibition(session, curation.get_exhibition(session, slug, curator=True))
    commit(session)
    return "", 204


def change_publication(slug: str, change) -> dict:
    session = db_session()
    auth.require_curator(session)
    exhibition = curation.get_exhibition(session, slug, curator=True)
    change(session, exhibition)
    commit(session)
    return record(exhibition)


@exhibitions_api.post("/<slug>/publish")
def publish(slug: str):
    return change_publication(slug, curation.publish)


@exhibitions_api.post("/<slug>/unpublish")
def unpublish(slug: str):
    return change_publication(slug, curation.unpublish)
