"""The staff's tables speak the interface's language too: days and times written as the
language writes them (the machine-readable moment stays in <time datetime>), countries named."""

from __future__ import annotations

import datetime
import re

from exhibitions import i18n
from exhibitions.objects import contribution
from exhibitions.ops.demo import CC0
from tests.pages.conftest import ADMIN, CURATOR, DEMO_EXHIBITION, RUNDALE_CONTRIBUTOR, log_in

# A day and time written the ISO way in the page's text (attributes left out).
ISO_MOMENT = re.compile(r">[^<]*\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")


def test_moments_are_written_in_each_languages_way():
    moment = datetime.datetime(2026, 3, 5, 14, 3, tzinfo=datetime.UTC)
    assert i18n.date_time(moment, "en") == "Mar 5, 2026, 2:03\u202fPM"
    assert i18n.date_time(moment, "zh") == "2026年3月5日 14:03"
    assert i18n.date_time(moment, "ru") == "5 мар. 2026\u202fг., 14:03"
    assert i18n.date_time(moment.replace(tzinfo=None), "fr") == "5 mars 2026, 14:03"  # naive: UTC


def test_history_pages_write_their_moments_in_the_interfaces_language(demo_app):
    curator = demo_app.test_client()
    log_in(curator, CURATOR)
    page = curator.get(f"/curate/{DEMO_EXHIBITION}/history?lang=zh").get_data(as_text=True)
    assert re.search(r'<time datetime="[^"]+">\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} UTC</time>', page)
    assert not ISO_MOMENT.search(page)

    with demo_app.extensions["caravanserai"].db.transaction() as session:  # an object saved twice
        museum = contribution.get_museum(session, "rundale")
        for title in ("Snuff box", "Snuff box with a Chinese scene"):
            contribution.put_object(session, museum, "RPM-S-001", {"title": {"en": [title]}, "rights": CC0})
    contributor = demo_app.test_client()
    log_in(contributor, RUNDALE_CONTRIBUTOR)
    page = contributor.get("/contribute/rundale/objects/RPM-S-001/history?lang=ru").get_data(as_text=True)
    assert re.search(r'<time datetime="[^"]+">\d{1,2} \w+\.? \d{4}\s?г\., \d{2}:\d{2} UTC</time>', page)
    assert not ISO_MOMENT.search(page)


def test_the_admins_museum_table_names_countries(demo_app):
    admin = demo_app.test_client()
    log_in(admin, ADMIN)
    page = admin.get("/admin/museums?lang=ru").get_data(as_text=True)
    assert "Китай · Beijing" in page and "Фиджи · Suva" in page and ">CN" not in page
    assert not ISO_MOMENT.search(admin.get("/admin?lang=ru").get_data(as_text=True))
