"""Photographs for the demo: objects drawn by our own code the way a museum photographer shows them.

Each picture is a height field lit like a studio shot. A form (a vessel turned on a wheel, a
coin, a cloth laid flat, a figure of rounded parts...) gives heights and a silhouette; a material
gives colour, gloss and surface (bronze patina, glaze and crackle, woven silk, hammered silver,
paper and ink...); a key light, a fill light and a soft floor shadow on a neutral backdrop do the
rest. Everything comes from the seed, so every run draws the same pictures. The light is worked
out at about three megapixels and enlarged with a fine grain, so that a large picture costs a
fraction of a second.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter

WORKING_PIXELS = 3_000_000
Array = np.ndarray


@dataclass
class Form:
    """A shape on the backdrop: heights (in pixels), a silhouette (0..1) and coordinates on its
    surface (s across, t down, both 0..1) for patterns to follow."""

    height: Array
    mask: Array
    s: Array
    t: Array
    standing: bool  # stands on a sweep (a vessel, a figure) rather than lying flat (a cloth, a coin)


@dataclass
class Finish:
    """What a material does with light."""

    albedo: Array          # colour, h x w x 3, 0..1
    relief: Array          # extra height from the surface (hammering, weave, carving)
    gloss: float           # strength of the highlight
    shininess: float       # how tight the highlight is
    metal: bool = False    # metals tint their highlights
    glass: bool = False    # glass lets the backdrop through and shines at its edges


# ---- noise and small helpers ------------------------------------------------------------------

def _noise(rng: np.random.Generator, shape: tuple[int, int], cells: float, octaves: int = 4) -> Array:
    """Smooth value noise in 0..1: random grids enlarged by Pillow and summed over octaves."""
    h, w = shape
    total = np.zeros(shape, np.float32)
    weight = 0.0
    for octave in range(octaves):
        n = cells * 2 ** octave
        gw, gh = max(2, int(n * w / max(w, h)) + 2), max(2, int(n * h / max(w, h)) + 2)
        grid = Image.fromarray((rng.random((gh, gw)) * 255).astype(np.uint8))
        layer = np.asarray(grid.resize((w, h), Image.Resampling.BICUBIC), np.float32) / 255
        amplitude = 0.5 ** octave
        total += layer * amplitude
        weight += amplitude
    return total / weight


def _smooth_edge(distance: Array, width: float = 1.5) -> Array:
    """A silhouette from a signed distance (positive inside), anti-aliased over a pixel or two."""
    return np.clip(distance / width + 0.5, 0, 1)


def _mix(a: Array, b: Array, amount: Array) -> Array:
    amount = amount[..., None] if amount.ndim == 2 else amount
    return a * (1 - amount) + b * amount


def _colour(rgb: tuple[float, float, float], shape: tuple[int, int]) -> Array:
    return np.broadcast_to(np.array(rgb, np.float32), (*shape, 3)).copy()


def _blur(values: Array, radius: float) -> Array:
    """Gaussian blur of a 0..1 field through Pillow (fast, in C)."""
    image = Image.fromarray((np.clip(values, 0, 1) * 255).astype(np.uint8))
    return np.asarray(image.filter(ImageFilter.GaussianBlur(radius)), np.float32) / 255


# ---- forms ------------------------------------------------------------------------------------

def _grid(shape: tuple[int, int]) -> tuple[Array, Array]:
    h, w = shape
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    return x, y


def _turned(shape, profile: Callable[[Array], Array], top=0.16, bottom=0.86, width=0.34) -> Form:
    """A vessel thrown on a wheel: its radius at each height comes from the profile (t from the
    rim to the foot), and it is round, so the height of the surface is that of a cylinder."""
    h, w = shape
    x, y = _grid(shape)
    size = min(w, h * 1.15)
    cx, y0, y1 = w / 2, h * top, h * bottom
    t = np.clip((y - y0) / (y1 - y0), 0, 1)
    radius = profile(t) * size * width
    inside_rows = (y >= y0) & (y <= y1)
    across = x - cx
    distance = np.where(inside_rows, radius - np.abs(across), -10)
    distance = np.minimum(distance, np.minimum(y - y0, y1 - y) * 3)
    mask = _smooth_edge(distance)
    height = np.sqrt(np.clip(radius ** 2 - across ** 2, 0, None))
    s = 0.5 + np.arcsin(np.clip(across / np.maximum(radius, 1), -1, 1)) / math.pi
    return Form(height, mask, s, t, standing=True)


PROFILES: dict[str, Callable[[Array], Array]] = {
    # a jar with a short neck and high shoulders
    "jar": lambda t: np.where(t < 0.08, 0.42, 0.42 + 0.58 * np.sin(np.clip((t - 0.08) / 0.92, 0, 1) * math.pi * 0.9)
                              ** 0.7 * (1 - 0.45 * np.clip((t - 0.55) / 0.45, 0, 1))),
    # a ritual vessel with a flaring mouth, a waist and a spreading foot
    "zun": lambda t: 0.55 + 0.4 * np.cos(t * math.pi * 2) ** 2 * np.where(t < 0.5, 1.0, 0.75),
    # a beaker, wider at the mouth
    "beaker": lambda t: 0.62 - 0.18 * t + 0.05 * np.sin(t * math.pi * 6) * (t > 0.7),
    # a flask: a long neck on a round body
    "flask": lambda t: np.where(t < 0.42, 0.16 + 0.06 * (t < 0.04),
                                0.16 + 0.84 * np.clip(np.sin(np.clip((t - 0.42) / 0.58, 0, 1) * math.pi), 0, 1) ** 0.6),
    # a bowl seen from just above its rim, on a low foot
    "bowl": lambda t: np.where(t < 0.86, np.sqrt(np.clip(1 - (t / 0.86) ** 2 * 0.7, 0, 1)), 0.42),
}


def _bowl(shape) -> Form:
    """A bowl: a turned body whose mouth shows as an ellipse, its inside in shadow."""
    form = _turned(shape, PROFILES["bowl"], top=0.36, bottom=0.82, width=0.4)
    h, w = shape
    x, y = _grid(shape)
    rx, ry, cy = min(w, h * 1.15) * 0.4, h * 0.08, h * 0.36
    inside = 1 - ((x - w / 2) / rx) ** 2 - ((y - cy) / ry) ** 2
    mouth = _smooth_edge(inside * ry, 1.5)
    rim = np.sqrt(np.clip(inside, 0, 1))
    form.mask = np.maximum(form.mask, mouth)
    form.height = np.where(mouth > 0, rx * 0.25 * (1 - rim) + form.height.max() * 0.3, form.height)
    form.t = np.where(mouth > 0, -rim, form.t)
    return form


def _disc(shape, hole: float = 0.0, dome: float = 0.05, rim: float = 0.04) -> Form:
    """A round flat thing seen from the front: a coin, a mirror's back, a plate, a jade disc."""
    h, w = shape
    x, y = _grid(shape)
    radius = min(w, h) * 0.4
    r = np.hypot(x - w / 2, y - h / 2) / radius
    mask = _smooth_edge((1 - r) * radius) * (_smooth_edge((r - hole) * radius) if hole else 1)
    height = radius * (dome * np.sqrt(np.clip(1 - r ** 2, 0, 1)) + rim * np.clip((r - 0.86) / 0.1, 0, 1)
                       * (r < 0.97))
    s = (np.arctan2(y - h / 2, x - w / 2) / (2 * math.pi)) % 1
    return Form(height, mask, s, np.clip(r, 0, 1), standing=False)


