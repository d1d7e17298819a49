"""IIIF import: fetch a museum's Presentation 2.1 or 3.0 manifest safely and read it into our object metadata.

`fetch_document` (a manifest or collection) and `fetch_image` (a manifest's static image) are
the only parts that touch the network, both through one guarded GET. It follows at most a few redirects,
checking each hop itself; it refuses hosts that resolve to private, loopback, link-local or
reserved addresses unless allowed (and checks the address it actually connected to, so a name
that resolves differently the second time gains nothing); it stops at a size and a time limit.
`parse_manifest` is pure.

Errors are `HarvestError(status, message)`, the status being the answer the API gives:
422 the URL is not http(s), has no host, points to a refused address, or the document is not a
    IIIF manifest (not JSON, another IIIF type, no label);
413 the document is larger than the limit;
502 the server is unreachable, answers with an error status or redirects too often;
504 the server did not answer in time.
"""

from __future__ import annotations

import ipaddress
import json
import re
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import HTTPError, ReadTimeoutError

from iiif.rights import normalize_rights
from iiif.source import painted_bodies, plain_text, read_source

ACCEPT = (
    'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json", '
    'application/ld+json;profile="http://iiif.io/api/presentation/2/context.json";q=0.9, '
    "application/ld+json;q=0.8, application/json;q=0.8, */*;q=0.1"
)
USER_AGENT = "Caravanserai-IIIF-import/1"
REDIRECTS = (301, 302, 303, 307, 308)
CHUNK = 64 * 1024


class HarvestError(Exception):
    """A manifest could not be imported; `status` is the HTTP status the API answers with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class _RefusedAddress(Exception):
    """Raised inside a connection that reached an address the policy refuses."""


def refused_reason(address: str) -> str | None:
    """Why an IP address may not be fetched from (private, loopback...), or None when it may."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for reason, flag in (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("private", ip.is_private),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("not globally reachable", not ip.is_global),
    ):
        if flag:
            return reason
    return None


def _check_peer(sock: socket.socket) -> None:
    address = sock.getpeername()[0]
    reason = refused_reason(address)
    if reason:
        sock.close()
        raise _RefusedAddress(f"{address} is a {reason} address")


class _GuardedHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _check_peer(sock)
        return sock


class _GuardedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _check_peer(sock)
        return sock


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


class _PublicOnlyAdapter(HTTPAdapter):
    """An adapter whose connections refuse any peer that is not a public address."""

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _GuardedHTTPPool, "https": _GuardedHTTPSPool}


