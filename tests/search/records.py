"""Object records for the search tests: a small Silk Road collection, shaped like the API's JSON."""

from __future__ import annotations

from exhibitions.vocabularies import object_terms

MUSEUMS = {
    "rpm": {"slug": "rpm", "name": {"en": ["Rundāle Palace Museum"], "lv": ["Rundāles pils muzejs"]}, "country": "LV"},
    "nmc": {"slug": "nmc", "name": {"en": ["National Museum of China"], "zh": ["中国国家博物馆"]}, "country": "CN"},
    "hermitage": {"slug": "hermitage", "name": {"en": ["State Hermitage Museum"]}, "country": "RU"},
    "bm": {"slug": "bm", "name": {"en": ["British Museum"]}, "country": "GB"},
}


def record(object_id: str, title: dict, museum: str = "nmc", *, description=None, creator=None, culture=None,
           object_type=None, materials=(), keywords=(), date=None, images=0, place=None) -> dict:
    """An object record as exhibitions hands it to search (see the team brief)."""
    return {
        "id": object_id,
        "accession": f"ACC-{object_id}",
        "museum": {**MUSEUMS[museum], "homepage": f"https://{museum}.example", "logo": None},
        "title": title,
        "description": description,
        "creator": creator,
        "culture": culture,
        "credit_line": None,
        "object_type": object_type,
        "materials": list(materials),
        "techniques": [],
        "keywords": list(keywords),
        "date": None if date is None else {"display": f"{date[0]} to {date[1]}", "start": date[0], "end": date[1]},
        "place": place,
        "dimensions": None,
        "rights": "http://creativecommons.org/licenses/by/4.0/",
        "homepage": None,
        "images": [{"id": f"{i:064x}", "width": 400, "height": 300, "service": f"/iiif/3/{i:064x}",
                    "thumbnail": f"/iiif/3/{i:064x}/full/400,/0/default.jpg",
                    "info": f"/iiif/3/{i:064x}/info.json"} for i in range(1, images + 1)],
        "manifest": f"/iiif/3/objects/{object_id}/manifest",
        "created": "2026-11-24T21:00:00Z",
        "modified": "2026-11-24T21:00:00Z",
    }


def collection() -> list[dict]:
    return [
        record("rpm-plate", {"en": ["Rundāle Palace porcelain plate"]}, "rpm", object_type="plate",
               materials=["porcelain"], date=(1740, 1750), images=1,
               description={"en": ["Made for the dining room of the duke."]},
               place={"name": "Rundāle", "lat": 56.41, "lon": 24.02}),
        record("nmc-jar", {"zh": ["青花瓷罐"], "en": ["Blue-and-white jar"]}, "nmc", object_type="vessel",
               materials=["porcelain"], date=(1350, 1368), images=2, culture={"en": ["Yuan dynasty"]},
               description={"en": ["Cobalt blue under a clear glaze."]}),
        record("nmc-vase", {"zh": ["青铜花瓶"], "en": ["Bronze flower vase"]}, "nmc", object_type="vessel",
               materials=["bronze"], date=(1600, 1644)),
        record("nmc-sword", {"zh": ["青铜剑"], "en": ["Bronze sword"]}, "nmc", object_type="weapon",
               materials=["bronze"], date=(-500, -400)),
        record("her-camel", {"en": ["Bactrian camel figurine"]}, "hermitage", object_type="figurine",
               materials=["earthenware"], date=(-210, -190), images=1,
               description={"en": ["A camel carrying silk bales along the road to the palace."]}),
        record("her-silk", {"en": ["Sogdian silk fragment"]}, "hermitage", object_type="textile",
               materials=["silk"], date=(600, 700), culture={"en": ["Sogdian"]}),
        record("bm-coin", {"en": ["Gold coin of Kanishka"]}, "bm", object_type="coin", materials=["gold"],
               date=(127, 150), creator={"en": ["Kushan mint"]}),
        record("nmc-mirror", {"en": ["Han dynasty mirror"], "zh": ["汉代铜镜"]}, "nmc", object_type="mirror",
               materials=["bronze"], date=(-206, 220)),
        record("bm-box", {"en": ["Inlaid box"]}, "bm", object_type="box", materials=["wood", "ivory"]),
        record("her-tile", {"en": ["Glazed tile"]}, "hermitage", object_type="tile", materials=["earthenware"],
               date=(1400, 1450), description={"en": ["A tile from the Palace of the Shirvanshahs, Baku."]},
               keywords=["architecture"]),
    ]


def termed() -> list[dict]:
    """Objects whose types and materials are written in several languages, with the terms the
    application's vocabularies find for them (exhibitions.vocabularies.object_terms)."""
    described = [
        record("t-mirror", {"en": ["Mirror with grapes and lions"]}, "nmc", object_type="mirror",
               materials=["bronze"]),
        record("t-zun", {"zh": ["尊"]}, "nmc", object_type="器皿", materials=["青铜"]),
        record("t-ewer", {"ru": ["Кувшин с птицами"]}, "hermitage", object_type="ewer",
               materials=["Бронза", "gold"]),
        record("t-bowl", {"en": ["Gilded bowl"]}, "bm", object_type="bowl", materials=["silver", "meteoric iron"]),
    ]
    return [{**r, "terms": object_terms(r)} for r in described]


def renamed(records: list[dict], museum: str, name: dict) -> list[dict]:
    """The records of one museum as they are indexed again after the museum changed its name."""
    return [{**r, "museum": {**r["museum"], "name": name}} for r in records if r["museum"]["slug"] == museum]