def _slab(shape, rng, ragged: float = 0.0, aspect: float | None = None, bevel: float = 0.02,
          margin: float = 0.1) -> Form:
    """A flat rectangle laid down or stood up: a tile, a stele, a panel, a cloth; ragged edges
    for fragments that were broken or worn."""
    h, w = shape
    x, y = _grid(shape)
    mw, mh = w * margin, h * margin
    if aspect:  # keep the slab's own proportions inside the picture
        box_w, box_h = w - 2 * mw, h - 2 * mh
        if box_w / box_h > aspect:
            mw = (w - box_h * aspect) / 2
        else:
            mh = (h - box_w / aspect) / 2
    edge = np.minimum(np.minimum(x - mw, w - mw - x), np.minimum(y - mh, h - mh - y))
    if ragged:
        edge = edge - ragged * min(w, h) * _noise(rng, shape, 6, 3)
    mask = _smooth_edge(edge)
    scale = min(w, h)
    height = np.clip(edge / (bevel * scale), 0, 1) ** 0.5 * scale * bevel
    s = np.clip((x - mw) / (w - 2 * mw), 0, 1)
    t = np.clip((y - mh) / (h - 2 * mh), 0, 1)
    return Form(height, mask, s, t, standing=False)


def _robe(shape, rng) -> Form:
    """A robe laid out flat: sleeves spread, a body widening to the hem, soft folds."""
    h, w = shape
    x, y = _grid(shape)
    cx = w / 2
    u, v = (x - cx) / w, y / h
    body = (np.abs(u) < 0.14 + 0.12 * np.clip((v - 0.2) / 0.7, 0, 1)) & (v > 0.12) & (v < 0.92)
    sleeves = (np.abs(u) < 0.45) & (v > 0.14) & (v < 0.3 + 0.04 * np.cos(u * 20))
    collar = (np.hypot(u, (v - 0.12) * 1.4) < 0.06)
    inside = (body | sleeves) & ~collar
    mask = _blur(inside.astype(np.float32), 1.2)
    folds = np.sin(x / w * 38 + 3 * _noise(rng, shape, 3, 2)) * 0.5 + 0.5
    height = _blur(inside.astype(np.float32), min(w, h) * 0.02) * min(w, h) * 0.03 + folds * min(w, h) * 0.006
    return Form(height * mask, mask, np.clip(x / w, 0, 1), np.clip(v, 0, 1), standing=False)


