"""Sharing a detail and embedding a viewer, through the Flask test client: an object page given a
IIIF Content State opens on its region and previews it in link cards; a broken or foreign one
still opens the object, with a note; the embed pages may be framed by any site and set no
cookie, while every other page still refuses to be framed."""

from __future__ import annotations

import html as html_module
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from iiif.content_state import ContentState, decode, encode
from tests.pages.conftest import CURATOR, DEMO_EXHIBITION, log_in
from tests.pages.test_pages import create_exhibition, curator_client, demo_object_id


def meta(html: str, name: str) -> str | None:
    match = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', html)
    return html_module.unescape(match.group(1)) if match else None


@pytest.fixture
def jar(client, demo_app):
    """The demo jar's record as the API gives it (images with their services and sizes)."""
    return client.get(f"/api/v1/objects/{demo_object_id(demo_app, 'NMC-2021-001')}").get_json()


def canvas(record, position=1):
    return record["manifest"].removesuffix("/manifest") + f"/canvas/{position}"


def test_a_shared_detail_is_the_link_previews_image_and_the_first_image_of_the_page(client, jar):
    image = jar["images"][0]
    region = (image["width"] // 4, image["height"] // 4, image["width"] // 2, image["height"] // 2)
    state = encode(ContentState(jar["manifest"], canvas(jar), region))
    html = client.get(f"/objects/{jar['id']}?iiif-content={state}").get_data(as_text=True)

    crop = f"{image['service']}/{','.join(map(str, region))}/{min(region[2], 1200)},/0/default.jpg"
    assert meta(html, "og:image") == crop
    assert meta(html, "twitter:image") == crop
    assert meta(html, "og:title") == jar["title"]["en"][0]
    assert meta(html, "og:url").endswith(f"/objects/{jar['id']}?iiif-content={state}")
    # Search engines still know the one address of the object.
    assert f'<link rel="canonical" href="http://localhost/objects/{jar["id"]}">' in html
    # The viewer is told where to open, and the still image is the region already.
    assert f'data-region="{",".join(map(str, region))}"' in html
    still = re.search(r'<img src="([^"]+)"[^>]*class="zoom-still"', html).group(1)
    assert f"/{','.join(map(str, region))}/" in still
    assert "quiet-note" not in html


def test_without_a_detail_the_whole_image_is_previewed(client, jar):
    html = client.get(f"/objects/{jar['id']}").get_data(as_text=True)
    assert meta(html, "og:image").startswith(f"{jar['images'][0]['service']}/full/")
    assert meta(html, "og:url") == f"http://localhost/objects/{jar['id']}"


@pytest.mark.parametrize("value", [
    "%%%not-base64%%%",
    "eyJub3QiOiAianNvbg",  # '{"not": "json' cut short
    encode(ContentState("https://elsewhere.example/iiif/manifest", "https://elsewhere.example/canvas/1", (0, 0, 9, 9))),
])
def test_a_broken_or_foreign_detail_opens_the_whole_object_with_a_note(client, jar, value):
    answer = client.get(f"/objects/{jar['id']}", query_string={"iiif-content": value})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert 'class="quiet-note"' in html
    assert "data-region" not in html
    assert meta(html, "og:image").startswith(f"{jar['images'][0]['service']}/full/")


def test_a_detail_outside_the_image_opens_the_whole_object_with_a_note(client, jar):
    image = jar["images"][0]
    state = encode(ContentState(jar["manifest"], canvas(jar), (image["width"] - 1, 0, 50, 50)))
    html = client.get(f"/objects/{jar['id']}?iiif-content={state}").get_data(as_text=True)
    assert "could not be read" in html and "data-region" not in html


def test_another_objects_detail_is_not_shown_on_this_one(client, demo_app, jar):
    plate = client.get(f"/api/v1/objects/{demo_object_id(demo_app, 'RPM-P-211')}").get_json()
    state = encode(ContentState(plate["manifest"], canvas(plate), (0, 0, 10, 10)))
    html = client.get(f"/objects/{jar['id']}?iiif-content={state}").get_data(as_text=True)
    assert "belongs to another object" in html and "data-region" not in html


def test_the_story_offers_each_items_detail_as_a_content_state_of_its_object(client):
    html = client.get(f"/exhibitions/{DEMO_EXHIBITION}").get_data(as_text=True)
    links = re.findall(r'<input id="share-[^"]+" class="address" value="([^"]+)"', html)
    assert len(links) >= 3
    for link in links:
        address = urlsplit(html_module.unescape(link))
        state = decode(parse_qs(address.query)["iiif-content"][0])
        object_id = address.path.removeprefix("/objects/")
        assert state.manifest == f"http://localhost/iiif/3/objects/{object_id}/manifest"
        assert state.canvas.startswith(f"http://localhost/iiif/3/objects/{object_id}/canvas/")
        # Each link opens its object on its region without a note.
        page = client.get(f"{address.path}?{address.query}").get_data(as_text=True)
        assert "quiet-note" not in page


def test_the_object_and_exhibition_pages_give_an_iframe_to_copy(client, jar):
    for path, embed in ((f"/objects/{jar['id']}", f"/embed/objects/{jar['id']}"),
                        (f"/exhibitions/{DEMO_EXHIBITION}", f"/embed/exhibitions/{DEMO_EXHIBITION}")):
        code = html_module.unescape(re.search(r'<textarea id="embed-code"[^>]*>([^<]*)</textarea>',
                                              client.get(path).get_data(as_text=True)).group(1))
        assert code.startswith(f'<iframe src="http://localhost{embed}" width="800" height="600" title="')
        assert 'loading="lazy"' in code


def embed_paths(jar) -> list[str]:
    return [f"/embed/objects/{jar['id']}", f"/embed/exhibitions/{DEMO_EXHIBITION}"]


def test_embed_pages_may_be_framed_anywhere_and_set_no_cookie(demo_app, jar):
    reader, curator = demo_app.test_client(), demo_app.test_client()
    log_in(curator, CURATOR)
    for client in (reader, curator):
        for path in embed_paths(jar):
            answer = client.get(path)
            assert answer.status_code == 200, path
            assert "frame-ancestors *" in answer.headers["Content-Security-Policy"]
            assert "X-Frame-Options" not in answer.headers
            assert "Set-Cookie" not in answer.headers, path


def test_every_other_page_still_refuses_to_be_framed(client, jar):
    for path in ("/", f"/exhibitions/{DEMO_EXHIBITION}", f"/objects/{jar['id']}", "/search", "/login", "/museums"):
        answer = client.get(path)
        assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"], path
        assert answer.headers["X-Frame-Options"] == "DENY", path


def test_an_embed_names_the_object_its_museum_and_rights_and_links_back(client, jar):
    html = client.get(f"/embed/objects/{jar['id']}").get_data(as_text=True)
    assert jar["title"]["en"][0] in html
    assert f'href="{jar["rights"]}"' in html
    assert f'href="http://localhost/objects/{jar["id"]}" target="_blank"' in html
    assert '<meta name="robots" content="noindex">' in html


def test_an_object_embed_given_a_shared_detail_opens_on_its_region(client, jar):
    image = jar["images"][0]
    region = (image["width"] // 4, image["height"] // 4, image["width"] // 2, image["height"] // 2)
    state = encode(ContentState(jar["manifest"], canvas(jar), region))
    html = client.get(f"/embed/objects/{jar['id']}?iiif-content={state}").get_data(as_text=True)
    # The first view is the detail: its region for the viewer, its crop as the still image.
    first = re.search(r'<li class="embed-step" data-info="([^"]+)" data-region="([^"]+)"', html)
    assert first and first.groups() == (image["info"], ",".join(map(str, region)))
    assert f'{image["service"]}/{",".join(map(str, region))}/' in html
    # A detail that is the whole image is no region: the still shows it as the viewer would.
    whole = encode(ContentState(jar["manifest"], canvas(jar), (0, 0, image["width"], image["height"])))
    html = client.get(f"/embed/objects/{jar['id']}?iiif-content={whole}").get_data(as_text=True)
    assert "data-region" not in html and f'{image["service"]}/full/' in html
    # A broken value still opens the whole object, from its first image.
    html = client.get(f"/embed/objects/{jar['id']}?iiif-content=not-a-state").get_data(as_text=True)
    assert re.search(rf'<li class="embed-step" data-info="{re.escape(image["info"])}">', html)
    assert "data-region" not in html


def test_the_exhibition_embed_steps_through_its_objects(client):
    html = client.get(f"/embed/exhibitions/{DEMO_EXHIBITION}").get_data(as_text=True)
    steps = re.findall(r'<li class="embed-step" data-info="[^"]+"', html)
    assert len(steps) >= 3
    assert 'class="embed-next' in html and 'class="embed-previous' in html


def test_a_draft_has_no_embed(demo_app, client):
    curator = curator_client(demo_app)
    assert create_exhibition(curator, "embed-draft").status_code == 302
    assert client.get("/embed/exhibitions/embed-draft").status_code == 404
    assert curator.get("/embed/exhibitions/embed-draft").status_code == 404
    assert client.get("/embed/exhibitions/no-such-exhibition").status_code == 404
    assert client.get("/embed/objects/no-such-object").status_code == 404
