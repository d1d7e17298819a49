"""Viewer pages for other sites' iframes: `/embed/objects/{id}` (the object's images) and
`/embed/exhibitions/{slug}` (a published exhibition's cover, then its object blocks, stepped
through with previous and next). An object's embed given a shared detail (`?iiif-content=`, as
the object page takes it) opens on that image and region. They may be framed by any site (`frame-ancestors *`) and set
no cookie: a museum's page that embeds them gives its readers no session of ours."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, g, render_template, request, url_for

from exhibitions.curation import documents
from exhibitions.objects import contribution
from exhibitions.objects.records import object_record
from exhibitions.pages import sharing
from exhibitions.pages.guard import problem_page
from exhibitions.pages.public import rights_label
from exhibitions.pages.story import shown, story_sections
from exhibitions.problems import Problem
from exhibitions.web import base_url, db_session

embed = Blueprint("embed", __name__, url_prefix="/embed")
embed.register_error_handler(Problem, problem_page)


@embed.before_request
def _embeddable():
    # Read by the page headers (pages/__init__.py). No cookie either: these pages never write
    # to the session (no form, no CSRF token) and sessions are not refreshed on every request.
    g.embeddable = True


def _step(record: Mapping[str, Any], image: Mapping[str, Any], region) -> dict[str, Any]:
    """One view of the embed: an image (and region) of an object, with what must travel with it.
    A region that is the whole image is none: the still image already shows it as the viewer
    will, so the viewer need not start before the reader reaches for it (js/embed.js)."""
    if region and tuple(region) == (0, 0, image["width"], image["height"]):
        region = None
    return {"record": record, "image": image, "region": region, "rights": rights_label(record["rights"]),
            "page": url_for("public.object_page", object_id=record["id"], _external=True)}


@embed.get("/objects/<object_id>")
def object_embed(object_id: str):
    record = object_record(contribution.get_object(db_session(), object_id), base_url())
    if not record.get("images"):
        raise Problem(404, f"Object '{object_id}' has no image to show.")
    steps = [_step(record, image, None) for image in record["images"]]
    # A shared detail first (a broken one, or another object's, is left out: the object still opens).
    detail, _ = sharing.read_detail(record, request.args.get(sharing.PARAMETER), base_url())
    if detail:
        steps = [_step(record, detail.image, detail.region)] + [
            step for at, step in enumerate(steps) if at != detail.position]
    return render_template("embed.html", title=record["title"], steps=steps,
                           page=url_for("public.object_page", object_id=object_id, _external=True))


@embed.get("/exhibitions/<slug>")
def exhibition_embed(slug: str):
    session = db_session()
    exhibition = documents.get_exhibition(session, slug, curator=False)
    base = base_url()
    records = {object_id: object_record(obj, base)
               for object_id, obj in documents.objects_of(session, exhibition.document).items()}
    steps = []
    cover = exhibition.document.get("cover")  # else the first object block opens it
    if cover and cover["object"] in records:
        image, region = shown(cover, records[cover["object"]])
        if image:
            steps.append({**_step(records[cover["object"]], image, region), "cover": True})
    for section in story_sections(exhibition.document, records):
        steps += [_step(item["record"], item["image"], item["region"]) for item in section["items"] if item["image"]]
    if not steps:
        raise Problem(404, f"Exhibition '{slug}' has no image to show.")
    return render_template("embed.html", title=exhibition.document["title"], steps=steps,
                           page=url_for("public.exhibition", slug=slug, _external=True))
