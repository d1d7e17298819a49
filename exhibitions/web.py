"""The platform as the HTTP layer reaches it: from Flask's app and request globals. Only modules
of the HTTP layer (blueprints, pages, commands) import this; services are handed what they need."""

from __future__ import annotations

from flask import current_app, g, request
from sqlalchemy.orm import Session

from exhibitions.platform import Platform


def current_platform() -> Platform:
    return current_app.extensions["caravanserai"]


def base_url() -> str:
    """The public base of absolute URLs: PUBLIC_URL when set, else the request's own host."""
    return current_platform().settings.public_url.rstrip("/") or request.host_url.rstrip("/")


def db_session() -> Session:
    """The request's database session, opened on first use and closed when the request ends."""
    if "db_session" not in g:
        g.db_session = current_platform().db.sessions()
    return g.db_session


def close_db_session(_error=None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
