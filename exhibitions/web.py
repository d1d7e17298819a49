"""The platform as the HTTP layer reaches it: from Flask's app and request globals. Only modules
of the HTTP layer (blueprints, pages, commands) import this; services are handed what they need."""

from __future__ import annotations

from functools import lru_cache

from flask import Response, current_app, g, request
from sqlalchemy.orm import Session
from werkzeug.sansio.utils import get_current_url

from exhibitions.platform import Platform


def current_platform() -> Platform:
    return current_app.extensions["caravanserai"]


def base_url() -> str:
    """The public base of absolute URLs: PUBLIC_URL when set, else the request's own host."""
    return current_platform().settings.public_url.rstrip("/") or _origin(request.scheme, request.host)


@lru_cache(maxsize=64)
def _origin(scheme: str, host: str) -> str:
    """request.host_url without its slash, worked out once per scheme and host: werkzeug builds
    it anew for every request, through a URL parse (a tenth of a search answer's own Python)."""
    return get_current_url(scheme, host).rstrip("/")


def db_session() -> Session:
    """The request's database session, opened on first use and closed when the request ends."""
    if "db_session" not in g:
        g.db_session = current_platform().db.sessions()
    return g.db_session


def close_db_session(_error=None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


class WholeBodyResponse(Response):
    """Flask's answer, handed to the WSGI server as one bytes object when its body is already in
    memory. Werkzeug hands every body over as a generator, and granian steps through a generator
    chunk by chunk, across its thread boundary, as it would a stream: about a fifth of a small API
    answer's time went there. Streams (exports, files, Range answers) still go as generators."""

    def get_app_iter(self, environ):
        status = self.status_code
        if (self.is_sequence and not self.direct_passthrough and not self._on_close
                and environ["REQUEST_METHOD"] != "HEAD" and not 100 <= status < 200 and status not in (204, 304)):
            return [self.get_data()]
        return super().get_app_iter(environ)
