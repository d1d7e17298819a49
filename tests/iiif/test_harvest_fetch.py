"""Fetching a manifest from a museum's server: fixture manifests served by a real HTTP server on
loopback, and every way the fetch must fail cleanly."""

import gzip
import json
import threading
from pathlib import Path

import pytest

from iiif.harvest import HarvestError, _session, fetch_manifest, parse_manifest, refused_reason
from tests.conftest import unused_port
from tests.museum_site import MuseumHandler, running

FIXTURES = Path(__file__).parent / "fixtures"
LIMIT = 64 * 1024
# The slow and the trickling server finish their document only once a test lets them: a fetch
# that answers before that cannot have waited for the document, however busy the machine is.
LET_FINISH = threading.Event()
# Bounds the servers' wait if a test fails before letting them finish.
LONGEST_WAIT_SECONDS = 120


class MuseumServer(MuseumHandler):
    """A museum's web server, with its good manifests and its misbehaviours, one per path."""

    def do_GET(self):
        path = self.path
        if path in ("/manifest-2.1.json", "/manifest-3.0.json", "/collection-3.0.json", "/not-a-manifest.html"):
            kind = "text/html" if path.endswith(".html") else "application/ld+json"
            self.send(200, (FIXTURES / path[1:]).read_bytes(), kind)
        elif path == "/moved":
            self.send(302, headers=[("Location", "/manifest-3.0.json")])
        elif path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            self.send(301, headers=[("Location", f"/hop/{left - 1}" if left else "/manifest-2.1.json")])
        elif path == "/to-ftp":
            self.send(302, headers=[("Location", "ftp://files.example/manifest.json")])
        elif path == "/missing":
            self.send(404, b"not found", "text/plain")
        elif path == "/broken":
            self.send(500, b"oops", "text/plain")
        elif path == "/slow":
            LET_FINISH.wait(LONGEST_WAIT_SECONDS)
            self.send(200, (FIXTURES / "manifest-3.0.json").read_bytes())
        elif path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.end_headers()
            while not LET_FINISH.wait(0.05):
                self.wfile.write(b" " * 10)
                self.wfile.flush()
        elif path == "/huge-declared":
            self.send_response(200)
            self.send_header("Content-Length", str(50 * LIMIT))
            self.end_headers()
            self.wfile.write(b"{")
        elif path == "/huge-streamed":
            # No Content-Length: the limit must hold while reading.
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.end_headers()
            self.wfile.write(b'{"label": "' + b"x" * (4 * LIMIT))
            self.wfile.write(b'"}')
        elif path == "/compressed-bomb":
            # A small download that inflates far past the limit.
            self.send(200, gzip.compress(b" " * (200 * LIMIT)), headers=[("Content-Encoding", "gzip")])
        elif path == "/compressed":
            self.send(200, gzip.compress((FIXTURES / "manifest-3.0.json").read_bytes()),
                      headers=[("Content-Encoding", "gzip")])
        else:
            self.send(404, b"", "text/plain")


@pytest.fixture(scope="module")
def museum():
    with running(MuseumServer) as server:
        yield f"http://127.0.0.1:{server.server_address[1]}"


def fetch(url, **limits):
    # Ten seconds: far beyond a loopback answer on a busy machine. The cases that time out set
    # their own short limit against a server that holds its answer until the test is over.
    options = {"allow_private": True, "timeout": 10.0, "max_bytes": LIMIT, **limits}
    return fetch_manifest(url, **options)


def refusal(url, **limits):
    with pytest.raises(HarvestError) as error:
        fetch(url, **limits)
    return error.value.status, error.value.message


@pytest.mark.parametrize("name, version", [("manifest-2.1.json", "2.1"), ("manifest-3.0.json", "3.0")])
def test_a_manifest_of_either_version_is_fetched_and_read(museum, name, version):
    document = fetch(f"{museum}/{name}")

    assert document == json.loads((FIXTURES / name).read_text())
    assert parse_manifest(document)["source"]["version"] == version


def test_a_compressed_manifest_is_decoded(museum):
    assert fetch(f"{museum}/compressed")["type"] == "Manifest"


