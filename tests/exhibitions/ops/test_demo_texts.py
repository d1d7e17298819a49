"""Every text of the demo reads in English, Chinese and Russian: its museums, objects,
exhibitions and media, so that a reader in either language meets no text in another."""

from __future__ import annotations

from exhibitions.ops import demo, demo_exhibitions, demo_media

DEMO_LANGUAGES = {"en", "zh", "ru"}


def language_maps(value, where: str):
    """Every language map in a demo record (a dict keyed by "en"), with where it is."""
    if isinstance(value, dict) and "en" in value:
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from language_maps(item, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from language_maps(item, f"{where}[{index}]")


def demo_texts():
    for slug, name, *_ in demo.MUSEUMS:
        yield f"museum {slug}", name
    for _museum, accession, title, *_rest, (display, *_years), (place, *_point), description, _sizes in demo.OBJECTS:
        yield f"{accession} title", title
        yield f"{accession} description", description
        yield f"{accession} date", demo.in_demo_languages(display, demo.DATE_WORDS)
        yield f"{accession} place", demo.in_demo_languages(place, demo.PLACE_WORDS)
    for exhibition in demo_exhibitions.EXHIBITIONS:
        yield from language_maps(exhibition, exhibition["slug"])
    for piece in (demo_media.FILM, demo_media.SOUND):
        yield from language_maps({"label": piece["label"], "transcript": piece["transcript"]}, piece["name"])


def test_every_demo_text_is_in_english_chinese_and_russian():
    texts = list(demo_texts())
    assert len(texts) > 200
    written = {where: {language for language, values in text.items() if values} for where, text in texts}
    missing = {where: sorted(DEMO_LANGUAGES - languages) for where, languages in written.items()
               if not DEMO_LANGUAGES <= languages}
    assert missing == {}


def test_museum_descriptions_and_credit_lines_are_in_the_demo_languages():
    assert all(len(texts) == 3 and all(texts) for texts in demo.DESCRIPTIONS.values())
    credit = demo.credit_line({"en": ["Fiji Museum"], "zh": ["斐济博物馆"], "ru": ["Музей Фиджи"]})
    assert credit == {"en": ["Fiji Museum, demo collection"], "zh": ["斐济博物馆，演示藏品"],
                      "ru": ["Музей Фиджи, демонстрационная коллекция"]}
