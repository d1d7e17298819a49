"""/map and /timeline through the Flask test client: what they list without JavaScript, how their
links carry the filters and the period, and that a bad address is a 400 page, never a 500."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from exhibitions.pages.explore import interval_for, parse_map_view, parse_period
from search import SearchQueryError


def object_links(html: str) -> list[str]:
    return re.findall(r'<li><a href="/objects/([^"]+)"', html)


def test_the_map_page_lists_every_placed_object_and_the_museums_without_javascript(client):
    answer = client.get("/map")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    api = client.get("/api/v1/map?zoom=2").get_json()
    assert sorted(object_links(html)) == sorted(item["id"] for item in api["objects"])
    assert f"{api['total']} objects in this view" in html
    assert 'href="/museums/nmc"' in html and 'data-lat="39.9' in html
    # The base map and MapLibre come from our own host, and its worker too: the page's policy is the
    # site's, with no blob: worker.
    assert "/static/vendor/maplibre-gl/maplibre-gl-csp-worker.js" in html
    assert "/static/vendor/world/" in html
    assert "worker-src" not in answer.headers["Content-Security-Policy"]


def test_the_site_navigation_leads_to_the_map_and_the_timeline(client):
    html = client.get("/").get_data(as_text=True)
    nav = html[html.index('class="site-nav"'):html.index("</nav>")]
    assert 'href="/map"' in nav and 'href="/timeline"' in nav


def test_a_filter_narrows_the_map_page_and_its_link_to_the_results_keeps_it(client):
    everything = object_links(client.get("/map").get_data(as_text=True))
    html = client.get("/map?museum=nmc&view=3/38/90").get_data(as_text=True)
    narrowed = object_links(html)
    assert narrowed and len(narrowed) < len(everything)
    assert all(item["museum"]["slug"] == "nmc" for item in client.get("/api/v1/map?museum=nmc").get_json()["objects"])
    results = re.search(r'id="map-results" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(results).query) == {"museum": ["nmc"]}
    assert 'name="view" value="3/38/90"' in html


@pytest.mark.parametrize("address, parameter", [
    ("/map?bbox=1,2,3", "bbox"),
    ("/map?bbox=nan,0,10,10", "bbox"),
    ("/map?bbox=0,50,10,40", "bbox"),
    ("/map?bbox=%D9%A1,0,10,10", "bbox"),
    ("/map?view=far/away/now", "view"),
    ("/map?view=30/0/0", "view"),
    ("/map?date_from=soon", "date_from"),
    ("/timeline?view=1500/-500", "view"),
    ("/timeline?view=-20000/0", "view"),
    ("/timeline?date_to=1e3", "date_to"),
])
def test_a_bad_address_is_a_400_page_naming_the_parameter(client, address, parameter):
    answer = client.get(address)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert answer.mimetype == "text/html"
    assert re.search(rf'class="errors" role="alert"><p>[^<]*\b{parameter}\b', html)


def test_the_timeline_page_lists_its_buckets_with_links_to_choose_a_period_and_look_closer(client):
    html = client.get("/timeline").get_data(as_text=True)
    api = client.get("/api/v1/timeline?interval=millennium").get_json()
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td class="count">(\d+)</td>', html)
    assert [int(count) for _label, count in rows] == [bucket["count"] for bucket in api["buckets"]]
    assert rows[0][0].endswith("BCE")
    first = api["buckets"][0]
    assert f'date_from={first["start"]}&amp;date_to={first["end"]}' in html
    assert f'view={first["start"]}/{first["end"]}' in html


@pytest.mark.parametrize("language, bce", [("en", "BCE"), ("zh", "公元前"), ("ru", "до н. э.")])
def test_the_timeline_names_years_before_the_common_era_in_the_readers_language(client, language, bce):
    html = client.get(f"/timeline?view=-500/500&lang={language}").get_data(as_text=True)
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th>', html)
    assert len(rows) == 10  # centuries from 500 BCE to 500 CE
    assert bce in rows[0] and bce not in rows[-1]


def test_a_chosen_period_narrows_the_timelines_objects_and_its_links_carry_it(client):
    html = client.get("/timeline?date_from=-500&date_to=-1&view=-1000/1000").get_data(as_text=True)
    listed = re.findall(r'<h3><a href="/objects/([^"]+)"', html)
    expected = client.get("/api/v1/search?date_from=-500&date_to=-1&size=12&sort=date").get_json()
    assert listed == [item["id"] for item in expected["items"]] and listed
    for name in ("timeline-search", "timeline-map-link"):
        url = re.search(rf'id="{name}" href="([^"]+)"', html).group(1).replace("&amp;", "&")
        assert parse_qs(urlsplit(url).query) == {"date_from": ["-500"], "date_to": ["-1"]}
    # The bars cover the span in view, whatever period is chosen in it.
    assert len(re.findall(r'<tr><th scope="row">', html)) == 20


def test_story_map_and_timeline_blocks_carry_their_places_and_dates_for_the_drawings(client):
    html = client.get("/exhibitions/from-changan-to-constantinople").get_data(as_text=True)
    places = html[html.index('class="block block-map"'):]
    assert 'class="story-map"' in places and 'data-journey="true"' in places
    assert re.search(r'<li data-lat="34\.26" data-lon="108\.94"><a href="/objects/', places)
    dates = html[html.index('class="block block-timeline"'):]
    assert re.search(r'<li data-start="-?\d+" data-end="-?\d+"><span lang="en" class="date">', dates)
    # The date's words in the reader's language.
    chinese = client.get("/exhibitions/from-changan-to-constantinople?lang=zh").get_data(as_text=True)
    assert re.search(r'<span lang="zh" class="date">唐代', chinese[chinese.index('class="block block-timeline"'):])
    assert re.search(r'<span class="meta"><span lang="zh">长安</span> · 34\.26° N', chinese)
    assert "/static/js/story-maps.js" in html


def test_the_page_state_parsers_refuse_what_they_cannot_read():
    assert parse_map_view("4.5/39.65/66.97") == (4.5, 39.65, 66.97)
    assert parse_map_view("") is None
    assert parse_period("-500/1500") == (-500, 1500)
    for bad in ("4/39", "4/91/0", "4/0/181", "-1/0/0", "4/٣٩/0"):
        with pytest.raises(SearchQueryError):
            parse_map_view(bad)
    for bad in ("1500/-500", "0", "-10001/0", "1/3001", "a/b"):
        with pytest.raises(SearchQueryError):
            parse_period(bad)


@pytest.mark.parametrize("first, last, interval", [
    (-10000, 3000, "millennium"), (-2999, 2000, "century"), (-3000, 2000, "millennium"), (-500, 1500, "century"),
    (1, 500, "decade"), (1900, 1910, "decade")])
def test_the_timeline_reads_in_millennia_centuries_or_decades_by_its_span(first, last, interval):
    assert interval_for(first, last) == interval
