"""Public pages: home, exhibitions (the story with deep zoom), objects, compare, museums, search."""

from __future__ import annotations

import math
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from sqlalchemy import select

from exhibitions import vocabularies, words
from exhibitions.curation import blocks, documents
from exhibitions.language import LANGUAGE_COOKIE, century, country_name, pick, reader_language, word
from exhibitions.models import Museum
from exhibitions.objects import contribution
from exhibitions.objects.records import media_record, museum_record, object_record
from exhibitions.pages import sharing
from exhibitions.pages.accounts import safe_next
from exhibitions.pages.covers import CARD_WIDTHS, COVER_WIDTHS, cover_image
from exhibitions.pages.guard import current_viewer, problem_page
from exhibitions.pages.queries import museum_objects, museums_with_counts
from exhibitions.pages.story import credits, story_sections
from exhibitions.paging import page_number
from exhibitions.problems import Problem
from exhibitions.web import base_url, current_platform, db_session
from iiif import urls
from search import SearchQueryError, SearchUnavailable
from search.query import FACETS, SORTS, FacetValue

public = Blueprint("public", __name__)

MUSEUM_PAGE_SIZE = 24
MAX_COMPARED = 6


public.register_error_handler(Problem, problem_page)


def _is_curator() -> bool:
    viewer = current_viewer()
    return bool(viewer and viewer["is_curator"])


@public.get("/")
def home():
    session = db_session()
    _total, exhibitions = documents.list_exhibitions(session, curator=False, page=1, size=13)
    base = base_url()
    museums = [(museum_record(museum, base), count) for museum, count in museums_with_counts(session)]
    featured = exhibitions[0] if exhibitions else None
    return render_template("home.html", featured=featured,
                           featured_cover=_covers([featured], COVER_WIDTHS).get(featured.slug) if featured else None,
                           exhibitions=exhibitions[1:], covers=_covers(exhibitions[1:]), museums=museums[:12],
                           museum_total=len(museums))


def _covers(exhibitions, widths=CARD_WIDTHS) -> dict[str, dict]:
    """Each exhibition's cover image (its cover, else its first object: covers.cover_image), the
    objects read in one query."""
    references = {exhibition.slug: blocks.first_object(exhibition.document) for exhibition in exhibitions}
    found = [reference for reference in references.values() if reference]
    objects = documents.objects_of(db_session(), {"sections": [{"items": found}]}) if found else {}
    base = base_url()
    covers = {}
    for slug, reference in references.items():
        obj = objects.get(reference["object"]) if reference else None
        cover = cover_image(reference, object_record(obj, base), widths) if obj else None
        if cover:
            covers[slug] = cover
    return covers


@public.get("/language")
def choose_language():
    """The site's language switch: keep the reader's choice in a cookie, then back to the page."""
    chosen = request.args.get("to", "")
    if chosen not in words.languages():
        raise Problem(400, f"'to' must be one of the site's languages: {', '.join(words.languages())}.")
    back = urlsplit(safe_next(request.args.get("next"), url_for("public.home")))
    # A ?lang= left in the address would overrule the choice just made.
    query = urlencode([(name, value) for name, value in parse_qsl(back.query) if name != "lang"])
    response = redirect(urlunsplit(("", "", back.path, query, "")), 303)
    response.set_cookie(LANGUAGE_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                        secure=request.is_secure)
    return response


@public.get("/exhibitions")
def exhibitions():
    page = page_number()
    total, rows = documents.list_exhibitions(db_session(), curator=False, page=page, size=24)
    return render_template("exhibitions.html", exhibitions=rows, covers=_covers(rows), page=page,
                           pages=math.ceil(total / 24),
                           page_url=lambda number: url_for("public.exhibitions", page=number))


@public.get("/exhibitions/<slug>")
def exhibition(slug: str):
    session = db_session()
    exhibition = documents.get_exhibition(session, slug, curator=_is_curator())
    return render_exhibition(exhibition)