def _figure(shape, parts: list[tuple[float, ...]]) -> Form:
    """A figure made of rounded parts, as a tomb figure or a carved head is: ellipsoids at x, y
    (in a square in the middle of the picture) with radii rx, ry and a tilt; a part with a sixth
    value of 1 sits on the surface (a nose, a brow) rather than being a mass of its own."""
    h, w = shape
    x, y = _grid(shape)
    size = min(w, h)
    left, top = (w - size) / 2, (h - size) / 2
    height = np.zeros(shape, np.float32)
    features = np.zeros(shape, np.float32)
    for px, py, rx, ry, tilt, *on_surface in parts:
        cx, cy = left + px * size, top + py * size
        c, s_ = math.cos(tilt), math.sin(tilt)
        dx, dy = x - cx, y - cy
        a, b = (dx * c + dy * s_) / (rx * size), (-dx * s_ + dy * c) / (ry * size)
        dome = min(rx, ry) * size * np.sqrt(np.clip(1 - a * a - b * b, 0, 1))
        if on_surface:
            features += dome
        else:
            height = np.maximum(height, dome)
    height = height + features * (height > 0)
    mask = _smooth_edge(height * 4 - 0.5)
    return Form(height, mask, np.clip(x / w, 0, 1), np.clip(y / h, 0, 1), standing=True)


# A Bactrian camel with a rider on a low base, as tomb figures were made.
CAMEL = [(0.53, 0.45, 0.2, 0.095, 0), (0.45, 0.35, 0.07, 0.065, 0), (0.61, 0.35, 0.07, 0.065, 0),
         (0.53, 0.24, 0.04, 0.075, 0), (0.53, 0.14, 0.03, 0.032, 0), (0.53, 0.1, 0.034, 0.012, 0),
         (0.3, 0.37, 0.035, 0.1, -0.55), (0.22, 0.27, 0.06, 0.03, 0.25), (0.74, 0.47, 0.012, 0.06, 0.3),
         (0.41, 0.63, 0.022, 0.15, 0.03), (0.47, 0.63, 0.022, 0.15, -0.03), (0.61, 0.63, 0.022, 0.15, 0.03),
         (0.67, 0.63, 0.022, 0.15, -0.03), (0.54, 0.8, 0.24, 0.022, 0)]
# A life-size head with its hair gathered in a knot, ears, brows, nose and a moustache.
HEAD = [(0.5, 0.5, 0.19, 0.25, 0), (0.5, 0.34, 0.2, 0.13, 0), (0.6, 0.16, 0.07, 0.06, 0.3),
        (0.31, 0.5, 0.035, 0.07, 0), (0.69, 0.5, 0.035, 0.07, 0), (0.5, 0.82, 0.12, 0.13, 0),
        (0.5, 0.54, 0.03, 0.08, 0, 1), (0.42, 0.44, 0.07, 0.015, 0.1, 1), (0.58, 0.44, 0.07, 0.015, -0.1, 1),
        (0.5, 0.64, 0.07, 0.014, 0, 1), (0.5, 0.72, 0.06, 0.04, 0, 1)]


def _plaques(shape, rng) -> Form:
    """Belt fittings or ornaments laid out in a row: small shields and roundels."""
    h, w = shape
    x, y = _grid(shape)
    size = min(w, h)
    height = np.zeros(shape, np.float32)
    count = int(rng.integers(3, 6))
    for k in range(count):
        cx = w * (k + 0.5) / count
        cy = h * (0.42 + 0.16 * (k % 2))
        rx, ry = w / count * 0.36, size * (0.22 if k % 2 else 0.16)
        r = np.hypot((x - cx) / rx, (y - cy) / ry)
        height = np.maximum(height, size * 0.04 * np.sqrt(np.clip(1 - r ** 2, 0, 1)) ** 0.3 * (r < 1))
    mask = _smooth_edge(height * 6 - 0.5)
    return Form(height, mask, np.clip(x / w, 0, 1), np.clip(y / h, 0, 1), standing=False)


def _slips(shape, rng) -> Form:
    """Bamboo slips bound side by side with cords."""
    h, w = shape
    x, y = _grid(shape)
    count = 24
    pitch = w * 0.92 / count
    local = ((x - w * 0.04) % pitch) / pitch
    inside = (x > w * 0.04) & (x < w * 0.96) & (y > h * 0.1) & (y < h * 0.9) & (local > 0.06) & (local < 0.94)
    height = np.sin(np.clip(local, 0, 1) * math.pi) * pitch * 0.25
    mask = _blur(inside.astype(np.float32), 0.8)
    return Form(height * mask, mask, np.floor((x - w * 0.04) / pitch) / count, np.clip(y / h, 0, 1), standing=False)


# ---- materials --------------------------------------------------------------------------------

def _patina(rng, form: Form, shape) -> Finish:
    """Bronze: dark metal under a mottled green and brown patina, cast bands of relief."""
    mottle = _noise(rng, shape, 5, 5)
    metal = _colour((0.38, 0.28, 0.16), shape)
    green = _colour((0.30, 0.46, 0.38), shape)
    crust = _colour((0.46, 0.52, 0.42), shape)
    albedo = _mix(_mix(metal, green, np.clip(mottle * 1.8 - 0.35, 0, 1)), crust, np.clip(mottle * 3 - 2.1, 0, 1))
    bands = ((np.sin(form.t * math.pi * 9) > 0.55) * (np.sin(form.s * math.pi * 40) * 0.5 + 0.5))
    relief = bands * 3 + _noise(rng, shape, 40, 2) * 1.5
    return Finish(albedo, relief, gloss=0.35, shininess=18, metal=True)


