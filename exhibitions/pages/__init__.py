"""The pages people read and work in: public, curator, contributor, admin and login blueprints (and
what crawlers read: robots.txt, sitemaps), and what every page shares (Content-Security-Policy,
CSRF, interface words, the reader's language)."""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nh3
from flask import Flask, g, render_template, request, session
from flask_wtf.csrf import CSRFError, CSRFProtect
from markupsafe import Markup

from exhibitions import words
from exhibitions.language import (
    Text,
    country_name,
    date_time,
    direction,
    interface_direction,
    interface_language,
    language_label,
    long_date,
    number,
    pick,
    reader_language,
    word,
)
from exhibitions.pages.covers import picture
from exhibitions.pages.guard import current_viewer
from exhibitions.pages.policy import CONTENT_SECURITY_POLICY, EMBEDDABLE, RELAXED_STYLES
from exhibitions.pages.story import iiif_size
from exhibitions.problems import problem_response
from exhibitions.schemas import clean_rich_text
from exhibitions.web import base_url
from search.documents import shown_terms

csrf = CSRFProtect()

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def rich_text(value: str | None) -> Markup:
    """Curator HTML made safe again at the moment it is shown, with the tags the exhibition
    schema keeps (whatever reached the database by another way)."""
    return Markup(clean_rich_text(value or ""))


def highlight(value: str | None) -> Markup:
    """A search snippet: escaped text with the matches in <em>, and nothing else."""
    return Markup(nh3.clean(value or "", tags={"em"}, attributes={}))


def terms_text(record: Mapping[str, Any], field: str) -> str:
    """A record's types, materials or techniques as the reader reads them: each term's label in
    the reader's language, values that name no term as written."""
    return ", ".join(shown_terms(record, field, reader_language()))


def date_text(date: Mapping[str, Any] | None) -> Text | str:
    """What a page shows of an object's date: the museum's own words for it in the reader's
    language (its label, else its display string), else its years in the interface's words (a
    plain string: it is in the page's own language)."""
    if not date:
        return ""
    if date.get("label"):
        return pick(date["label"])
    if date.get("display"):
        return Text(date["display"], "")
    return words.year_span(date["start"], date["end"], interface_language())


def place_text(place: Mapping[str, Any] | None) -> Text:
    """What a page shows of an object's place: its name in the reader's language (its label,
    else its name string)."""
    if not place:
        return Text("", "")
    if place.get("label"):
        return pick(place["label"])
    return Text(place.get("name") or "", "")


def script_words(keys: Mapping[str, str]) -> dict[str, Any]:
    """A page script's words in the reader's language (plural ones by CLDR category)."""
    return words.script_words(dict(keys), interface_language())


def page_address() -> str:
    """A page's one public address, as crawlers should know it: its path, with its page number
    past the first (a language or a filter in the query shows the same page another way)."""
    page = request.args.get("page", "").lstrip("0")
    return base_url() + request.path + (f"?page={page}" if page.isascii() and page.isdigit() and page != "1" else "")


STATIC_MAX_AGE = 365 * 24 * 3600


