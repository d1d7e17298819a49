"""What search engines read to find every public page: /robots.txt, and the sitemaps
(sitemaps.org protocol 0.9) of published exhibitions, museums and objects.

An index (/sitemap.xml) names one sitemap of the site's own pages and as many sitemaps of
objects as 50,000 URLs each (the protocol's limit per file) take; each gives the date of its
page's last change, so crawlers come back only for what changed. Objects in the trash and
unpublished exhibitions are in none of them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from datetime import datetime
from xml.sax.saxutils import escape

from flask import Blueprint, Response, abort, url_for
from sqlalchemy import func, select

from exhibitions.models import Exhibition, Museum, MuseumObject, as_utc
from exhibitions.web import base_url, db_session

crawlers = Blueprint("crawlers", __name__)

URLS_PER_SITEMAP = 50_000
# Crawlers may re-read these hourly; a page published meanwhile waits at most that long.
CACHE_CONTROL = "public, max-age=3600"
# Work areas, the JSON API (its lists are in the sitemaps as pages), and search result pages,
# whose filter combinations are endless: the sitemaps name every object page instead.
KEPT_FROM_CRAWLERS = ("/api/", "/curate", "/contribute", "/login", "/language", "/search", "/compare")


def _sitemap_xml(entries: Iterable[tuple[str, datetime | None]], tag: str = "urlset") -> Iterator[str]:
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield f'<{tag} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    item = "url" if tag == "urlset" else "sitemap"
    for location, modified in entries:
        lastmod = f"<lastmod>{as_utc(modified).strftime('%Y-%m-%dT%H:%M:%SZ')}</lastmod>" if modified else ""
        yield f"<{item}><loc>{escape(location)}</loc>{lastmod}</{item}>\n"
    yield f"</{tag}>\n"


def _xml(body: Iterable[str]) -> Response:
    response = Response("".join(body), mimetype="application/xml")
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


def _absolute(endpoint: str, **values) -> str:
    return base_url() + url_for(endpoint, **values)


@crawlers.get("/robots.txt")
def robots():
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in KEPT_FROM_CRAWLERS), "",
             f"Sitemap: {_absolute('crawlers.sitemap_index')}", ""]
    response = Response("\n".join(lines), mimetype="text/plain")
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


@crawlers.get("/sitemap.xml")
def sitemap_index():
    count = db_session().scalar(select(func.count()).select_from(MuseumObject))
    parts = [_absolute("crawlers.site_pages")]
    parts += [_absolute("crawlers.object_pages", part=part)
              for part in range(1, max(1, math.ceil(count / URLS_PER_SITEMAP)) + 1)]
    return _xml(_sitemap_xml(((part, None) for part in parts), tag="sitemapindex"))


@crawlers.get("/sitemaps/pages.xml")
def site_pages():
    session = db_session()
    exhibitions = session.execute(select(Exhibition.slug, Exhibition.modified)
                                  .where(Exhibition.status == "published").order_by(Exhibition.slug)).all()
    museums = session.execute(select(Museum.slug).order_by(Museum.slug)).scalars().all()
    entries = [(_absolute("public.home"), None), (_absolute("public.exhibitions"), None),
               (_absolute("public.museums"), None)]
    entries += [(_absolute("public.exhibition", slug=slug), modified) for slug, modified in exhibitions]
    entries += [(_absolute("public.museum", slug=slug), None) for slug in museums]
    return _xml(_sitemap_xml(entries))


@crawlers.get("/sitemaps/objects-<number:part>.xml")
def object_pages(part: int):
    if part < 1:
        abort(404)
    rows = db_session().execute(select(MuseumObject.id, MuseumObject.modified).order_by(MuseumObject.id)
                                .offset((part - 1) * URLS_PER_SITEMAP).limit(URLS_PER_SITEMAP)).all()
    if not rows and part > 1:
        abort(404)
    # One url_for for the lot: ids are URL-safe (DESIGN.md), and a part has 50,000 of them.
    before, _, after = _absolute("public.object_page", object_id="_").rpartition("_")
    return _xml(_sitemap_xml((f"{before}{object_id}{after}", modified) for object_id, modified in rows))