def _porcelain(rng, form: Form, shape) -> Finish:
    """White porcelain painted in cobalt under a clear glaze: bands, scrolls and a central motif."""
    albedo = _colour((0.93, 0.93, 0.90), shape)
    s, t = form.s, form.t
    scroll = np.sin(s * math.pi * 16 + np.sin(t * 40) * 2) * np.sin(t * math.pi * 22 + s * 6)
    motif = _noise(rng, shape, 7, 5)
    painted = (((t > 0.06) & (t < 0.12)) | ((t > 0.78) & (t < 0.82))).astype(np.float32)
    # Brushed shapes have crisp edges, and the cobalt pools darker where the brush stopped.
    window = np.clip(np.minimum(t - 0.22, 0.7 - t) / 0.08, 0, 1)
    painted += np.clip((motif - 0.56 - 0.3 * (1 - window)) * 60, 0, 1)
    painted += ((t > 0.84) & (t < 0.95)) * (scroll > 0.4)
    painted += ((t > 0.13) & (t < 0.2)) * (np.abs(np.sin(s * math.pi * 24)) > 0.8)
    heaping = _noise(rng, shape, 40, 2)
    cobalt = _colour((0.13, 0.22, 0.52), shape) * (0.6 + 0.6 * heaping[..., None])
    albedo = _mix(albedo, cobalt, np.clip(painted, 0, 1) * 0.9)
    return Finish(albedo, _noise(rng, shape, 60, 1) * 0.3, gloss=0.7, shininess=160)


def _glaze(rng, form: Form, shape) -> Finish:
    """A coloured glaze with fine crackle: celadon, turquoise or lustre over fritware."""
    colours = [(0.55, 0.66, 0.55), (0.25, 0.55, 0.60), (0.78, 0.64, 0.38), (0.85, 0.82, 0.74)]
    base = colours[int(rng.integers(len(colours)))]
    albedo = _colour(base, shape) * (0.88 + 0.2 * _noise(rng, shape, 6, 3)[..., None])
    crackle = _crackle(rng, shape)
    albedo = _mix(albedo, albedo * 0.55, crackle * 0.8)
    ring = np.abs(np.sin(form.t * math.pi * 7)) > 0.96
    albedo = _mix(albedo, _colour((0.28, 0.18, 0.10), shape), ring.astype(np.float32) * 0.7)
    return Finish(albedo, -crackle * 0.6, gloss=0.8, shininess=70)


def _crackle(rng, shape) -> Array:
    """Crazing in a glaze: thin lines where random cells meet."""
    h, w = shape
    image = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(image)
    for _ in range(int(w * h / 6000)):
        x0, y0 = rng.random() * w, rng.random() * h
        angle, length = rng.random() * math.tau, 8 + rng.random() * 40
        points = [(x0, y0)]
        for _ in range(4):
            angle += rng.normal() * 0.6
            x0, y0 = x0 + math.cos(angle) * length / 4, y0 + math.sin(angle) * length / 4
            points.append((x0, y0))
        draw.line(points, fill=255, width=1)
    return np.asarray(image.filter(ImageFilter.GaussianBlur(0.5)), np.float32) / 255


def _silver(rng, form: Form, shape, gilded: bool = False) -> Finish:
    """Hammered silver, its facets catching the light; gilding on the chased motifs."""
    albedo = _colour((0.80, 0.80, 0.82), shape) * (0.9 + 0.15 * _noise(rng, shape, 8, 3)[..., None])
    petals = np.clip(np.cos(form.s * math.pi * 24) * 1.5 - 0.2, 0, 1) * (form.t > 0.3)
    if gilded:
        albedo = _mix(albedo, _colour((0.86, 0.68, 0.30), shape), petals * 0.9)
    dents = _noise(rng, shape, 90, 1)
    return Finish(albedo, dents * 2.2 + petals * 2.5, gloss=1.1, shininess=40, metal=True)


def _gold(rng, form: Form, shape) -> Finish:
    albedo = _colour((0.92, 0.72, 0.32), shape) * (0.9 + 0.15 * _noise(rng, shape, 6, 3)[..., None])
    chasing = (np.sin(form.s * math.pi * 30) * np.sin(form.t * math.pi * 30) > 0.3).astype(np.float32)
    return Finish(albedo, chasing * 2 + _noise(rng, shape, 70, 1), gloss=1.2, shininess=35, metal=True)


