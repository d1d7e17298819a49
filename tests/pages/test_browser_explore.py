"""The map and the timeline in a real browser, offline: no request leaves 127.0.0.1, clusters
split as the map zooms in, filters and a chosen period narrow what is shown, keyboard users reach
every object, and axe finds no serious violation, wide and on a phone."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.pages.conftest import screenshot

pytestmark = pytest.mark.browser
# A map's first answer waits for MapLibre and the base map to load: on a busy machine, seconds.
TIMEOUT = 20_000
expect.set_options(timeout=TIMEOUT)
SIZES = [(1440, 900), (390, 844)]


@pytest.fixture
def offline(open_page):
    """A page whose requests may reach only the loopback server; the others are refused and kept."""

    def opened(width=1280, height=900):
        page = open_page(width, height, timeout=TIMEOUT)
        page.outside = []

        def only_loopback(route):
            host = urlsplit(route.request.url).hostname
            if host == "127.0.0.1" or route.request.url.startswith(("data:", "blob:")):
                route.continue_()
            else:
                page.outside.append(route.request.url)
                route.abort()

        page.route("**/*", only_loopback)
        return page

    return opened


def serious_violations(page) -> list:
    page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in results["violations"] if v["impact"] in ("serious", "critical")]


def test_the_map_draws_offline_and_a_cluster_splits_as_the_map_zooms_into_it(offline):
    page = offline()
    page.goto("/map")
    expect(page.locator("#explore-map canvas")).to_be_visible()
    expect(page.locator("#explore-map")).to_have_attribute("aria-busy", "false")
    cluster = page.locator("#explore-map .map-cluster[aria-label$='zoom in']").first
    count = int(cluster.inner_text())
    assert count > 1
    view = parse_qs(urlsplit(page.url).query).get("view")
    cluster.click()
    # The map flies to the cluster's objects, which now stand on more than one marker.
    page.wait_for_function(f"() => new URLSearchParams(location.search).get('view') !== {view[0]!r}"
                           if view else "() => new URLSearchParams(location.search).has('view')")
    expect(page.locator("#explore-map")).to_have_attribute("aria-busy", "false")
    page.wait_for_function("() => document.querySelectorAll('#explore-map .map-marker').length >= 2")
    assert int(page.locator("#explore-map").get_attribute("data-total")) >= count
    zoom = float(parse_qs(urlsplit(page.url).query)["view"][0].split("/")[0])
    assert zoom > 2.6
    assert page.outside == []


def test_a_filter_narrows_the_map_and_an_objects_card_opens_on_a_click(offline):
    page = offline()
    page.goto("/map")
    expect(page.locator("#explore-map")).to_have_attribute("aria-busy", "false")
    everything = int(page.locator("#explore-map").get_attribute("data-total"))
    page.locator("fieldset[data-facet=museum] input[value=nmc]").check()
    page.locator(".facets button[type=submit]").click()
    page.wait_for_url(lambda url: "museum=nmc" in url)
    expect(page.locator("#explore-map")).to_have_attribute("aria-busy", "false")
    narrowed = int(page.locator("#explore-map").get_attribute("data-total"))
    assert 0 < narrowed < everything
    expect(page.locator("#map-total")).to_have_text(f"{narrowed} objects in this view")
    page.locator("#explore-map .map-object").first.click()
    card = page.locator("#map-card")
    expect(card).to_be_visible()
    expect(card.locator("h3 a").first).to_be_focused()
    assert card.locator("h3 a").first.get_attribute("href").startswith("/objects/")
    expect(card.locator(".meta").first).to_have_text("National Museum of China")
    assert page.outside == []


def test_keyboard_users_reach_every_object_of_the_view_in_the_list(offline):
    page = offline()
    page.goto("/map")
    expect(page.locator("#explore-map")).to_have_attribute("aria-busy", "false")
    links = page.locator("#map-list a")
    expected = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(expected) == int(page.locator("#explore-map").get_attribute("data-total"))
    links.first.focus()
    reached = [page.evaluate("() => document.activeElement.getAttribute('href')")]
    for _ in expected[1:]:
        page.keyboard.press("Tab")
        reached.append(page.evaluate("() => document.activeElement.getAttribute('href')"))
    assert reached == expected
    # The map itself takes the keyboard: its canvas is focusable and named.
    canvas = page.locator("#explore-map canvas")
    assert canvas.get_attribute("tabindex") == "0" and canvas.get_attribute("aria-label")


def test_a_period_chosen_on_the_timeline_narrows_the_objects_and_the_map(offline):
    page = offline()
    page.goto("/timeline")
    chart = page.locator("#timeline svg")
    expect(chart.locator("rect.bar").first).to_be_attached()
    expect(page.locator("#timeline-map")).to_have_attribute("aria-busy", "false")
    everything = int(page.locator("#timeline-map").get_attribute("data-total"))
    chart.focus()
    page.keyboard.press("ArrowRight")  # the first bucket
    page.keyboard.press("ArrowRight")  # the next one
    expect(page.locator("#timeline-chosen")).to_contain_text("BCE")
    page.wait_for_function("() => new URLSearchParams(location.search).has('date_from')")
    query = parse_qs(urlsplit(page.url).query)
    first, last = int(query["date_from"][0]), int(query["date_to"][0])
    assert first < last < 0
    expect(page.locator("#date_from")).to_have_value(str(first))
    page.wait_for_function(f"() => Number(document.querySelector('#timeline-map').dataset.total) < {everything}")
    expect(page.locator("#period-total")).not_to_have_text(f"({everything})")
    search = page.locator("#timeline-search").get_attribute("href")
    assert parse_qs(urlsplit(search).query) == {"date_from": [str(first)], "date_to": [str(last)]}
    # Shift widens the period by a bucket; + zooms the bars into it.
    page.keyboard.press("Shift+ArrowRight")
    page.wait_for_function(f"() => Number(new URLSearchParams(location.search).get('date_to')) > {last}")
    page.keyboard.press("+")
    page.wait_for_function("() => (new URLSearchParams(location.search).get('view') || '').length > 0")
    assert page.outside == []


def test_the_objects_of_a_chosen_period_show_their_dates_in_the_readers_language(offline):
    page = offline()
    page.goto("/timeline?lang=zh")
    chart = page.locator("#timeline svg")
    expect(chart.locator("rect.bar").first).to_be_attached()
    everything = page.locator("#period-total").text_content()
    chart.focus()
    page.keyboard.press("ArrowRight")  # the first bucket, before our era
    expect(page.locator("#period-total")).not_to_have_text(everything)  # the script's list
    expect(page.locator("#period-results .meta").first).to_contain_text("公元前")
    assert page.outside == []


@pytest.mark.parametrize("width, height", SIZES)
def test_the_map_and_the_timeline_pass_axe_at_each_width(offline, width, height):
    page = offline(width, height)
    page.goto("/map")
    expect(page.locator("#explore-map")).to_have_attribute("aria-busy", "false")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert serious_violations(page) == []
    page.locator("#explore-map").scroll_into_view_if_needed()
    screenshot(page, f"map-{width}")
    page.goto("/timeline?view=-500/1000")
    expect(page.locator("#timeline svg rect.bar").first).to_be_attached()
    expect(page.locator("#timeline-map")).to_have_attribute("aria-busy", "false")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert serious_violations(page) == []
    page.locator("#timeline").scroll_into_view_if_needed()
    screenshot(page, f"timeline-{width}")
    assert page.outside == []


@pytest.mark.parametrize("width, height", SIZES)
def test_an_exhibitions_map_and_timeline_blocks_are_drawn_above_their_lists(offline, width, height):
    page = offline(width, height)
    page.goto("/exhibitions/from-changan-to-constantinople")
    block = page.locator(".block-map")
    block.scroll_into_view_if_needed()
    expect(block.locator(".story-map")).to_have_attribute("data-drawn", "true")
    # The journey's seven places are numbered in their order, like the list below.
    expect(block.locator(".story-map .map-marker")).to_have_count(block.locator("ol.places li").count())
    expect(block.locator("ol.places li").first).to_be_visible()
    screenshot(page, f"story-map-{width}")
    strip = page.locator(".block-timeline").first
    strip.scroll_into_view_if_needed()
    expect(strip.locator(".story-strip rect")).to_have_count(strip.locator("ol.dates li").count())
    screenshot(page, f"story-timeline-{width}")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert serious_violations(page) == []
    assert page.outside == []


def test_a_museums_small_map_is_drawn_offline_with_one_load_of_the_map_library(offline):
    page = offline(1440, 900)
    loaded = []
    page.on("request", lambda request: loaded.append(request.url) if "maplibre-gl-csp.js" in request.url else None)
    page.goto("/museums/nmc")
    figure = page.locator(".minimap-canvas")
    figure.scroll_into_view_if_needed()
    expect(figure).to_have_attribute("data-drawn", "true")
    assert len(loaded) == 1
    assert page.outside == []