def test_redirects_are_followed_up_to_the_limit(museum):
    assert fetch(f"{museum}/moved")["type"] == "Manifest"
    assert fetch(f"{museum}/hop/2", max_redirects=3)["@type"] == "sc:Manifest"


def test_too_many_redirects_are_a_bad_gateway(museum):
    status, message = refusal(f"{museum}/hop/5", max_redirects=3)
    assert (status, message) == (502, f"{museum}/hop/5 redirected more than 3 times")


def test_a_redirect_to_a_non_http_url_is_refused(museum):
    status, message = refusal(f"{museum}/to-ftp")
    assert status == 422
    assert "only http and https" in message


@pytest.mark.parametrize("url", ["ftp://museum.example/manifest.json", "file:///etc/passwd", "manifest.json",
                                 "javascript:alert(1)", "http://"])
def test_urls_that_are_not_http_or_https_are_refused_before_any_request(url):
    status, message = refusal(url)
    assert status == 422
    assert "only http and https" in message or "has no host" in message


@pytest.mark.parametrize("path, expected", [("/missing", "answered 404"), ("/broken", "answered 500")])
def test_an_error_status_is_a_bad_gateway(museum, path, expected):
    status, message = refusal(f"{museum}{path}")
    assert status == 502
    assert expected in message


def test_an_unreachable_server_is_a_bad_gateway():
    status, message = refusal(f"http://127.0.0.1:{unused_port()}/manifest.json")
    assert status == 502
    assert "could not be reached" in message


@pytest.fixture
def held_documents():
    """The slow and trickling documents stay unfinished until the test is over."""
    LET_FINISH.clear()
    yield
    LET_FINISH.set()


def test_a_server_that_does_not_answer_in_time_is_a_gateway_timeout(museum, held_documents):
    status, message = refusal(f"{museum}/slow", timeout=0.3)
    assert status == 504


def test_a_server_that_trickles_its_document_is_stopped_at_the_time_limit(museum, held_documents):
    status, _ = refusal(f"{museum}/trickle", timeout=0.5)
    assert status == 504


@pytest.mark.parametrize("path", ["/huge-declared", "/huge-streamed", "/compressed-bomb"])
def test_a_document_over_the_size_limit_is_refused(museum, path):
    status, message = refusal(f"{museum}{path}")
    assert status == 413
    assert str(LIMIT) in message


@pytest.mark.parametrize("path, expected", [
    ("/not-a-manifest.html", "is not JSON"),
    ("/collection-3.0.json", "is a Collection, not a IIIF manifest"),
])
def test_documents_that_are_not_manifests_are_refused(museum, path, expected):
    status, message = refusal(f"{museum}{path}")
    assert status == 422
    assert expected in message


def test_loopback_is_refused_unless_private_addresses_are_allowed(museum):
    status, message = refusal(f"{museum}/manifest-3.0.json", allow_private=False)
    assert status == 422
    assert "127.0.0.1, a loopback address" in message


def test_a_name_that_resolves_to_loopback_is_refused():
    status, message = refusal("http://localhost:9/manifest.json", allow_private=False)
    assert status == 422
    assert "loopback address" in message


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_the_connection_itself_refuses_a_private_peer(museum, scheme):
    # The check on the address actually connected to, which stops a name that resolved to a public
    # address for the first check and to a private one for the connection (before any TLS or request).
    url = f"{museum}/manifest-3.0.json".replace("http", scheme, 1)
    with _session(allow_private=False) as session, pytest.raises(Exception, match="loopback address"):
        session.get(url, timeout=1)


@pytest.mark.parametrize("address, reason", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.1", "private"),
    ("172.16.5.4", "private"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("::ffff:127.0.0.1", "loopback"), ("0.0.0.0", "unspecified"), ("100.64.0.1", "not globally reachable"),
    ("224.0.0.1", "multicast"), ("8.8.8.8", None), ("2606:4700:4700::1111", None),
])
def test_which_addresses_are_refused(address, reason):
    assert refused_reason(address) == reason
