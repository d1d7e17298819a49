"""Every interface language serves the public pages: the right lang and dir on <html>, and no
English interface word left where its catalog has a translation."""

from __future__ import annotations

import html as markup
import re

import pytest

from exhibitions import i18n, words
from exhibitions.language import direction
from tests.pages.conftest import DEMO_EXHIBITION
from tests.pages.test_pages import demo_object_id

# Words the page shows as their own kind of thing, not as English: an interface word that is
# one of these in English may rightly stay as it is in another language ("IIIF", "CSV").
TAGS = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<[^>]+>", re.S)


def shown_text(page: str) -> str:
    """What a reader sees or hears of a page: its text and its labels, attributes included."""
    labels = re.findall(r'(?:aria-label|title|placeholder|alt)="([^"]*)"', page)
    return markup.unescape(" ".join([TAGS.sub(" ", page), *labels]))


def english_leftovers(page: str, language: str) -> list[str]:
    """English interface texts on the page that the language's catalog translates otherwise;
    texts of a single word are left out (a museum's own record may use one in English)."""
    translated = i18n.translations(language).messages
    text = " ".join(shown_text(page).split())
    found = []
    for key, english in words.ENGLISH.items():
        if isinstance(english, i18n.Plural) or "{" in english or len(english.split()) < 3:
            continue
        if translated.get(key, english) != english and english in text:
            found.append(f"{key}: {english}")
    return found


@pytest.mark.parametrize("language", words.languages())
def test_every_language_serves_the_public_pages_in_its_own_words(client, demo_app, language):
    jar = demo_object_id(demo_app, "NMC-2021-001")
    for path in ("/", "/search?q=bronze", f"/objects/{jar}", f"/exhibitions/{DEMO_EXHIBITION}", "/museums"):
        answer = client.get(path + ("&" if "?" in path else "?") + f"lang={language}")
        assert answer.status_code == 200, (language, path)
        page = answer.get_data(as_text=True)
        assert f'<html lang="{language}" dir="{direction(language)}">' in page, (language, path)
        if language != "en":
            assert english_leftovers(page, language) == [], (language, path)


def test_the_switch_offers_every_language_in_its_own_name(client):
    page = client.get("/").get_data(as_text=True)
    for code, name in (("fa", "فارسی"), ("ar", "العربية"), ("kk", "Қазақ тілі"), ("hu", "Magyar"),
                       ("el", "Ελληνικά"), ("uz", "O‘zbek"), ("lv", "Latviešu"), ("tr", "Türkçe"), ("fr", "Français")):
        assert f'lang="{code}" hreflang="{code}">{name}</a>' in page, code
    assert 'dir="rtl" lang="fa" hreflang="fa"' in page and 'dir="ltr" lang="kk" hreflang="kk"' in page


def test_counts_centuries_and_countries_read_in_the_pages_language(client):
    persian = client.get("/search?q=bronze&lang=fa").get_data(as_text=True)
    assert re.search(r"<h2 id=\"results-heading\">[۰-۹]+ نتیجه</h2>", persian)
    assert "قرن ۱" in persian
    countries = persian.split('data-facet="country"')[1].split("</fieldset>")[0]
    assert "چین" in countries and ">CN<" not in countries  # China, from the museums' ISO codes
    russian = client.get("/museums?lang=ru").get_data(as_text=True)
    assert re.search(r"\d+ предмет(а|ов)?</span>", russian)
    english = client.get("/search?q=bronze").get_data(as_text=True)
    assert not re.search(r"\b1 results\b", english)


# The mark: the interface's language, the sentence for screen readers, the language's name.
MARK = re.compile(r'<small class="language-mark" lang="([\w-]+)"[^>]*title="([^"]*)">'
                  r'<span aria-hidden="true">([^<]*)</span>')


def test_a_text_shown_in_another_language_than_the_readers_is_marked(client, demo_app):
    plate = demo_object_id(demo_app, "RPM-P-211")
    page = client.get(f"/objects/{plate}?lang=lv").get_data(as_text=True)
    title = re.search(r'<h1 id="object-title">(.*?)</h1>', page, re.S).group(1)
    assert 'lang="lv"' in title and "language-mark" not in title       # the museum's own language
    description = re.search(r'<p lang="en" class="description">(.*?)</p>', page, re.S).group(1)
    assert MARK.findall(description) == [("lv", "Nav tulkots jūsu valodā; parādīts valodā: angļu", "Angļu")]

    page = client.get(f"/exhibitions/{DEMO_EXHIBITION}?lang=fr").get_data(as_text=True)
    title = re.search(r'<h1 id="story-title">(.*?)</h1>', page, re.S).group(1)
    assert title.startswith('<span lang="en">') and MARK.search(title).group(1, 2, 3) == (
        "fr", "Non traduit dans votre langue ; affiché en anglais", "Anglais")
    summary = re.search(r'<div lang="en" class="prose cover-summary">(.*?)</div>', page, re.S).group(1)
    assert MARK.search(summary).group(3) == "Anglais"
    assert len(MARK.findall(page)) > 20                                     # sections, captions, quotes


@pytest.mark.parametrize(("query", "accept"), [("?lang=zh", None), ("?lang=ru", None), ("", "zh-Hant-TW,zh;q=0.9"),
                                               ("", None)])
def test_the_demo_in_english_chinese_and_russian_needs_no_mark(client, demo_app, query, accept):
    headers = {"Accept-Language": accept} if accept else {}
    plate = demo_object_id(demo_app, "RPM-P-211")
    for path in (f"/objects/{plate}", f"/exhibitions/{DEMO_EXHIBITION}"):
        assert "language-mark" not in client.get(path + query, headers=headers).get_data(as_text=True), path