def render_exhibition(exhibition, preview: bool = False, document: dict | None = None):
    """The exhibition as the public sees it (curators' preview uses exactly this; the studio's
    preview passes the working draft as `document`)."""
    session = db_session()
    base = base_url()
    document = exhibition.document if document is None else document
    objects = documents.objects_of(session, document)
    records = {object_id: object_record(obj, base) for object_id, obj in objects.items()}
    # The full-bleed cover of the document shown (a preview's is the draft's): src, srcset, width
    # and height for an <img> (covers.cover_image).
    reference = blocks.first_object(document)
    cover = cover_image(reference, records[reference["object"]], COVER_WIDTHS) \
        if reference and reference["object"] in records else None
    return render_template(
        "exhibition.html", exhibition=exhibition, document=document,
        sections=story_sections(document, records, {media_id: media_record(row, base) for media_id, row
                                                     in documents.media_of(session, exhibition, document).items()}),
        manifest=urls.exhibition_manifest(base, exhibition.slug) if exhibition.status == "published" else None,
        preview=preview or exhibition.status != "published", cover=cover["src"] if cover else None,
        cover_picture=cover, credits=credits(document, records),
        detail=lambda record, image, region: sharing.detail(record, image, region, base),
        embed=url_for("embed.exhibition_embed", slug=exhibition.slug, _external=True)
        if exhibition.status == "published" else None)


@public.get("/objects/<object_id>")
def object_page(object_id: str):
    obj = contribution.get_object(db_session(), object_id)
    record = object_record(obj, base_url())
    texts = [record.get(name) for name in ("title", "description", "creator", "culture", "credit_line")]
    texts += [(record.get(part) or {}).get("label") for part in ("date", "place")]
    languages = sorted({language for text in texts for language in (text or {}) if language != "none"})
    # A shared detail (IIIF Content State): the page opens on it; a broken one leaves a note.
    detail, note = sharing.read_detail(record, request.args.get(sharing.PARAMETER), base_url())
    return render_template("object.html", obj=record, languages=languages, rights=rights_label(record["rights"]),
                           accessed=date.today(), detail=detail, detail_note=note,
                           canvases=sharing.canvas_ids(record, base_url()),
                           drag_link=f"{record['manifest']}?{urlencode({'manifest': record['manifest']})}")


@public.get("/compare")
def compare():
    chosen = request.args.getlist("objects") + request.args.getlist("compare")
    ids = [value.strip() for values in chosen for value in values.split(",") if value.strip()]
    ids = list(dict.fromkeys(ids))[:MAX_COMPARED]
    session = db_session()
    records = [object_record(contribution.get_object(session, object_id), base_url()) for object_id in ids]
    g.relaxed_styles = True
    return render_template("compare.html", objects=records, enough=len(records) >= 2,
                           manifests=[record["manifest"] for record in records])


@public.get("/museums")
def museums():
    base = base_url()
    return render_template("museums.html", museums=[(museum_record(museum, base), count)
                                                    for museum, count in museums_with_counts(db_session())])


@public.get("/museums/<slug>")
def museum(slug: str):
    session = db_session()
    museum = contribution.get_museum(session, slug)
    page = page_number()
    total, objects = museum_objects(session, museum, page, MUSEUM_PAGE_SIZE)
    pages = max(1, math.ceil(total / MUSEUM_PAGE_SIZE))
    if page > pages:
        abort(404)
    base = base_url()
    return render_template("museum.html", museum=museum_record(museum, base), total=total, page=page, pages=pages,
                           objects=[object_record(obj, base) for obj in objects],
                           page_url=lambda number: url_for("public.museum", slug=slug, page=number))


@public.get("/search")
def search():
    args = request.args
    error, result, query = None, None, None
    try:
        query = vocabularies.parse_query(args, reader_language())
        result = current_platform().search.search(query)
    except SearchQueryError as bad:
        error = word("search.bad", message=f"{bad.parameter} {bad.message}")
    except SearchUnavailable:
        error = word("search.unavailable")
    status = 200 if error is None else (503 if query is not None else 400)
    facets = _facets(result, query) if result else []
    return render_template("search.html", query=query, result=result, error=error, facets=facets,
                           active_filters=_active_filters(facets, args),
                           sorts=SORTS, pages=math.ceil(result.total / result.size) if result else 0,
                           page_url=lambda page: _search_url(page=page),
                           export_url=lambda kind: _export_url(kind)), status


