"""The running platform's collaborators (database, image store, search backend), one per app."""

from __future__ import annotations

from flask import current_app, g, request
from sqlalchemy.orm import Session

from exhibitions.db import Database
from exhibitions.settings import Settings
from iiif.image.store import ImageStore


class Platform:
    def __init__(self, settings: Settings):
        self.settings = settings
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.db = Database(settings.sqlalchemy_url)
        self.images = ImageStore(settings.image_dir, max_pixels=settings.max_image_pixels,
                                 tile_size=settings.tile_size, cache_bytes=settings.image_cache_bytes)
        self.search = None

    def deliver_outbox(self) -> None:
        """Pass pending changes to the search index now; what fails stays for `search sync`."""
        if self.search is None:
            return


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
