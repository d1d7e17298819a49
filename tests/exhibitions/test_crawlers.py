"""Search engines find every public page through robots.txt and the sitemaps, and only those:
published exhibitions, museums and live objects, each with the date of its last change; a
shared link shows the page's title, summary and image; a researcher's reference manager reads
an object's citation."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from exhibitions.pages import crawlers
from tests.exhibitions.conftest import exhibition_document, put

NAMESPACE = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SITE = "http://museum.test"


def sitemap(client, path: str) -> list[tuple[str, str | None]]:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.mimetype == "application/xml" and "max-age" in response.headers["Cache-Control"]
    root = ElementTree.fromstring(response.data)
    return [(entry.findtext("s:loc", namespaces=NAMESPACE), entry.findtext("s:lastmod", namespaces=NAMESPACE))
            for entry in root]


def meta(html: str, name: str) -> str | None:
    found = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', html)
    return found.group(1) if found else None


def test_robots_keep_crawlers_out_of_work_areas_and_endless_searches_and_name_the_sitemap(client):
    robots = client.get("/robots.txt")
    assert robots.status_code == 200 and robots.mimetype == "text/plain"
    lines = robots.get_data(as_text=True).splitlines()
    for path in ("/curate", "/contribute", "/api/", "/search", "/login"):
        assert f"Disallow: {path}" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert not any(line in ("Disallow: /", "Disallow: /objects", "Disallow: /exhibitions") for line in lines)


def test_the_sitemaps_name_every_published_page_and_nothing_else(client, nmc_token, curator, objects):
    (jar, _), (plate, _) = objects
    binned = put(client, nmc_token, "BIN-1").get_json()["id"]
    client.delete(f"/api/v1/objects/{binned}", headers=nmc_token)
    client.put("/api/v1/exhibitions/shown", json=exhibition_document(objects), headers=curator)
    client.post("/api/v1/exhibitions/shown/publish", headers=curator)
    client.put("/api/v1/exhibitions/draft", json=exhibition_document(objects), headers=curator)

    assert sitemap(client, "/sitemap.xml") == [(f"{SITE}/sitemaps/pages.xml", None),
                                               (f"{SITE}/sitemaps/objects-1.xml", None)]
    pages = dict(sitemap(client, "/sitemaps/pages.xml"))
    assert set(pages) == {f"{SITE}/", f"{SITE}/exhibitions", f"{SITE}/museums", f"{SITE}/exhibitions/shown",
                          f"{SITE}/museums/nmc", f"{SITE}/museums/rundale"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", pages[f"{SITE}/exhibitions/shown"])
    shown = dict(sitemap(client, "/sitemaps/objects-1.xml"))
    assert set(shown) == {f"{SITE}/objects/{jar}", f"{SITE}/objects/{plate}"}  # not the one in the trash
    record = client.get(f"/api/v1/objects/{jar}").get_json()
    assert shown[f"{SITE}/objects/{jar}"] == record["modified"].replace("+00:00", "Z")[:19] + "Z"
    for path in sitemap(client, "/sitemap.xml"):
        assert client.get(path[0].removeprefix(SITE)).status_code == 200


def test_objects_are_split_into_sitemaps_of_the_largest_size_allowed(client, nmc_token, monkeypatch):
    ids = sorted(put(client, nmc_token, f"A-{n}").get_json()["id"] for n in range(5))
    monkeypatch.setattr(crawlers, "URLS_PER_SITEMAP", 2)
    assert [loc for loc, _ in sitemap(client, "/sitemap.xml")] == [
        f"{SITE}/sitemaps/pages.xml", *(f"{SITE}/sitemaps/objects-{n}.xml" for n in (1, 2, 3))]
    parts = [[loc.rsplit("/", 1)[1] for loc, _ in sitemap(client, f"/sitemaps/objects-{n}.xml")] for n in (1, 2, 3)]
    assert parts == [ids[0:2], ids[2:4], ids[4:]]
    assert client.get("/sitemaps/objects-4.xml").status_code == 404
    assert client.get("/sitemaps/objects-0.xml").status_code == 404


def test_an_empty_platform_still_has_a_sitemap_of_its_pages(client):
    assert len(sitemap(client, "/sitemap.xml")) == 2
    assert sitemap(client, "/sitemaps/objects-1.xml") == []


def test_a_shared_link_shows_the_pages_title_summary_and_image(client, curator, objects):
    (jar, _), _ = objects
    html = client.get(f"/objects/{jar}?lang=zh").get_data(as_text=True)
    assert f'<link rel="canonical" href="{SITE}/objects/{jar}">' in html  # one address for every language
    assert meta(html, "og:title") == "青花罐" and meta(html, "og:url") == f"{SITE}/objects/{jar}"
    assert meta(html, "og:image").startswith(f"{SITE}/iiif/3/") and meta(html, "twitter:card") == "summary_large_image"

    client.put("/api/v1/exhibitions/shown", json=exhibition_document(objects), headers=curator)
    client.post("/api/v1/exhibitions/shown/publish", headers=curator)
    story = client.get("/exhibitions/shown").get_data(as_text=True)
    assert meta(story, "og:title") == "Blue and white"
    assert meta(story, "og:description") == meta(story, "description") == "Porcelain from two ends of the route."
    assert meta(story, "og:image").startswith(f"{SITE}/iiif/3/") and meta(story, "robots") is None

    paged = client.get("/museums/nmc?page=1").get_data(as_text=True)
    assert f'<link rel="canonical" href="{SITE}/museums/nmc">' in paged


def test_an_object_page_offers_a_citation_and_dublin_core_for_reference_managers(client, objects):
    (jar, _), _ = objects
    html = client.get(f"/objects/{jar}").get_data(as_text=True)
    assert meta(html, "DC.title") == "Blue-and-white jar" and meta(html, "DC.identifier") == "A-1"
    assert meta(html, "DC.publisher") == "National Museum of China" and meta(html, "DC.date") == "Yuan dynasty, c. 1340"
    citation = re.sub(r"<[^>]+>", "", re.search(r'<p class="citation">(.*?)</p>', html, re.S).group(1))
    assert re.fullmatch(rf"National Museum of China\. Blue-and-white jar, Yuan dynasty, c\. 1340\. A-1\. "
                        rf"Caravanserai, {SITE}/objects/{jar} \(accessed [A-Z][a-z]+ \d{{1,2}}, \d{{4}}\)\.", citation)