def _facets(result, query) -> list[dict[str, Any]]:
    """The facets to show, each value with its count and whether it is selected; a century
    links to the search narrowed to its years (centuries are counted, not filtered on). A
    selected value that no hit has is still shown, ticked, with 0: the reader sees the filter
    and can untick it, and applying another filter does not drop it unseen."""
    facets = []
    vocabularies.label_facets(result.facets, query.language)
    for name in FACETS:
        values = result.facets.get(name) or []  # centuries already in order (the search contract)
        selected = getattr(query, name, ()) if name != "century" else ()
        counted = {value["value"] for value in values}
        values = [*values, *(FacetValue(value=value, label=_facet_label(name, value, query.language), count=0)
                             for value in selected
                             if value not in counted)]
        if not values:
            continue
        shown = []
        for value in values:
            entry = {"value": value["value"], "label": value["label"] or value["value"], "count": value["count"],
                     "selected": value["value"] in selected, "url": None}
            if name == "country":
                entry["label"] = country_name(value["value"])  # an ISO code, named in the reader's language
            if name == "century":
                first, last = century_span(int(value["value"]))
                entry["label"] = century(value["value"])
                entry["url"] = _search_url(page=None, date_from=first, date_to=last)
            shown.append(entry)
        facets.append({"name": name, "values": shown})
    return facets


def _active_filters(facets: list[dict[str, Any]], args) -> int:
    """How many filters narrow the search: each ticked value, and the date span as one."""
    ticked = sum(value["selected"] for facet in facets for value in facet["values"])
    return ticked + (1 if args.get("date_from") or args.get("date_to") else 0)


def _facet_label(name: str, value: str, language: str) -> str:
    """The label of a selected value the backend did not count: a museum's name, a term's label,
    else the value."""
    if name == "museum":
        museum = db_session().scalar(select(Museum).where(Museum.slug == value))
        if museum is not None:
            return pick(museum.name).text
    if name in vocabularies.SEARCH_FILTERS:
        return vocabularies.facet_label(vocabularies.SEARCH_FILTERS[name], value, language)
    return value


def century_span(century: int) -> tuple[int, int]:
    """The years of a century: 2 -> (101, 200), -3 -> (-300, -201)."""
    if century > 0:
        return (century - 1) * 100 + 1, century * 100
    return century * 100, (century + 1) * 100 - 1


def _search_args(**changes) -> list[tuple[str, str]]:
    pairs = [(key, value) for key, value in request.args.items(multi=True) if key not in changes]
    for key, value in changes.items():
        if value is not None:
            pairs.append((key, str(value)))
    return pairs


def _search_url(**changes) -> str:
    return url_for("public.search") + "?" + urlencode(_search_args(**changes))


def _export_url(kind: str) -> str:
    return "/api/v1/search/export?" + urlencode(_search_args(page=None, size=None, format=kind))


RIGHTS_NAMES = {
    "http://creativecommons.org/publicdomain/zero/1.0/": "CC0 1.0 (public domain dedication)",
    "http://creativecommons.org/publicdomain/mark/1.0/": "Public Domain Mark 1.0",
    "http://rightsstatements.org/vocab/NoC-US/1.0/": "No Copyright - United States",
    "http://rightsstatements.org/vocab/InC/1.0/": "In Copyright",
    "http://rightsstatements.org/vocab/CNE/1.0/": "Copyright Not Evaluated",
}


def rights_label(uri: str | None) -> str | None:
    """A reader's name for a rights URI: 'CC BY-SA 4.0' for Creative Commons licences; None for
    an imported object whose museum stated no rights (the page says so)."""
    if uri is None:
        return None
    if uri in RIGHTS_NAMES:
        return RIGHTS_NAMES[uri]
    parts = uri.rstrip("/").split("/")
    if "creativecommons.org" in uri and "licenses" in parts:
        at = parts.index("licenses")
        if len(parts) > at + 2:
            return f"CC {parts[at + 1].upper()} {parts[at + 2]}"
    return uri
