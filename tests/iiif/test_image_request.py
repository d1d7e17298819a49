"""The Image API 3.0 request parser, checked against the examples of the specification."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iiif.image.request import ImageLimits, ImageRequestError, Region, parse_image_request, parse_region

ID = "a" * 64


def request(region="full", size="max", rotation="0", quality="default", format="jpg",
            width=300, height=200, limits=ImageLimits()):
    return parse_image_request(ID, region, size, rotation, quality, format,
                               image_width=width, image_height=height, limits=limits)


# Section 4.1 (region) on a 300 x 200 image, as in the specification's figures.
@pytest.mark.parametrize("region, expected", [
    ("full", Region(0, 0, 300, 200)),
    ("square", Region(50, 0, 200, 200)),
    ("125,15,120,140", Region(125, 15, 120, 140)),
    ("pct:41.6,7.5,40,70", Region(125, 15, 120, 140)),
    ("125,15,200,200", Region(125, 15, 175, 185)),  # partly outside: clipped
    ("pct:0,0,100,100", Region(0, 0, 300, 200)),
    ("pct:.5,0,50.,100", Region(2, 0, 150, 200)),
])
def test_region_examples(region, expected):
    assert parse_region(region, 300, 200) == expected


@pytest.mark.parametrize("region", [
    "", "Full", "10,10,10", "10,10,10,10,10", "-1,0,10,10", "0,0,0,10", "0,0,10,0",
    "300,0,10,10", "0,200,10,10", "pct:100,0,10,10", "pct:1e2,0,1,1", "pct:0,0,0,50",
    "1.5,0,10,10", "squares", "pct:-1,0,10,10", "0x0,10,10",
])
def test_bad_regions_are_400_naming_region(region):
    with pytest.raises(ImageRequestError) as error:
        request(region=region)
    assert (error.value.status, error.value.parameter) == (400, "region")


# Section 4.2 (size) applied to the full 300 x 200 region.
@pytest.mark.parametrize("size, expected", [
    ("max", (300, 200)),
    ("^max", (6123, 4082)),  # fills maxArea (25 000 000) of the default limits
    ("150,", (150, 100)),
    ("^360,", (360, 240)),
    (",150", (225, 150)),
    ("^,240", (360, 240)),
    ("pct:50", (150, 100)),
    ("^pct:120", (360, 240)),
    ("225,100", (225, 100)),  # distorted
    ("^360,360", (360, 360)),
    ("!150,150", (150, 100)),
    ("!225,100", (150, 100)),
    ("^!360,360", (360, 240)),
    ("^!360,480", (360, 240)),
    ("!300,200", (300, 200)),
])
def test_size_examples(size, expected):
    got = request(size=size)
    assert (got.width, got.height) == expected


@pytest.mark.parametrize("size", [
    "full", "", "max^", "^", "0,", ",0", "0,0", "pct:0", "pct:", "150", "!150,", "w,h", "-150,",
    "pct:101", "301,", ",201", "301,200", "300,201", "!600,400", "pct:1e2", "^^max", " 150,",
])
def test_bad_sizes_are_400_naming_size(size):
    with pytest.raises(ImageRequestError) as error:
        request(size=size)
    assert (error.value.status, error.value.parameter) == (400, "size")


@pytest.mark.parametrize("region, size, expected", [
    ("0,0,1024,1", "512,", (512, 1)),  # a one-pixel strip's tile at scale factor 2, not "empty"
    ("0,0,1,1024", ",512", (1, 512)),
    ("0,0,1024,1", "pct:10", (102, 1)),
    ("0,0,1024,1", "pct:0.001", (1, 1)),
])
def test_a_side_kept_in_proportion_is_at_least_one_pixel(region, size, expected):
    got = request(region=region, size=size, width=2000, height=2000)
    assert (got.width, got.height) == expected


def test_upscaling_without_caret_is_refused_with_a_hint():
    with pytest.raises(ImageRequestError, match=r"\^"):
        request(size="600,")


def test_limits_scale_max_down_and_refuse_larger_sizes():
    limits = ImageLimits(max_width=150, max_height=150, max_area=150 * 150)
    got = request(size="max", limits=limits)
    assert (got.width, got.height, got.canonical_size) == (150, 100, "max")
    area = ImageLimits(max_width=1000, max_height=1000, max_area=6000)
    got = request(size="max", limits=area)
    assert (got.width, got.height) == (94, 63) and got.width * got.height <= 6000
    with pytest.raises(ImageRequestError, match="maxWidth"):
        request(size="151,", limits=limits)
    with pytest.raises(ImageRequestError) as error:
        request(size="^200,200", limits=limits)
    assert error.value.parameter == "size"


def test_caret_max_fills_the_limits():
    limits = ImageLimits(max_width=600, max_height=600, max_area=10**9)
    got = request(size="^max", limits=limits)
    assert (got.width, got.height) == (600, 400)


# Section 4.3 (rotation)
@pytest.mark.parametrize("rotation, mirror, angle, canonical", [
    ("0", False, 0, "0"), ("90", False, 90, "90"), ("180", False, 180, "180"), ("270", False, 270, "270"),
    ("22.5", False, 22.5, "22.5"), ("!0", True, 0, "!0"), ("!180", True, 180, "!180"),
    ("90.0", False, 90, "90"), ("360", False, 0, "0"), ("0.50", False, 0.5, "0.5"),
])
def test_rotation_examples(rotation, mirror, angle, canonical):
    got = request(rotation=rotation)
    assert (got.mirror, got.rotation, got.canonical_rotation) == (mirror, angle, canonical)


@pytest.mark.parametrize("rotation", ["", "-90", "361", "!", "!!90", "90!", "abc", "1e2", "9 0"])
def test_bad_rotations_are_400_naming_rotation(rotation):
    with pytest.raises(ImageRequestError) as error:
        request(rotation=rotation)
    assert (error.value.status, error.value.parameter) == (400, "rotation")


# Sections 4.4 and 4.5 (quality, format)
@pytest.mark.parametrize("quality", ["default", "color", "gray", "bitonal"])
def test_qualities(quality):
    assert request(quality=quality).quality == quality


@pytest.mark.parametrize("quality, parameter", [("grey", "quality"), ("native", "quality"), ("", "quality")])
def test_unknown_quality_is_400(quality, parameter):
    with pytest.raises(ImageRequestError) as error:
        request(quality=quality)
    assert (error.value.status, error.value.parameter) == (400, parameter)


@pytest.mark.parametrize("format", ["jpg", "png", "webp", "gif", "tif"])
def test_formats(format):
    assert request(format=format).format == format


@pytest.mark.parametrize("format", ["jpeg", "pdf", "jp2", "JPG", ""])
def test_unknown_format_is_400(format):
    with pytest.raises(ImageRequestError) as error:
        request(format=format)
    assert (error.value.status, error.value.parameter) == (400, "format")


# Section 4.7 (canonical URI syntax)
@pytest.mark.parametrize("params, canonical", [
    (dict(), "full/max/0/default.jpg"),
    (dict(region="0,0,300,200"), "full/max/0/default.jpg"),
    (dict(region="pct:0,0,100,100", size="300,200"), "full/max/0/default.jpg"),
    (dict(region="square", size="!100,100"), "50,0,200,200/100,100/0/default.jpg"),
    (dict(region="pct:41.6,7.5,40,70", size="60,"), "125,15,120,140/60,70/0/default.jpg"),
    (dict(size="pct:50", rotation="!90.0", quality="gray", format="png"), "full/150,100/!90/gray.png"),
    (dict(size="^pct:200"), "full/^600,400/0/default.jpg"),
    (dict(size="^max", limits=ImageLimits(300, 300, 10**6)), "full/max/0/default.jpg"),
    (dict(size="150,100", rotation="22.50"), "full/150,100/22.5/default.jpg"),
])
def test_canonical_form(params, canonical):
    assert request(**params).canonical_path == canonical


# Section 4's grammar is ASCII: digits of other scripts (which Python's \d and int() take) are
# malformed, and so is every other character the grammar does not name. Here fullwidth,
# Arabic-Indic, Persian, Devanagari and mathematical digits:
NON_ASCII_DIGITS = ["\uff11", "\u0661", "\u06f1", "\u0967", "\U0001d7cf"]


@pytest.mark.parametrize("digit", NON_ASCII_DIGITS)
@pytest.mark.parametrize("parameter, template", [
    ("region", "{d}0,0,10,10"), ("region", "0,0,1{d},10"), ("region", "pct:{d},0,10,10"),
    ("region", "pct:0,0,10.{d},10"),
    ("size", "{d}00,"), ("size", ",{d}00"), ("size", "{d}0,{d}0"), ("size", "!{d}0,10"), ("size", "pct:{d}0"),
    ("size", "^{d}00,"),
    ("rotation", "{d}"), ("rotation", "!{d}"), ("rotation", "{d}.5"),
])
def test_digits_of_other_scripts_are_400(digit, parameter, template):
    with pytest.raises(ImageRequestError) as error:
        request(**{parameter: template.format(d=digit)})
    assert (error.value.status, error.value.parameter) == (400, parameter)


@pytest.mark.parametrize("parameter, value", [
    ("quality", "defaul\u0074\u0307"), ("quality", "\uff44efault"), ("format", "\uff4apg"), ("format", "jp\u0261"),
    ("region", "\uff46ull"), ("size", "\uff4dax"), ("size", "1_00,"), ("rotation", "9_0"), ("region", "0,0,1_0,10"),
])
def test_lookalikes_of_the_grammar_words_are_400(parameter, value):
    with pytest.raises(ImageRequestError) as error:
        request(**{parameter: value})
    assert (error.value.status, error.value.parameter) == (400, parameter)


def test_the_first_bad_parameter_in_url_order_is_named():
    with pytest.raises(ImageRequestError) as error:
        request(region="x", size="y", rotation="z")
    assert error.value.parameter == "region"



@st.composite
def requests(draw):
    width, height = draw(st.integers(1, 5000)), draw(st.integers(1, 5000))
    x, y = draw(st.integers(0, width - 1)), draw(st.integers(0, height - 1))
    w, h = draw(st.integers(1, width)), draw(st.integers(1, height))
    percent = f"pct:{100 * x / width:.3f},{100 * y / height:.3f},{100 * w / width:.3f},{100 * h / height:.3f}"
    region = draw(st.sampled_from([f"{x},{y},{w},{h}", "full", "square", percent]))
    size = draw(st.sampled_from(["max", "^max", f"{draw(st.integers(1, 400))},", f",{draw(st.integers(1, 400))}",
                                 f"^!{draw(st.integers(1, 400))},{draw(st.integers(1, 400))}", "pct:50", "^pct:150"]))
    rotation = draw(st.sampled_from(["0", "90", "!180", "22.5", "!359.75"]))
    return region, size, rotation, width, height


@given(requests())
def test_the_canonical_form_is_a_fixed_point(case):
    """Parsing a canonical request again gives the same canonical request (spec section 4.7)."""
    region, size, rotation, width, height = case
    try:
        first = request(region=region, size=size, rotation=rotation, width=width, height=height)
    except ImageRequestError:
        return
    canonical_region, canonical_size, canonical_rotation, last = first.canonical_path.split("/")
    again = request(region=canonical_region, size=canonical_size, rotation=canonical_rotation,
                    width=width, height=height)
    assert again.canonical_path == first.canonical_path
    assert (again.region, again.width, again.height) == (first.region, first.width, first.height)