def _versioned_static_files(app: Flask) -> None:
    """Pages name static files with a version, `?v=` and the start of the file's SHA-256, so that
    browsers keep them a year (immutable) and still fetch a file again once it changed."""
    versions: dict[tuple[str, float], str] = {}

    def version(filename: str) -> str | None:
        path = Path(app.static_folder or "") / filename
        if not path.is_file():
            return None  # a folder (OpenSeadragon's button images): its files are asked unversioned
        key = (filename, path.stat().st_mtime)
        if key not in versions:
            versions[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        return versions[key]

    @app.url_defaults
    def _add_version(endpoint, values):
        if endpoint == "static" and "v" not in values and (found := version(values.get("filename", ""))):
            values["v"] = found

    def max_age(_filename):
        return STATIC_MAX_AGE if request.args.get("v") else None

    app.get_send_file_max_age = max_age

    @app.after_request
    def _immutable(response):
        if request.endpoint == "static" and request.args.get("v") and response.status_code == 200:
            response.cache_control.immutable = True
        return response


# What a page asks for that gzip shrinks (to a quarter or less): its HTML, styles, scripts, the
# map's GeoJSON. Images are compressed already; a smaller body than this gains nothing.
COMPRESSED_TYPES = {"text/html", "text/css", "text/javascript", "application/javascript", "application/json",
                    "application/geo+json", "image/svg+xml"}
COMPRESSED_FROM = 1024
COMPRESSED_UP_TO = 8_000_000
PACKED_FILES_KEPT = 64


def _compressed_text(app: Flask, blueprints: set[str]) -> None:
    """Pages and static files in gzip for browsers that take it: on a phone's connection the
    bytes of the HTML, the stylesheet and the scripts come before the first picture."""

    def worth_it(response) -> bool:
        asked = request.endpoint == "static" or request.blueprint in blueprints
        whole = not response.is_streamed or response.direct_passthrough  # a body at hand, or a file
        return (asked and request.method != "HEAD" and response.status_code == 200 and whole
                and "Content-Encoding" not in response.headers and response.mimetype in COMPRESSED_TYPES
                and "gzip" in request.headers.get("Accept-Encoding", "")
                and COMPRESSED_FROM <= (response.content_length or 0) <= COMPRESSED_UP_TO)

    # Each static file's gzip, by its ETag: the map's script alone takes tens of milliseconds to
    # compress, and every visitor asks for the same few files. They are a fixed set in a process
    # (a new release starts new processes), so nothing needs evicting; the bound is a safeguard.
    packed_files: dict[str, bytes] = {}

    def packed(response) -> bytes:
        etag = response.get_etag()[0] if request.endpoint == "static" else None
        body = packed_files.get(etag) if etag else None
        if body is None:
            body = gzip.compress(response.get_data(), compresslevel=6, mtime=0)
            if etag and len(packed_files) < PACKED_FILES_KEPT:
                packed_files[etag] = body
        return body

    @app.after_request
    def _gzip(response):
        if not worth_it(response):
            return response
        response.direct_passthrough = False
        response.set_data(packed(response))
        response.headers["Content-Encoding"] = "gzip"
        response.vary.add("Accept-Encoding")
        etag, weak = response.get_etag()
        if etag:  # another body than the file's own
            response.set_etag(f"{etag}-gzip", weak)
        return response


def register_pages(app: Flask) -> None:
    from exhibitions.pages.accounts import accounts
    from exhibitions.pages.admin import admin
    from exhibitions.pages.contribute import contribute
    from exhibitions.pages.crawlers import crawlers
    from exhibitions.pages.curate import curate
    from exhibitions.pages.embed import embed
    from exhibitions.pages.explore import explore
    from exhibitions.pages.public import public

    page_blueprints = {bp.name for bp in (public, explore, accounts, curate, contribute, embed, admin)}
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    csrf.init_app(app)
    for blueprint in (public, explore, accounts, curate, contribute, crawlers, embed, admin):
        app.register_blueprint(blueprint)

    @app.before_request
    def _csrf_check():
        """Forms of the pages always carry the token. The JSON API authenticates with bearer
        tokens and is exempt, except a write that would be authenticated by the login cookie."""
        if request.method not in UNSAFE_METHODS:
            return
        if request.blueprint in page_blueprints:
            csrf.protect()
        elif "Authorization" not in request.headers and session.get("account_id"):
            csrf.protect()

    @app.after_request
    def _page_headers(response):
        if request.blueprint in page_blueprints:
            # A page is written in the reader's language: from the browser or the language switch.
            response.vary.update(("Accept-Language", "Cookie"))
            policy = RELAXED_STYLES if g.get("relaxed_styles") else CONTENT_SECURITY_POLICY
            if g.get("embeddable"):
                policy = EMBEDDABLE
            else:
                # For browsers that predate frame-ancestors.
                response.headers.setdefault("X-Frame-Options", "DENY")
            response.headers.setdefault("Content-Security-Policy", policy)
            response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        return response

    @app.errorhandler(CSRFError)
    def _csrf_refused(error: CSRFError):
        if request.blueprint in page_blueprints:
            return render_template("error.html", title=word("error.title"),
                                   message=word("form.csrf")), 400
        return problem_response(400, f"The CSRF token is missing or wrong: {error.description}")

    @app.errorhandler(404)
    def _unknown_address(error):
        """An address nothing answers: a page for a reader's browser, problem JSON for programs."""
        machine = request.path.startswith(("/api/", "/iiif/"))
        if not machine and request.accept_mimetypes.accept_html:
            return render_template("notfound.html", message=word("notfound.text")), 404
        return problem_response(404, error.description)

    _versioned_static_files(app)
    _compressed_text(app, page_blueprints)
    app.add_template_filter(rich_text)
    app.add_template_filter(highlight)
    app.add_template_filter(number)
    app.add_template_filter(long_date)
    app.add_template_filter(date_time)

    # Globals, not a context processor: imported macros see them too.
    app.jinja_env.globals.update(t=word, ui_language=interface_language, ui_direction=interface_direction,
                                 script_words=script_words, country_name=country_name, pick=pick, viewer=current_viewer,
                                 iiif_size=iiif_size, site_languages=words.language_names,
                                 page_address=page_address, date_text=date_text, place_text=place_text,
                                 terms_text=terms_text, text_direction=direction, picture=picture,
                                 language_label=language_label)