def _check_url(url: str, allow_private: bool) -> None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise HarvestError(422, f"{url!r} is not a valid URL: {error}") from None
    if parts.scheme not in ("http", "https"):
        raise HarvestError(422, f"only http and https URLs can be imported, not {parts.scheme or 'a relative'!r} URL")
    if not parts.hostname:
        raise HarvestError(422, f"{url!r} has no host")
    if allow_private:
        return
    try:
        default_port = 443 if parts.scheme == "https" else 80
        infos = socket.getaddrinfo(parts.hostname, port or default_port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise HarvestError(502, f"the host {parts.hostname} could not be resolved") from None
    for info in infos:
        reason = refused_reason(info[4][0])
        if reason:
            raise HarvestError(
                422, f"{parts.hostname} resolves to {info[4][0]}, a {reason} address, which imports may not reach"
            )


def _session(allow_private: bool) -> requests.Session:
    session = requests.Session()
    # No proxies or credentials from the environment: the request goes where the URL says.
    session.trust_env = False
    if not allow_private:
        adapter = _PublicOnlyAdapter(max_retries=0)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
    return session


def _remaining(deadline: float, url: str) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise HarvestError(504, f"{url} did not answer within the time limit")
    return left


@dataclass(frozen=True)
class Fetched:
    """A fetched IIIF document, or `None` when the server said it has not changed (304), with the
    validators to send next time."""

    document: dict[str, Any] | None
    etag: str | None = None
    last_modified: str | None = None


MANIFEST_TYPES = ("Manifest", "sc:Manifest")
COLLECTION_TYPES = ("Collection", "sc:Collection")


def _get(url: str, headers: dict[str, str], *, allow_private: bool, timeout: float, max_bytes: int,
         max_redirects: int, what: str, sink: BinaryIO | None = None) -> tuple[int, Mapping[str, str], bytes]:
    """(200, or 304 to a conditional request; the answer's headers; its body, or b"" when it was
    written to `sink`) of a GET of `url`, every redirect checked as the first URL is; `what`
    names the body in errors ("document")."""
    conditional = "If-None-Match" in headers or "If-Modified-Since" in headers
    deadline = time.monotonic() + timeout
    current = url
    with _session(allow_private) as session:
        for _ in range(max_redirects + 1):
            _check_url(current, allow_private)
            left = _remaining(deadline, current)
            try:
                response = session.get(current, headers=headers, stream=True, allow_redirects=False,
                                       timeout=(left, left))
            except _RefusedAddress as error:
                raise HarvestError(422, f"{current} was refused: {error}") from None
            except requests.Timeout:
                raise HarvestError(504, f"{current} did not answer within {timeout:g} s") from None
            except requests.RequestException as error:
                raise HarvestError(502, f"{current} could not be reached ({type(error).__name__})") from None
            with response:
                if response.status_code in REDIRECTS and response.headers.get("Location"):
                    current = urljoin(current, response.headers["Location"])
                    continue
                if response.status_code == 304 and conditional:
                    return 304, response.headers, b""
                if response.status_code != 200:
                    answer = f"{response.status_code} {response.reason or ''}".rstrip()
                    raise HarvestError(502, f"{current} answered {answer}")
                return 200, response.headers, _read_limited(response, current, deadline, timeout, max_bytes, what, sink)
    raise HarvestError(502, f"{url} redirected more than {max_redirects} times")


def fetch_document(
    url: str,
    kinds: tuple[str, ...] = MANIFEST_TYPES,
    allow_private: bool = False,
    timeout: float = 10.0,
    max_bytes: int = 5 * 1024 * 1024,
    max_redirects: int = 3,
    etag: str | None = None,
    last_modified: str | None = None,
) -> Fetched:
    """The JSON document at `url`, which must be of one of the IIIF `kinds` (types of 2.1 or 3.0).
    With `etag` or `last_modified` the request is conditional, and a 304 gives `Fetched(None)`.

    `timeout` bounds the whole exchange, redirects included. Raises HarvestError (see the module's
    description)."""
    headers = {"Accept": ACCEPT, "User-Agent": USER_AGENT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    status, answered, body = _get(url, headers, allow_private=allow_private, timeout=timeout, max_bytes=max_bytes,
                                  max_redirects=max_redirects, what="document")
    validators = {"etag": answered.get("ETag"), "last_modified": answered.get("Last-Modified")}
    if status == 304:
        return Fetched(None, validators["etag"] or etag, validators["last_modified"] or last_modified)
    return Fetched(_iiif_json(body, url, kinds), **validators)


def fetch_image(url: str, sink: BinaryIO, *, allow_private: bool = False, timeout: float = 60.0,
                max_bytes: int = 200 * 1024 * 1024, max_redirects: int = 3) -> None:
    """Write into `sink` the bytes of a static image a manifest paints (one without an Image API
    service), fetched under the same rules as a manifest (a file, not memory, holds what may be
    hundreds of megabytes): what they are is for the image store to check."""
    headers = {"Accept": "image/*;q=0.9, */*;q=0.1", "User-Agent": USER_AGENT}
    _get(url, headers, allow_private=allow_private, timeout=timeout, max_bytes=max_bytes,
         max_redirects=max_redirects, what="image", sink=sink)


def fetch_manifest(url: str, **limits: Any) -> dict[str, Any]:
    """The JSON document of the IIIF manifest at `url` (Presentation 2.1 or 3.0); `limits` as
    fetch_document's."""
    return fetch_document(url, MANIFEST_TYPES, **limits).document


def _read_limited(response: requests.Response, url: str, deadline: float, timeout: float, max_bytes: int,
                  what: str, sink: BinaryIO | None = None) -> bytes:
    """The body, read a chunk at a time with the socket's timeout cut to the time left, so that a
    server trickling bytes is stopped at the deadline; decoded size counts (no compression bomb)."""
    declared = response.headers.get("Content-Length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > max_bytes:
        raise HarvestError(413, f"{url} is {int(declared)} bytes, more than the limit of {max_bytes}")
    late = HarvestError(504, f"{url} did not send its {what} within {timeout:g} s")
    chunks, size = [], 0
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise late
            sock = getattr(response.raw.connection, "sock", None)
            if sock is not None:
                sock.settimeout(left)
            chunk = response.raw.read1(CHUNK, decode_content=True)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise HarvestError(413, f"{url} is larger than the limit of {max_bytes} bytes")
            if sink is None:
                chunks.append(chunk)
            else:
                sink.write(chunk)
    except (TimeoutError, ReadTimeoutError):
        raise late from None
    except (HTTPError, OSError):
        raise HarvestError(502, f"{url} broke off while sending its {what}") from None
    return b"".join(chunks)


def _iiif_json(body: bytes, url: str, kinds: tuple[str, ...]) -> dict[str, Any]:
    wanted = "IIIF manifest" if kinds == MANIFEST_TYPES else "IIIF manifest or collection"
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise HarvestError(422, f"{url} is not JSON, so not a {wanted}") from None
    if not isinstance(document, dict):
        raise HarvestError(422, f"{url} is not a {wanted} (a JSON object is expected)")
    kind = document.get("type") or document.get("@type")
    if kind not in kinds:
        described = f"a {kind}" if isinstance(kind, str) else "a document without a type"
        raise HarvestError(422, f"{url} is {described}, not a {wanted}")
    return document


# --- Walking a collection -----------------------------------------------------------------------

def collection_members(document: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(manifest URLs, collection URLs) a 2.1 or 3.0 collection lists, in order; the pages of a
    paged 2.1 collection (`first`, `next`) count as collections to follow."""
    manifests: list[str] = []
    collections: list[str] = []
    members = (_list(document.get("items")) + _list(document.get("members")) + _list(document.get("manifests"))
               + _list(document.get("collections")))
    for member in members:
        ident = _ids(member)
        kind = (member.get("type") or member.get("@type")) if isinstance(member, dict) else None
        if not ident or not ident[0].startswith(("http://", "https://")):
            continue
        if kind in MANIFEST_TYPES:
            manifests.append(ident[0])
        elif kind in COLLECTION_TYPES:
            collections.append(ident[0])
    for paging in ("first", "next"):
        collections += [page for page in _ids(document.get(paging)) if page.startswith(("http://", "https://"))]
    return manifests, collections


def walk_source(url: str, fetch: Any, max_manifests: int = 10_000, max_documents: int = 1_000) -> list[str]:
    """The manifests of a source: the manifest at `url` itself, or every manifest the collection at
    `url` lists, nested and paged collections followed depth first, each document fetched once (so
    a loop ends), each manifest listed once, in order. `fetch(url)` gives a manifest or collection
    document. Raises HarvestError(422) past `max_manifests` manifests or `max_documents`
    collection documents, and whatever `fetch` raises."""
    manifests: list[str] = []
    seen_manifests: set[str] = set()
    visited: set[str] = set()
    pending = [url]
    while pending:
        current = pending.pop()
        if current in visited:
            continue
        visited.add(current)
        if len(visited) > max_documents:
            raise HarvestError(422, f"the source has more than {max_documents} collection documents")
        document = fetch(current)
        if (document.get("type") or document.get("@type")) in MANIFEST_TYPES:
            found, nested = [current], []
        else:
            found, nested = collection_members(document)
        for manifest in found:
            if manifest not in seen_manifests:
                seen_manifests.add(manifest)
                manifests.append(manifest)
        if len(manifests) > max_manifests:
            raise HarvestError(422, f"the source lists more than {max_manifests} manifests")
        pending += reversed(nested)
    return manifests


# --- Reading a manifest -------------------------------------------------------------------------

_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]+)*$")

# English metadata labels that museums commonly use, mapped to our fields.
_FIELDS = {
    "creator": "creator", "artist": "creator", "author": "creator", "maker": "creator",
    "culture": "culture", "period": "culture",
    "object type": "object_type", "type": "object_type", "classification": "object_type",
    "object name": "object_type",
    "material": "materials", "materials": "materials", "medium": "materials",
    "technique": "techniques", "techniques": "techniques",
    "dimensions": "dimensions", "measurements": "dimensions",
    "subject": "keywords", "subjects": "keywords", "keywords": "keywords",
    "accession number": "accession", "accession": "accession", "object number": "accession",
    "inventory number": "accession", "identifier": "accession",
    "credit line": "credit_line",
}
_TERM_LIMIT = 100


def _language_map(value: Any) -> dict[str, list[str]] | None:
    """A language map from a 3.0 language map or a 2.1 value (string, {"@value", "@language"},
    or a list of those)."""
    result: dict[str, list[str]] = {}

    def add(language: Any, text: Any) -> None:
        text = plain_text(text) if text is not None else ""
        if text:
            key = "none"
            if isinstance(language, str) and _LANGUAGE.match(language):
                primary, _, rest = language.partition("-")
                key = primary.lower() + (f"-{rest}" if rest else "")
            result.setdefault(key, []).append(text)

    if isinstance(value, dict) and "@value" not in value:
        for language, texts in value.items():
            for text in texts if isinstance(texts, list) else [texts]:
                add(language, text)
    else:
        for part in value if isinstance(value, list) else [value]:
            if isinstance(part, dict):
                add(part.get("@language"), part.get("@value"))
            elif isinstance(part, (str, int, float)):
                add(None, part)
    return result or None


def _texts(value: Any) -> list[str]:
    return [text for texts in (_language_map(value) or {}).values() for text in texts]


def _ids(value: Any) -> list[str]:
    """The URLs of a property that may be a string, an object with id/@id, or a list of those."""
    found = []
    for part in value if isinstance(value, list) else [value]:
        if isinstance(part, str):
            found.append(part)
        elif isinstance(part, dict):
            ident = part.get("id") or part.get("@id")
            if isinstance(ident, str):
                found.append(ident)
    return found


def _version(document: dict[str, Any]) -> int:
    contexts = document.get("@context")
    contexts = contexts if isinstance(contexts, list) else [contexts]
    for context in contexts:
        if isinstance(context, str) and "presentation/3" in context:
            return 3
        if isinstance(context, str) and "presentation/2" in context:
            return 2
    return 2 if document.get("@type") == "sc:Manifest" else 3


def _list(value: Any) -> list:
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def _service_of(service: Any) -> tuple[str, str, str | None] | None:
    """(URL, type, profile) of an Image API service of version 3, 2 or 1.1, else None."""
    if not isinstance(service, dict):
        return None
    ident = service.get("id") or service.get("@id")
    kind = service.get("type") or service.get("@type") or ""
    contexts = " ".join(c for c in _list(service.get("@context")) if isinstance(c, str))
    profiles = [p for p in _list(service.get("profile")) if isinstance(p, str)]
    profile = profiles[0] if profiles else None
    if kind == "ImageService3" or "image/3" in contexts:
        service_type = "ImageService3"
    elif kind == "ImageService2" or "image/2" in contexts or "image/2" in (profile or ""):
        service_type = "ImageService2"
    elif kind == "ImageService1" or "image-api/1.1" in contexts or "image-api/1.1" in (profile or ""):
        service_type = "ImageService1"
    else:
        return None
    if not isinstance(ident, str) or not ident.startswith(("http://", "https://")):
        return None
    return ident.removesuffix("/info.json").rstrip("/"), service_type, profile


def _images_of(body: Any, canvas: dict[str, Any], alone: bool) -> tuple[list[dict[str, Any]], list[str]]:
    """The images a painting body shows (a Choice's every option, a SpecificResource's source):
    with an Image API service, or static ones (`"static"`: the URL of the image file itself); and
    the kinds of what it shows that is neither ("image" without a URL, "Sound", "Model"...)."""
    if not isinstance(body, dict):
        return [], []
    if body.get("type") == "Choice":
        images, others = [], []
        for option in _list(body.get("items")):
            found, kinds = _images_of(option, canvas, alone)
            images += found
            others += kinds
        return images, others
    if body.get("type") == "SpecificResource":
        return _images_of(body.get("source"), canvas, alone)
    kind = body.get("type") or "resource"
    if kind != "Image":
        return [], [kind]
    # A canvas painted with one image gives it its size when the image does not say.
    width = body.get("width") or (canvas.get("width") if alone else None)
    height = body.get("height") or (canvas.get("height") if alone else None)
    size = {"width": width if isinstance(width, int) and width > 0 else None,
            "height": height if isinstance(height, int) and height > 0 else None}
    for service in _list(body.get("service")):
        found = _service_of(service)
        if found:
            return [{"service": found[0], "service_type": found[1], "profile": found[2], **size}], []
    ident = _ids(body)
    if ident and ident[0].startswith(("http://", "https://")):
        return [{"static": ident[0], **size}], []
    return [], ["image"]


def _navdate_span(value: Any) -> dict[str, Any] | None:
    match = re.match(r"^(-?\d{4})-", value) if isinstance(value, str) else None
    if not match:
        return None
    year = int(match.group(1))
    return {"display": str(year), "start": year, "end": year}


def _navplace_place(value: Any) -> dict[str, Any] | None:
    """The first point of a navPlace as our place {label, lat, lon}: the feature's label, in every
    language it has, is the place's label (its `name` follows from it)."""
    for feature in _list(value.get("features") if isinstance(value, dict) else None):
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(geometry, dict) or geometry.get("type") != "Point":
            continue
        coordinates = geometry.get("coordinates")
        if (isinstance(coordinates, list) and len(coordinates) >= 2
                and all(isinstance(c, (int, float)) for c in coordinates[:2])
                and -180 <= coordinates[0] <= 180 and -90 <= coordinates[1] <= 90):
            place: dict[str, Any] = {"lon": coordinates[0], "lat": coordinates[1]}
            label = _language_map((feature.get("properties") or {}).get("label"))
            if label:
                # Within the API's bounds on a place's label, which the metadata is validated by.
                place["label"] = {language: [text[:200] for text in texts[:20]]
                                  for language, texts in list(label.items())[:50]}
            return place
    return None


def parse_manifest(document: dict[str, Any]) -> dict[str, Any]:
    """Read a Presentation 2.1 or 3.0 manifest into what an import needs:

    {"metadata": object metadata of our API (title, description, creator, culture, object_type,
                 materials, techniques, keywords, dimensions, rights, credit_line, homepage;
                 empty ones left out), ready for the API's validation,
     "accession": an identifier found in the metadata, or None,
     "remote_images": [{"service", "service_type", "profile", "width", "height", "canvas"}] in canvas
                      order ("canvas": the position of the canvas that paints it),
     "static_images": [{"url", "canvas"}]: images without a service, to copy, in canvas order,
     "warnings": what could not be taken over, in words for the import report,
     "source": {"manifest": its id, "version": "2.1" | "3.0"},
     "kept": everything else it says, in 3.0 form (iiif.source.read_source)}

    Our date and place come from navDate and navPlace when the metadata gives none.
    Raises HarvestError(422) when the document is not a manifest, has no label, paints nothing or
    paints a 3D model."""
    kind = (document.get("type") or document.get("@type")) if isinstance(document, dict) else None
    if kind not in ("Manifest", "sc:Manifest"):
        raise HarvestError(422, "the document is not a IIIF manifest")
    version = _version(document)
    warnings: list[str] = []
    title = _language_map(document.get("label"))
    if not title:
        raise HarvestError(422, "the manifest has no label, so the object would have no title")
    metadata: dict[str, Any] = {"title": title}
    description = _language_map(document.get("summary") if version == 3 else document.get("description"))
    if description:
        metadata["description"] = description

    accession = None
    for pair in _list(document.get("metadata")):
        if not isinstance(pair, dict):
            continue
        labels = {text.lower().rstrip(":").strip() for text in _texts(pair.get("label"))}
        field = next((_FIELDS[label] for label in sorted(labels) if label in _FIELDS), None)
        value = _language_map(pair.get("value"))
        if not field or not value or field in metadata:
            continue
        if field in ("creator", "culture", "credit_line"):
            metadata[field] = value
        elif field == "accession":
            accession = accession or _texts(value)[0]
        elif field in ("materials", "techniques", "keywords"):
            terms = [term.strip() for text in _texts(value) for term in text.split(";")]
            metadata[field] = [term for term in terms if term and len(term) <= _TERM_LIMIT]
        elif field == "object_type":
            metadata[field] = _texts(value)[0][:_TERM_LIMIT]
        elif field == "dimensions":
            metadata[field] = "; ".join(_texts(value))

    rights_uris = _ids(document.get("rights")) if version == 3 else _ids(document.get("license"))
    for uri in rights_uris:
        canonical = normalize_rights(uri)
        if canonical:
            metadata["rights"] = canonical
            break
    else:
        # No rights is allowed (rights are optional in IIIF); the importer decides what to keep.
        if rights_uris:
            warnings.append(
                f"the manifest's {'rights' if version == 3 else 'license'} {rights_uris[0]} is not a Creative "
                "Commons or RightsStatements.org URI; give the object's rights with the import"
            )

    credit = (
        _language_map((document.get("requiredStatement") or {}).get("value"))
        if version == 3 and isinstance(document.get("requiredStatement"), dict)
        else _language_map(document.get("attribution")) if version == 2 else None
    )
    if credit:
        metadata["credit_line"] = credit
    homepages = _ids(document.get("homepage")) if version == 3 else _ids(document.get("related"))
    homepages = [page for page in homepages if page.startswith(("http://", "https://"))]
    if homepages:
        metadata["homepage"] = homepages[0]

    for name, value in (("date", _navdate_span(document.get("navDate"))),
                        ("place", _navplace_place(document.get("navPlace")) if version == 3 else None)):
        if value and name not in metadata:
            metadata[name] = value

    source = read_source(document, version)
    remote_images, static_images, seen = [], [], set()
    for position, canvas in enumerate(source["canvases"], start=1):
        bodies = painted_bodies(canvas)
        for _, body in bodies:
            images, others = _images_of(body, canvas, alone=len(bodies) == 1)
            if "Model" in others:
                raise HarvestError(422, f"canvas {position} paints a 3D model, which the platform cannot show")
            for kind in others:
                what = ("an image without an IIIF Image API service or a URL" if kind == "image"
                        else f"a {kind}, which objects here do not hold yet")
                warnings.append(f"canvas {position} shows {what}: it is kept as a reference to the museum's "
                                "server, not copied")
            for image in images:
                if "static" in image:
                    # Its size is read from the file when it is copied.
                    if image["static"] not in seen:
                        seen.add(image["static"])
                        static_images.append({"url": image["static"], "canvas": position})
                elif image["width"] is None or image["height"] is None:
                    warnings.append(f"an image of canvas {position} has no size: it is shown in the manifest "
                                    "but not listed among the object's images")
                elif image["service"] not in seen:
                    seen.add(image["service"])
                    remote_images.append({**image, "canvas": position})
    if not any(painted_bodies(canvas) for canvas in source["canvases"]):
        raise HarvestError(422, "the manifest's canvases show nothing (no painting annotation), so the "
                                "object would be empty")

    return {
        "metadata": metadata,
        "accession": accession,
        "remote_images": remote_images,
        "static_images": static_images,
        "warnings": warnings,
        "source": {
            "manifest": next(iter(_ids(document.get("id") or document.get("@id"))), None),
            "version": "3.0" if version == 3 else "2.1",
        },
        "kept": source,
    }