def _earthenware(rng, form: Form, shape, painted: bool = True) -> Finish:
    """Fired clay: warm and matt, with grit, and traces of painted pigment."""
    grain = _noise(rng, shape, 80, 2)
    albedo = _colour((0.66, 0.42, 0.28), shape) * (0.8 + 0.35 * _noise(rng, shape, 5, 4)[..., None])
    albedo = albedo * (0.92 + 0.16 * grain[..., None])
    if painted:
        pigment = np.clip((_noise(rng, shape, 4, 5) - 0.5) * 30, 0, 1) * 0.7
        tones = [(0.72, 0.58, 0.36), (0.55, 0.20, 0.14), (0.25, 0.35, 0.30), (0.15, 0.12, 0.10)]
        albedo = _mix(albedo, _colour(tones[int(rng.integers(len(tones)))], shape), pigment)
        lines = (np.abs(np.sin(form.t * math.pi * 12)) > 0.93).astype(np.float32)
        albedo = _mix(albedo, _colour((0.18, 0.12, 0.10), shape), lines * 0.8)
    return Finish(albedo, grain * 1.5, gloss=0.08, shininess=8)


def _silk(rng, form: Form, shape, palette: int) -> Finish:
    """Woven silk: warp and weft threads, a repeating pattern of roundels, a soft sheen."""
    x, y = _grid(shape)
    weave = np.sin(x * 1.9) * np.sin(y * 1.9)
    palettes = [((0.55, 0.13, 0.12), (0.85, 0.68, 0.32), (0.15, 0.28, 0.30)),
                ((0.12, 0.22, 0.38), (0.84, 0.78, 0.60), (0.60, 0.30, 0.15)),
                ((0.70, 0.52, 0.20), (0.20, 0.35, 0.22), (0.45, 0.12, 0.15))]
    ground, figure, detail = palettes[palette % len(palettes)]
    repeat = 7 + int(rng.integers(0, 5))
    u, v = (form.s * repeat) % 1 - 0.5, (form.t * repeat) % 1 - 0.5
    roundel = np.hypot(u, v)
    pattern = ((roundel > 0.34) & (roundel < 0.42)) | (np.abs(u) + np.abs(v * 1.6) < 0.16)
    accents = (np.abs(np.abs(u) - np.abs(v)) < 0.03) & (roundel > 0.42)
    albedo = _colour(ground, shape)
    albedo = _mix(albedo, _colour(figure, shape), pattern.astype(np.float32))
    albedo = _mix(albedo, _colour(detail, shape), accents.astype(np.float32))
    wear = _noise(rng, shape, 6, 4)
    albedo = albedo * (0.78 + 0.3 * wear[..., None]) * (0.94 + 0.06 * weave[..., None])
    return Finish(albedo, weave * 0.6, gloss=0.3, shininess=12)


def _stone(rng, form: Form, shape, colour=(0.62, 0.60, 0.56)) -> Finish:
    """Limestone or plaster: grey, pitted, carved with columns of signs."""
    albedo = _colour(colour, shape) * (0.82 + 0.3 * _noise(rng, shape, 10, 5)[..., None])
    pits = np.clip((_noise(rng, shape, 120, 1) - 0.7) * 4, 0, 1)
    cols, rows = 9, 16
    cu, cv = (form.s * cols) % 1, (form.t * rows) % 1
    carve = ((np.abs(cu - 0.5) < 0.3) & (np.abs(cv - 0.5) < 0.3)
             & (_noise(rng, shape, cols * 6, 1) > 0.45) & (form.t > 0.15) & (form.t < 0.9)).astype(np.float32)
    albedo = _mix(albedo, albedo * 0.55, carve)
    return Finish(albedo, -carve * 4 - pits * 2, gloss=0.05, shininess=6)


def _jade(rng, form: Form, shape) -> Finish:
    """Jade: translucent green with cloudy inclusions and rows of raised spirals."""
    cloud = _noise(rng, shape, 6, 5)
    albedo = _mix(_colour((0.38, 0.55, 0.42), shape), _colour((0.75, 0.80, 0.66), shape),
                  np.clip(cloud * 1.6 - 0.6, 0, 1))
    x, y = _grid(shape)
    pitch = min(shape) / 26
    bumps = (np.sin(x / pitch * math.pi) * np.sin(y / pitch * math.pi)) ** 2
    return Finish(albedo, bumps * 3.5, gloss=0.7, shininess=45)


def _glass(rng, form: Form, shape) -> Finish:
    tint = [(0.55, 0.72, 0.62), (0.45, 0.58, 0.72), (0.78, 0.70, 0.48)][int(rng.integers(3))]
    threads = (np.abs(np.sin(form.t * math.pi * 26 + form.s * 3)) > 0.9).astype(np.float32)
    albedo = _mix(_colour(tint, shape), _colour((0.9, 0.92, 0.88), shape), threads * 0.6)
    return Finish(albedo, threads * 2, gloss=1.0, shininess=120, glass=True)


def _ivory(rng, form: Form, shape) -> Finish:
    albedo = _colour((0.86, 0.80, 0.66), shape) * (0.88 + 0.16 * _noise(rng, shape, 8, 4)[..., None])
    figure = np.clip((_noise(rng, shape, 5, 3) - 0.48) * 8, 0, 1) * (form.t > 0.12) * (form.t < 0.88) \
        * (form.s > 0.1) * (form.s < 0.9)
    return Finish(_mix(albedo, albedo * 0.8, figure * 0.3), figure * 14, gloss=0.3, shininess=20)


