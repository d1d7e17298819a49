"""Object records, museums and exhibitions as the application hands them to the IIIF builders, and the
schema check every Presentation document must pass."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft7Validator

BASE = "https://caravanserai.example"
SCHEMA = Path(__file__).resolve().parents[2].parent / "shared" / "iiif" / "presentation-3.0.schema.json"


@lru_cache(maxsize=1)
def _validator() -> Draft7Validator:
    return Draft7Validator(json.loads(SCHEMA.read_text()))


def schema_errors(document: dict) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message[:300]}"
        for error in _validator().iter_errors(document)
    ]


def assert_valid(document: dict) -> None:
    errors = schema_errors(document)
    assert not errors, "\n".join(errors)


def image(seed: str, width: int = 4000, height: int = 3000) -> dict:
    image_id = hashlib.sha256(seed.encode()).hexdigest()
    return {"id": image_id, "width": width, "height": height, "info": f"{BASE}/iiif/3/{image_id}/info.json"}


NMC = {
    "slug": "nmc",
    "name": {"en": ["National Museum of China"], "zh": ["中国国家博物馆"]},
    "country": "CN",
    "homepage": "https://nmc.example/",
    "logo": "https://nmc.example/logo.png",
}
HERMITAGE = {
    "slug": "hermitage",
    "name": {"en": ["State Hermitage Museum"], "ru": ["Государственный Эрмитаж"]},
    "country": "RU",
    "homepage": "https://hermitage.example/",
    "logo": None,
}
SAMARKAND = {
    "slug": "samarkand",
    "name": {"uz": ["Samarqand davlat muzeyi"]},
    "country": "UZ",
    "homepage": None,
    "logo": None,
}


def record(object_id: str = "nmc-3kf9q2x7ab1c", museum: dict = NMC, images: int = 1, **fields) -> dict:
    """A full object record (every optional field filled), overridable field by field."""
    values = {
        "id": object_id,
        "accession": "GB-1985.12",
        "museum": museum,
        "title": {"en": ["Jar with dragon"], "zh": ["龙纹罐"], "fr": ["Jarre au dragon"]},
        "description": {"en": ["A glazed jar."], "zh": ["釉陶罐。"]},
        "creator": {"en": ["Unknown potter"]},
        "culture": {"en": ["Western Han"], "zh": ["西汉"]},
        "credit_line": {"en": ["Gift of the Li family, 1985"]},
        "object_type": "vessel",
        "materials": ["earthenware", "glaze"],
        "techniques": ["moulding"],
        "keywords": ["dragon"],
        "date": {"display": "c. 200 BCE", "start": -210, "end": -190},
        "place": {"name": "Chang'an", "lat": 34.26, "lon": 108.94},
        "dimensions": "H. 32 cm",
        "rights": "http://creativecommons.org/licenses/by/4.0/",
        "homepage": "https://nmc.example/collection/GB-1985.12",
        "images": [image(f"{object_id}-{n}", 4000 - n, 3000 + n) for n in range(images)],
        "manifest": f"{BASE}/iiif/3/objects/{object_id}/manifest",
        "created": "2026-11-24T21:00:00Z",
        "modified": "2026-11-24T21:00:00Z",
    }
    values.update(fields)
    return values


def bare_record(object_id: str = "nmc-bare00000001", museum: dict = SAMARKAND, images: int = 1) -> dict:
    """An object with only what is required: a title, rights, and no optional field."""
    return {
        "id": object_id,
        "accession": "A-1",
        "museum": museum,
        "title": {"none": ["Bowl"]},
        "description": None,
        "creator": None,
        "culture": None,
        "credit_line": None,
        "object_type": None,
        "materials": [],
        "techniques": [],
        "keywords": [],
        "date": None,
        "place": None,
        "dimensions": None,
        "rights": "http://rightsstatements.org/vocab/InC/1.0/",
        "homepage": None,
        "images": [image(f"{object_id}-{n}") for n in range(images)],
        "manifest": f"{BASE}/iiif/3/objects/{object_id}/manifest",
        "created": "2026-11-24T21:00:00Z",
        "modified": "2026-11-24T21:00:00Z",
    }
