"""Audio and video in an object's manifest: a canvas with a duration per media file, painted with
the file, captions as supplementing WebVTT annotations, a video's poster as its thumbnail."""

from iiif_records import BASE, assert_valid, record

from iiif.manifests import object_manifest
from iiif.presentation import av_canvas

FILM = "a" * 64
SONG = "b" * 64


def video(**fields) -> dict:
    return {"id": FILM, "kind": "video", "format": "video/webm", "duration": 12.5, "width": 640, "height": 360,
            "label": {"en": ["Conservation of the jar"]}, "url": f"{BASE}/media/{FILM}.webm",
            "poster": {"url": f"{BASE}/media/{FILM}/poster.jpg", "width": 640, "height": 360},
            "captions": [{"language": "en", "url": f"{BASE}/media/{FILM}/captions/en.vtt"},
                         {"language": "zh", "url": f"{BASE}/media/{FILM}/captions/zh.vtt"}], **fields}


def audio() -> dict:
    return {"id": SONG, "kind": "audio", "format": "audio/ogg", "duration": 3.25, "label": None,
            "url": f"{BASE}/media/{SONG}.ogg", "poster": None, "captions": []}


def test_a_video_becomes_a_canvas_with_its_duration_and_size_painted_with_the_file():
    manifest = object_manifest(record(images=1, media=[video()]), BASE)

    assert_valid(manifest)
    image_canvas, canvas = manifest["items"]
    assert (canvas["duration"], canvas["width"], canvas["height"]) == (12.5, 640, 360)
    assert canvas["label"] == {"en": ["Conservation of the jar"]}
    painting, *captions = canvas["items"][0]["items"]
    assert painting["motivation"] == "painting"
    assert painting["body"] == {"id": f"{BASE}/media/{FILM}.webm", "type": "Video", "format": "video/webm",
                                "duration": 12.5, "width": 640, "height": 360}
    assert canvas["thumbnail"] == [{"id": f"{BASE}/media/{FILM}/poster.jpg", "type": "Image",
                                    "format": "image/jpeg", "width": 640, "height": 360}]
    assert [(c["motivation"], c["body"]["format"], c["body"]["language"], c["target"]) for c in captions] == [
        ("supplementing", "text/vtt", "en", canvas["id"]), ("supplementing", "text/vtt", "zh", canvas["id"])]
    assert captions[0]["body"]["id"] == f"{BASE}/media/{FILM}/captions/en.vtt"


def test_audio_is_a_canvas_of_duration_only_and_an_object_of_sound_alone_needs_no_empty_canvas():
    manifest = object_manifest(record(images=0, media=[audio()]), BASE)

    assert_valid(manifest)
    [canvas] = manifest["items"]
    assert canvas["duration"] == 3.25
    assert "width" not in canvas and "thumbnail" not in canvas
    [painting] = canvas["items"][0]["items"]
    assert painting["body"]["type"] == "Sound"


def test_the_canvas_helper_takes_a_plain_record_and_any_canvas_id():
    canvas = av_canvas(f"{BASE}/iiif/3/exhibitions/silk/canvas/7", video(captions=[]))

    assert canvas.id == f"{BASE}/iiif/3/exhibitions/silk/canvas/7"
    assert len(canvas.items[0].items) == 1