def _paper(rng, form: Form, shape, bamboo: bool) -> Finish:
    """Paper or bamboo written in ink: columns of strokes read from top to bottom."""
    base = (0.72, 0.58, 0.36) if bamboo else (0.86, 0.80, 0.68)
    albedo = _colour(base, shape) * (0.85 + 0.2 * _noise(rng, shape, 8, 5)[..., None])
    x, y = _grid(shape)
    strokes = _noise(rng, shape, min(shape) / 12, 1)
    column = (np.abs((form.s * 24) % 1 - 0.5) < 0.16) if bamboo else (np.abs((form.s * 14) % 1 - 0.5) < 0.2)
    ink = column & ((form.t * 40) % 1 < 0.7) & (strokes > 0.52) & (form.t > 0.12) & (form.t < 0.88)
    albedo = _mix(albedo, _colour((0.08, 0.07, 0.06), shape), ink.astype(np.float32) * 0.85)
    if bamboo:
        cords = (np.abs(form.t - 0.3) < 0.008) | (np.abs(form.t - 0.7) < 0.008)
        albedo = _mix(albedo, _colour((0.35, 0.26, 0.16), shape), cords.astype(np.float32))
    return Finish(albedo, _noise(rng, shape, 50, 2) * 0.8, gloss=0.1 if not bamboo else 0.25, shininess=10)


def _lacquer(rng, form: Form, shape) -> Finish:
    """Black lacquer with gold landscapes, in panels, on a cabinet."""
    albedo = _colour((0.06, 0.05, 0.05), shape)
    panels = (np.abs((form.s * 2) % 1 - 0.5) < 0.44) & (np.abs((form.t * 3) % 1 - 0.5) < 0.44)
    scene = np.clip((_noise(rng, shape, 9, 3) - 0.55) * 6, 0, 1) * panels
    albedo = _mix(albedo, _colour((0.78, 0.60, 0.26), shape), scene)
    frame = (~panels).astype(np.float32)
    return Finish(albedo, frame * 3, gloss=0.9, shininess=80)


def _barkcloth(rng, form: Form, shape) -> Finish:
    """Beaten bark with stencilled squares and triangles in black and red-brown."""
    albedo = _colour((0.82, 0.72, 0.56), shape) * (0.86 + 0.2 * _noise(rng, shape, 12, 4)[..., None])
    u, v = (form.s * 8) % 1, (form.t * 6) % 1
    black = ((u < 0.5) ^ (v < 0.5)) & (np.abs(u - v) < 0.3)
    red = (np.abs(u - 0.5) + np.abs(v - 0.5) < 0.18)
    albedo = _mix(albedo, _colour((0.12, 0.10, 0.08), shape), black.astype(np.float32) * 0.9)
    albedo = _mix(albedo, _colour((0.48, 0.24, 0.14), shape), red.astype(np.float32) * 0.9)
    fibres = _noise(rng, shape, 200, 1)
    return Finish(albedo, fibres * 0.8, gloss=0.05, shininess=6)


def _wood(rng, form: Form, shape) -> Finish:
    rings = np.sin(form.s * 80 + _noise(rng, shape, 3, 3) * 20) * 0.5 + 0.5
    albedo = _mix(_colour((0.42, 0.24, 0.12), shape), _colour((0.55, 0.34, 0.18), shape), rings)
    return Finish(albedo, rings * 0.8, gloss=0.35, shininess=25)


def _tile(rng, form: Form, shape) -> Finish:
    """An underglaze-painted tile: a white ground, tulips and carnations in red, blue and green."""
    albedo = _colour((0.94, 0.93, 0.89), shape)
    u, v = form.s - 0.5, form.t - 0.5
    stems = (np.abs(u - 0.05 * np.sin(v * 18)) < 0.012) & (np.abs(v) < 0.35)
    leaves = np.abs(np.hypot(u * 2.2 - np.sign(u) * 0.25, v + 0.05) - 0.18) < 0.04
    petals = np.hypot(u, v + 0.3) < 0.09
    side = (np.hypot(np.abs(u) - 0.28, v + 0.15) < 0.07)
    border = (np.minimum(np.minimum(form.s, 1 - form.s), np.minimum(form.t, 1 - form.t)) < 0.05)
    albedo = _mix(albedo, _colour((0.18, 0.45, 0.32), shape), (stems | leaves).astype(np.float32))
    albedo = _mix(albedo, _colour((0.72, 0.16, 0.12), shape), (petals | side).astype(np.float32))
    albedo = _mix(albedo, _colour((0.10, 0.25, 0.55), shape), border.astype(np.float32))
    return Finish(albedo * (0.95 + 0.08 * _noise(rng, shape, 10, 3)[..., None]), _crackle(rng, shape) * -0.3,
                  gloss=0.85, shininess=80)


