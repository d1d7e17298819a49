"""Rights URIs as IIIF accepts them: Creative Commons or RightsStatements.org, written http://."""

from __future__ import annotations

import re

_SEGMENTS = r"(?:/[A-Za-z0-9\-]+(?:\.[0-9]+)*)+/?"
_RIGHTS = re.compile(
    r"^https?://(?P<rest>(?:creativecommons\.org/(?:licenses|publicdomain)"
    r"|rightsstatements\.org/vocab)" + _SEGMENTS + ")$"
)


def normalize_rights(uri: str) -> str | None:
    """The canonical form of a rights URI (the http:// that IIIF requires), or None if the URI
    is not one of Creative Commons or RightsStatements.org."""
    match = _RIGHTS.match(uri.strip())
    if not match:
        return None
    rest = match.group("rest")
    return "http://" + (rest if rest.endswith("/") else rest + "/")
