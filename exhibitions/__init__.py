"""Caravanserai's application: `create_app` assembles settings, database, IIIF, search and pages."""

from __future__ import annotations

import logging
import time
import uuid

from flask import Flask, g, request
from werkzeug.exceptions import ClientDisconnected, NotFound, RequestEntityTooLarge
from werkzeug.middleware.proxy_fix import ProxyFix

from exhibitions.settings import Settings

log = logging.getLogger("caravanserai.requests")


def create_app(settings: Settings | None = None) -> Flask:
    from exhibitions.accounts.auth import LoginSessions
    from exhibitions.accounts.staff_api import staff_api
    from exhibitions.api import api
    from exhibitions.curation.exhibitions_api import exhibitions_api, trash_api
    from exhibitions.iiif_routes import iiif_routes
    from exhibitions.json_provider import OrjsonProvider
    from exhibitions.objects.media_routes import media_routes
    from exhibitions.open_data import open_data
    from exhibitions.ops.cli import register_commands
    from exhibitions.pages import register_pages
    from exhibitions.pages.results_viewer import results_viewer
    from exhibitions.paging import PathNumber
    from exhibitions.platform import Platform
    from exhibitions.problems import register_error_handlers
    from exhibitions.search_api import search_api
    from exhibitions.tasks import TaskQueue
    from exhibitions.web import WholeBodyResponse, base_url, close_db_session
    from iiif.image.http import image_api_blueprint

    settings = settings or Settings.from_env()
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        # The Elasticsearch client logs every call at INFO; our own request line already says enough.
        logging.getLogger("elastic_transport").setLevel(logging.WARNING)
    app = Flask(__name__)
    app.response_class = WholeBodyResponse
    app.url_map.converters["number"] = PathNumber
    app.json = OrjsonProvider(app)
    app.session_interface = LoginSessions()
    if settings.trusted_proxies:
        # Behind a proxy: the client's address, the scheme and host the public used (so IIIF ids
        # and links are https on the public host when PUBLIC_URL is not set).
        proxies = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies,
                                x_prefix=proxies)
    app.config.update(
        SECRET_KEY=settings.session_secret(),
        MAX_CONTENT_LENGTH=settings.max_upload_bytes,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    platform = Platform(settings)
    tasks = TaskQueue(platform)
    app.extensions["caravanserai"] = platform

    register_error_handlers(app)
    app.teardown_appcontext(close_db_session)
    _log_requests(app)
    _refuse_impossible_names(app)
    _finish_answers(app)
    app.register_blueprint(api)
    app.register_blueprint(staff_api)
    app.register_blueprint(search_api)
    app.register_blueprint(open_data)
    app.register_blueprint(results_viewer)
    app.register_blueprint(exhibitions_api)
    app.register_blueprint(trash_api)
    app.register_blueprint(iiif_routes)
    app.register_blueprint(media_routes)
    app.register_blueprint(image_api_blueprint(lambda: platform.images, base_url, settings.accel_redirect_prefix,
                                               redirect_seconds=settings.storage_redirect_seconds))
    register_pages(app)
    register_commands(app)

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    @app.get("/readyz")
    def readyz():
        checks = {"database": platform.database_ready(), "search": platform.search_ready()}
        failed = [name for name, ready in checks.items() if not ready]
        body = {"status": "ready" if not failed else "unavailable", "checks": checks}
        return body, 503 if failed else 200

    if settings.sync_on_start and platform.database_current():
        # What a process that stopped between a commit and its follow-up left undone.
        tasks.deliver_outbox()
        platform.settle_images()
        platform.warn_if_index_outdated()
    if settings.tasks_in_web:
        # The consumers start with the first request, not here: commands create the app too,
        # and a task begun by a command that then exits would wait for its claim to expire.
        app.before_request(tasks.start)
    return app


def _finish_answers(app: Flask) -> None:
    """What every answer needs, whoever gave it: pages, the API, images and files alike."""

    @app.after_request
    def _no_sniffing(response):
        # Browsers take a file for what its type says (an image, JSON), never for a script or a page.
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    @app.after_request
    def _leave_no_body_unread(response):
        """An answer given before the body was read (a 401 to an upload, say) would leave the body
        on a kept-alive connection, where the server reads it as the next request, and so that
        request of the client's is lost. The body is read to its end first, up to the upload
        limit; a body over the limit is not read, and the connection closes instead."""
        if request.content_length or request.environ.get("wsgi.input_terminated"):
            try:
                while request.stream.read(64 * 1024):
                    pass
            except (RequestEntityTooLarge, ClientDisconnected):
                response.headers["Connection"] = "close"
        return response


def _refuse_impossible_names(app: Flask) -> None:
    """A path part holding a NUL character names nothing we store (PostgreSQL cannot even be
    asked about it): such a request is a 404 before any view or query sees it."""

    @app.url_value_preprocessor
    def _no_nul(endpoint, values):
        if values and any(isinstance(value, str) and "\x00" in value for value in values.values()):
            raise NotFound("No such resource: the address holds a NUL character.")


def _log_requests(app: Flask) -> None:
    """One log line per request with its status and duration; the id also goes in problem JSON."""

    @app.before_request
    def _start():
        g.request_id = request.headers.get("X-Request-Id") or uuid.uuid4().hex[:16]
        g.started = time.perf_counter()

    @app.after_request
    def _finish(response):
        elapsed = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
        response.headers["X-Request-Id"] = g.get("request_id", "")
        log.info("%s %s %s %.1fms id=%s", request.method, request.full_path.rstrip("?"),
                 response.status_code, elapsed, g.get("request_id"))
        return response
