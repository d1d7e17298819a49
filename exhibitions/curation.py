"""What curators do: write an exhibition as one document (sections, items, regions, captions),
replace it whole, publish and unpublish it. Drafts are seen by curators only.

Publishing, changing a published exhibition and withdrawing it are written as activities for
IIIF Change Discovery in the same transaction.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from exhibitions.contribution import record_change
from exhibitions.models import Exhibition, MuseumObject, utcnow
from exhibitions.problems import Problem
from exhibitions.schemas import SLUG, ExhibitionDocument, dump, field_errors
from iiif.manifests import ItemNotShown, item_view


def get_exhibition(session: Session, slug: str, *, curator: bool) -> Exhibition:
    """The exhibition; a draft is a 404 to anyone but a curator, as if it did not exist."""
    exhibition = session.scalar(select(Exhibition).where(Exhibition.slug == slug))
    if exhibition is None or (exhibition.status != "published" and not curator):
        raise Problem(404, f"There is no exhibition '{slug}'.")
    return exhibition


def list_exhibitions(session: Session, *, curator: bool, page: int, size: int) -> tuple[int, list[Exhibition]]:
    query = select(Exhibition)
    if not curator:
        query = query.where(Exhibition.status == "published")
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by(Exhibition.published.desc(), Exhibition.slug)
                           .offset((page - 1) * size).limit(size)).all()
    return total, rows


def object_ids_of(document: dict[str, Any]) -> set[str]:
    """The ids of the objects an exhibition document shows."""
    return {item["object"] for section in document.get("sections", []) for item in section.get("items", [])}


def objects_of(session: Session, document: dict[str, Any]) -> dict[str, MuseumObject]:
    ids = object_ids_of(document)
    if not ids:
        return {}
    objects = session.scalars(select(MuseumObject).where(MuseumObject.id.in_(ids))
                              .options(selectinload(MuseumObject.images), selectinload(MuseumObject.museum)))
    return {obj.id: obj for obj in objects}


def _check_items(session: Session, document: dict[str, Any]) -> list[dict[str, str]]:
    """The errors of items that name a missing object, an image of another object, or a region
    outside the image. An object without images yet may be listed: it shows once it has one."""
    objects = objects_of(session, document)
    errors = []
    for s, section in enumerate(document.get("sections", [])):
        for i, item in enumerate(section.get("items", [])):
            where = f"sections.{s}.items.{i}"
            obj = objects.get(item["object"])
            if obj is None:
                errors.append({"field": f"{where}.object", "message": f"there is no object '{item['object']}'"})
                continue
            images = [{"id": image.image_id, "width": image.width, "height": image.height} for image in obj.images]
            try:
                item_view(item, {"id": obj.id, "images": images})
            except ItemNotShown as refused:
                if refused.field == "object" and not item.get("region"):
                    continue
                field = "region" if refused.field == "object" else refused.field
                errors.append({"field": f"{where}.{field}", "message": refused.message})
    return errors


def validate_document(session: Session, slug: str, payload: Any) -> dict[str, Any]:
    if not isinstance(payload, dict):
        raise Problem(422, "The body must be a JSON object: the whole exhibition.",
                      errors=[{"field": "body", "message": "must be a JSON object"}])
    try:
        document = dump(ExhibitionDocument.model_validate(payload))
        errors = []
    except ValidationError as error:
        document, errors = None, field_errors(error)
    if payload.get("slug") not in (None, slug):
        errors.append({"field": "slug", "message": f"must be '{slug}', the slug of the path, or left out"})
    if document is not None:
        errors += _check_items(session, document)
    if errors:
        raise Problem(422, f"The exhibition has {len(errors)} error(s).", errors=errors)
    document.pop("slug", None)
    document.pop("status", None)
    return document


def put_exhibition(session: Session, slug: str, payload: Any) -> tuple[Exhibition, bool]:
    """Create or replace the whole exhibition; True when it was created."""
    document = validate_document(session, slug, payload)
    exhibition = session.scalar(select(Exhibition).where(Exhibition.slug == slug))
    if exhibition is None:
        exhibition = Exhibition(slug=slug, document=document, status="draft")
        session.add(exhibition)
        session.flush()
        return exhibition, True
    if exhibition.document != document:
        exhibition.document = document
        exhibition.modified = utcnow()
        if exhibition.status == "published":
            record_change(session, slug, "Update", kind="exhibition")
    return exhibition, False


def create_exhibition(session: Session, payload: Any) -> Exhibition:
    slug = payload.get("slug") if isinstance(payload, dict) else None
    if not isinstance(slug, str) or not slug:
        raise Problem(422, "A new exhibition needs a slug.", errors=[{"field": "slug", "message": "is required"}])
    if session.scalar(select(Exhibition).where(Exhibition.slug == slug)):
        raise Problem(409, f"There is already an exhibition '{slug}'; PUT it to replace it.")
    if not re.match(SLUG, slug):
        raise Problem(422, "The slug must be lower-case letters, digits and hyphens.",
                      errors=[{"field": "slug", "message": "is not a valid slug"}])
    exhibition, _ = put_exhibition(session, slug, payload)
    return exhibition


def publish(session: Session, exhibition: Exhibition) -> None:
    if exhibition.status == "published":
        return
    first_time = exhibition.published is None
    exhibition.status = "published"
    exhibition.published = utcnow()
    record_change(session, exhibition.slug, "Create" if first_time else "Update", kind="exhibition")


def unpublish(session: Session, exhibition: Exhibition) -> None:
    if exhibition.status != "published":
        return
    exhibition.status = "draft"
    record_change(session, exhibition.slug, "Delete", kind="exhibition")


def delete_exhibition(session: Session, exhibition: Exhibition) -> None:
    if exhibition.status == "published":
        record_change(session, exhibition.slug, "Delete", kind="exhibition")
    session.delete(exhibition)


def exhibition_record(exhibition: Exhibition, manifest_url: str | None) -> dict[str, Any]:
    """The exhibition document of DESIGN.md, with its slug and status."""
    document = exhibition.document
    return {
        "slug": exhibition.slug,
        "title": document["title"],
        "summary": document.get("summary"),
        "status": exhibition.status,
        "sections": document.get("sections", []),
        "manifest": manifest_url if exhibition.status == "published" else None,
        "modified": exhibition.modified.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