def _clay(rng, form: Form, shape) -> Finish:
    """Unfired clay with an impressed seal: signs in rings, rough edges."""
    albedo = _colour((0.60, 0.47, 0.34), shape) * (0.8 + 0.3 * _noise(rng, shape, 8, 5)[..., None])
    ring = (np.abs(form.t - 0.62) < 0.12) & (np.abs(np.sin(form.s * math.pi * 36)) > 0.4)
    centre = form.t < 0.45
    signs = (ring | (centre & (_noise(rng, shape, 14, 1) > 0.55))).astype(np.float32)
    return Finish(albedo, -signs * 6 + _noise(rng, shape, 60, 2) * 3, gloss=0.05, shininess=6)


# ---- light ------------------------------------------------------------------------------------

def _backdrop(shape, rng, standing: bool) -> Array:
    """A paper sweep for standing objects (lighter above, the floor below); a linen board for
    things laid flat. Both darken a little towards the corners."""
    h, w = shape
    x, y = _grid(shape)
    if standing:
        fall = np.clip((y / h - 0.55) / 0.35, 0, 1)
        tone = 0.86 - 0.16 * y / h + 0.04 * fall
        rgb = np.stack([tone * 0.97, tone * 0.96, tone * 0.93], axis=-1)
    else:
        cloth = _noise(rng, shape, 90, 2) * 0.05
        tone = 0.70 + cloth
        rgb = np.stack([tone * 0.93, tone * 0.92, tone * 0.88], axis=-1)
    vignette = 1 - 0.22 * (((x / w - 0.5) * 1.4) ** 2 + ((y / h - 0.45) * 1.5) ** 2)
    return (rgb * vignette[..., None]).astype(np.float32)


KEY = np.array([-0.5, -0.62, 0.6], np.float32) / np.linalg.norm([-0.5, -0.62, 0.6])
FILL = np.array([0.7, -0.1, 0.7], np.float32) / np.linalg.norm([0.7, -0.1, 0.7])
HALF = (KEY + np.array([0, 0, 1], np.float32)) / np.linalg.norm(KEY + np.array([0, 0, 1], np.float32))


def _shade(form: Form, finish: Finish, backdrop: Array) -> Array:
    """Lambert light from a key and a fill, a Blinn highlight, and the shadow cast on the backdrop."""
    h, w = form.mask.shape
    height = form.height + finish.relief * form.mask
    gy, gx = np.gradient(height)
    norm = np.sqrt(gx * gx + gy * gy + 1)
    nx, ny, nz = -gx / norm, -gy / norm, 1 / norm
    key = np.clip(nx * KEY[0] + ny * KEY[1] + nz * KEY[2], 0, 1)
    fill = np.clip(nx * FILL[0] + ny * FILL[1] + nz * FILL[2], 0, 1)
    spec = np.clip(nx * HALF[0] + ny * HALF[1] + nz * HALF[2], 0, 1) ** finish.shininess * finish.gloss
    occlusion = 1 - 0.35 * np.clip(_blur(form.height / max(1.0, float(form.height.max())), 6) - form.height
                                   / max(1.0, float(form.height.max())), 0, 1)
    light = (0.22 + 0.78 * key + 0.22 * fill) * occlusion
    colour = finish.albedo * light[..., None]
    tint = finish.albedo if finish.metal else np.ones_like(finish.albedo)
    colour = colour + spec[..., None] * tint
    if finish.glass:
        edge = (1 - nz) ** 1.5
        colour = _mix(backdrop * finish.albedo * 1.1, colour, np.clip(0.35 + edge * 1.5, 0, 1))
    size = min(h, w)
    offset = (int(size * 0.025), int(size * 0.035)) if not form.standing else (int(size * 0.05), int(size * 0.01))
    cast = np.roll(np.roll(form.mask, offset[1], axis=0), offset[0], axis=1)
    shadow = _blur(cast, size * (0.02 if not form.standing else 0.035)) * (0.45 if form.standing else 0.38)
    if form.standing:  # the contact shadow where the object meets the floor
        rows = np.nonzero(form.mask.max(axis=1) > 0.5)[0]
        if rows.size:
            foot = int(rows.max())
            cols = np.nonzero(form.mask[foot] > 0.5)[0]
            contact = np.zeros_like(form.mask)
            if cols.size:
                contact[max(0, foot - 2):foot + 3, cols.min():cols.max() + 1] = 1
            shadow = np.maximum(shadow, _blur(contact, size * 0.012) * 0.8)
    ground = backdrop * (1 - shadow[..., None])
    return _mix(ground, np.clip(colour, 0, 1), form.mask)


# ---- the catalogue of pictures ----------------------------------------------------------------

