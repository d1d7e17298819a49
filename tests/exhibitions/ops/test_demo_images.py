"""The demo's photographs: drawn by our code, the same on every run, varied, the size asked."""

from PIL import ImageStat

from exhibitions.ops import demo_images
from exhibitions.ops.demo import OBJECTS


def test_the_same_seed_draws_the_same_photograph():
    first = demo_images.photograph(300, 200, 7, "vessel", ["porcelain"], "Blue-and-white jar")
    again = demo_images.photograph(300, 200, 7, "vessel", ["porcelain"], "Blue-and-white jar")
    other = demo_images.photograph(300, 200, 8, "vessel", ["porcelain"], "Blue-and-white jar")
    assert first.tobytes() == again.tobytes()
    assert first.tobytes() != other.tobytes()


def test_a_photograph_has_the_size_asked_for_even_when_drawn_smaller_and_enlarged():
    image = demo_images.photograph(2600, 1900, 1, "coin", ["gold"], "Gold coin")
    assert image.size == (2600, 1900)
    assert image.mode == "RGB"


def test_the_demo_shows_at_least_twelve_kinds_of_object():
    kinds = {demo_images.kind(object_type, materials, title["en"][0])
             for _, _, title, object_type, materials, *_ in OBJECTS}
    assert len(kinds) >= 12, kinds


def test_an_object_stands_out_from_its_backdrop_with_light_and_shade():
    image = demo_images.photograph(400, 400, 3, "mirror", ["bronze"], "Bronze mirror")
    middle = image.crop((150, 150, 250, 250))
    corner = image.crop((0, 0, 40, 40))
    # The object is lit and textured; the backdrop is a quiet, even tone.
    assert ImageStat.Stat(middle.convert("L")).stddev[0] > 8
    assert ImageStat.Stat(corner.convert("L")).stddev[0] < 8
    assert abs(ImageStat.Stat(middle.convert("L")).mean[0] - ImageStat.Stat(corner.convert("L")).mean[0]) > 15
