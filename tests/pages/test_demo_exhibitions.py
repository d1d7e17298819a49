"""The demo's exhibitions as the demo loads them: three, published, with covers, complete in
English, Chinese and Russian, and between them every block type in every form; their media play
in the pages' players."""

from __future__ import annotations

import re

from sqlalchemy import select

from exhibitions.models import Exhibition
from exhibitions.ops.demo_exhibitions import EXHIBITIONS as DEMO_EXHIBITIONS

LANGUAGES = {"en", "zh", "ru"}
# Every block type, each layout of an object block, each style of a gallery, each kind of media
# and a map that draws a journey.
FORMS = {"text", "object left", "object right", "object full", "gallery grid", "gallery strip", "compare",
         "media video", "media audio", "quote", "map journey", "timeline"}


def demo_documents(demo_app) -> dict[str, dict]:
    """The demo's own exhibitions (other tests add theirs to the same site)."""
    slugs = [exhibition["slug"] for exhibition in DEMO_EXHIBITIONS]
    with demo_app.extensions["caravanserai"].db.sessions() as session:
        return {row.slug: (row.status, row.document)
                for row in session.scalars(select(Exhibition).where(Exhibition.slug.in_(slugs)))}


def forms_of(document: dict, media_kinds: dict[str, str]) -> set[str]:
    forms = set()
    for section in document["sections"]:
        for block in section["blocks"]:
            kind = block["type"]
            detail = {"object": block.get("layout"), "gallery": block.get("style"),
                      "media": media_kinds.get(block.get("media")),
                      "map": "journey" if block.get("journey") else None}.get(kind)
            forms.add(f"{kind} {detail}" if detail else kind)
    return forms


def texts_of(value, path="") -> dict[str, dict]:
    """Every language map in a document, by its path."""
    if isinstance(value, dict) and "en" in value:
        return {path: value}
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    found = {}
    for key, child in children:
        found.update(texts_of(child, f"{path}.{key}"))
    return found


def test_three_published_exhibitions_use_every_block_type_with_covers_in_three_languages(demo_app, client):
    from exhibitions.models import Media

    documents = demo_documents(demo_app)
    with demo_app.extensions["caravanserai"].db.sessions() as session:
        media = {row.id: row for row in session.scalars(select(Media))}
    assert len(documents) == 3 and {status for status, _ in documents.values()} == {"published"}
    used = set().union(*(forms_of(document, {i: m.kind for i, m in media.items()})
                         for _, document in documents.values()))
    assert FORMS <= used, FORMS - used
    for slug, (_, document) in documents.items():
        assert document.get("cover"), slug
        incomplete = [path for path, text in texts_of(document).items() if set(text) != LANGUAGES]
        assert incomplete == [], slug
    for row in media.values():
        assert set(row.label) == set(row.transcript) == LANGUAGES
        assert {track["language"] for track in row.captions} == LANGUAGES


def test_the_demo_stories_play_their_film_and_sound_with_captions_and_transcripts(client):
    film = client.get("/exhibitions/from-changan-to-constantinople").get_data(as_text=True)
    sound = client.get("/exhibitions/music-on-the-road").get_data(as_text=True)

    video = film[film.index('<figure class="block block-media">'):]
    assert re.search(r'<video controls preload="metadata" poster="[^"]+/poster.jpg"', video)
    assert sorted(re.findall(r'<track kind="captions" srclang="(\w+)"', video)) == ["en", "ru", "zh"]
    assert "<details class=\"transcript\">" in video and "A slow look down a tomb figure" in video
    assert "<audio controls" in sound and sound.count('<track kind="captions"') == 3
    # The files are served to everyone: the exhibitions are published.
    source = re.search(r'<source src="http://localhost(/media/[0-9a-f]{64}\.webm)"', video).group(1)
    assert client.get(source).status_code == 200