def _choose(object_type: str, materials: list[str], title: str, seed: int):
    """The form and finish that fit an object: by its type, its first material and its title."""
    words = title.lower()
    material = (materials or [""])[0].lower()
    if object_type in ("vessel", "tableware") and any(w in words for w in ("bowl", "plate", "saucer", "dish")):
        if "plate" in words or "dish" in words:
            return "plate", lambda shape, rng: _disc(shape, dome=0.02, rim=0.05)
        return "bowl", lambda shape, rng: _bowl(shape)
    if object_type in ("vessel", "tableware"):
        name = ("beaker" if "beaker" in words or "rhyton" in words else
                "flask" if "flask" in words or "bottle" in words else
                "zun" if any(w in words for w in ("ritual", "zun", "gui")) else "jar")
        return name, lambda shape, rng: _turned(shape, PROFILES[name])
    if object_type in ("coin", "mirror", "seal"):
        return object_type, lambda shape, rng: _disc(shape, dome=0.08 if object_type != "seal" else 0.18,
                                                     rim=0.05 if object_type != "seal" else 0.0)
    if object_type == "ornament" and any(w in words for w in ("disc", " bi")):
        return "disc", lambda shape, rng: _disc(shape, hole=0.32, dome=0.02, rim=0.0)
    if object_type == "ornament":
        return "plaques", _plaques
    if object_type == "figure":
        return "figure", lambda shape, rng: _figure(shape, CAMEL)
    if object_type == "sculpture":
        return "head", lambda shape, rng: _figure(shape, HEAD)
    if object_type == "costume":
        return "robe", _robe
    if object_type == "manuscript":
        return "slips", _slips
    if object_type == "furniture":
        return "cabinet", lambda shape, rng: _slab(shape, rng, aspect=0.8, bevel=0.03, margin=0.08)
    if object_type == "inscription":
        return "stele", lambda shape, rng: _slab(shape, rng, ragged=0.01, aspect=0.55, bevel=0.03)
    if object_type in ("painting", "sherd"):
        return "fragment", lambda shape, rng: _slab(shape, rng, ragged=0.07, bevel=0.01)
    if object_type == "tile":
        return "tile", lambda shape, rng: _slab(shape, rng, aspect=1.0, bevel=0.015)
    if object_type == "relief":
        return "panel", lambda shape, rng: _slab(shape, rng, aspect=0.62, bevel=0.02)
    del material
    return "cloth", lambda shape, rng: _slab(shape, rng, ragged=0.004, bevel=0.004, margin=0.07)


def _finish_for(object_type: str, materials: list[str], form: Form, shape, rng, seed: int) -> Finish:
    material = " ".join(materials).lower()
    first = (materials or [""])[0].lower()
    if object_type == "furniture" or "lacquer" in material:
        return _lacquer(rng, form, shape)
    if object_type == "tile":
        return _tile(rng, form, shape)
    if "porcelain" in first:
        return _porcelain(rng, form, shape)
    if "fritware" in first or "slip" in material:
        return _glaze(rng, form, shape)
    if "bronze" in material:
        return _patina(rng, form, shape)
    if first == "silver":
        return _silver(rng, form, shape, gilded="gold" in material)
    if first == "gold":
        return _gold(rng, form, shape)
    if "silk" in first:
        return _silk(rng, form, shape, seed)
    if "jade" in first:
        return _jade(rng, form, shape)
    if "glass" in first:
        return _glass(rng, form, shape)
    if "ivory" in first or "tooth" in first:
        return _ivory(rng, form, shape)
    if "bamboo" in first or "paper" in first:
        return _paper(rng, form, shape, bamboo="bamboo" in first)
    if "barkcloth" in first:
        return _barkcloth(rng, form, shape)
    if "wood" in first:
        return _wood(rng, form, shape)
    if "clay" == first:
        return _clay(rng, form, shape)
    if first in ("limestone", "plaster", "stone"):
        return _stone(rng, form, shape, (0.78, 0.72, 0.62) if first == "plaster" else (0.62, 0.60, 0.56))
    return _earthenware(rng, form, shape, painted="pigment" in material or object_type == "figure")


def photograph(width: int, height: int, seed: int, object_type: str, materials: list[str],
               title: str = "") -> Image.Image:
    """The demo's photograph of an object, width x height pixels, the same for the same seed."""
    rng = np.random.default_rng(seed)
    scale = min(1.0, math.sqrt(WORKING_PIXELS / (width * height)))
    shape = (max(32, round(height * scale)), max(32, round(width * scale)))
    _, build = _choose(object_type, materials, title, seed)
    form = build(shape, rng)
    finish = _finish_for(object_type, materials, form, shape, rng, seed)
    picture = _shade(form, finish, _backdrop(shape, rng, form.standing))
    image = Image.fromarray((np.clip(picture, 0, 1) * 255 + 0.5).astype(np.uint8), "RGB")
    if image.size != (width, height):
        image = image.resize((width, height), Image.Resampling.BICUBIC)
    return ImageChops.add(image, _grain(rng, width, height), 1.0, -128)


def _grain(rng: np.random.Generator, width: int, height: int) -> Image.Image:
    """A photograph's fine grain around 128, from a tile repeated (drawing every pixel's own
    random number would cost more than the picture)."""
    tile = np.clip(rng.normal(128, 5, (256, 256)), 0, 255).astype(np.uint8)
    reps = (height // 256 + 1, width // 256 + 1)
    return Image.fromarray(np.tile(tile, reps)[:height, :width]).convert("RGB")


def kind(object_type: str, materials: list[str], title: str = "") -> str:
    """Which of the drawn forms an object gets (the demo's tests count them)."""
    return _choose(object_type, materials, title, 0)[0]
