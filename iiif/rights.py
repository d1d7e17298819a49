"""Rights URIs as IIIF accepts them: Creative Commons or RightsStatements.org, written http://.

Museums write the same licence many ways: https, `www.`, without the trailing slash, or the
address of a page about it (`.../deed.de`, `.../legalcode`, RightsStatements' `/page/...?language=`).
All of them name one licence, so all of them normalise to its canonical URI."""

from __future__ import annotations

import re

_VERSIONED = r"(?:/(?!deed\b|legalcode\b)[A-Za-z0-9\-]+(?:\.[0-9]+)*)+"
# A Creative Commons URI may end with the address of a deed or of the legal code, in a language.
_CC_PAGE = r"(?:/(?:deed|legalcode)(?:\.[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)?)?"
_RIGHTS = re.compile(
    r"^https?://(?:www\.)?(?:"
    r"creativecommons\.org/(?P<cc>(?:licenses|publicdomain)" + _VERSIONED + r")" + _CC_PAGE +
    r"|rightsstatements\.org/(?:vocab|page)/(?P<rs>[A-Za-z\-]+/[0-9]+\.[0-9]+)"
    r")/?(?:[?#].*)?$",
    re.IGNORECASE,
)


def normalize_rights(uri: str) -> str | None:
    """The canonical form of a rights URI (the http:// that IIIF requires), or None if the URI
    is not one of Creative Commons or RightsStatements.org."""
    match = _RIGHTS.match(uri.strip())
    if not match:
        return None
    if match.group("cc"):
        return f"http://creativecommons.org/{match.group('cc').lower()}/"
    return f"http://rightsstatements.org/vocab/{match.group('rs')}/"


# The rights under which anyone may reuse an object's record and images without asking: the
# public domain (CC0, the Public Domain Mark, RightsStatements' "No Copyright - United States")
# and the free Creative Commons licences (BY, BY-SA, any version). NoC-NC, NoC-CR and NoC-OKLR
# name restrictions of use, the NC and ND licences forbid some reuse, and "In Copyright" or
# "Copyright Not Evaluated" promise nothing: those objects go into the metadata-only files.
_OPEN = re.compile(
    r"^http://(?:creativecommons\.org/(?:publicdomain/(?:zero|mark)|licenses/(?:by|by-sa))/[0-9.]+/"
    r"|rightsstatements\.org/vocab/NoC-US/[0-9.]+/)$"
)


def open_for_reuse(uri: str | None) -> bool:
    """Whether the rights let anyone reuse the object freely (see _OPEN for which and why)."""
    normal = normalize_rights(uri or "")
    return bool(normal and _OPEN.match(normal))
