"""JSON responses are written by orjson and say the same as Flask's own provider would."""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import json
import uuid

import pytest
from flask import Flask, jsonify, render_template_string
from flask.json.provider import DefaultJSONProvider
from markupsafe import Markup

from exhibitions.json_provider import OrjsonProvider


@dataclasses.dataclass
class Dimensions:
    height_cm: float
    width_cm: float


SAMPLE = {
    "title": {"zh": ["青花瓷罐"], "lv": ["Rundāles pils"]},
    "modified": datetime.datetime(2026, 11, 24, 21, 0, tzinfo=datetime.UTC),
    "acquired": datetime.date(1931, 5, 2),
    "token": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "weight_kg": decimal.Decimal("1.25"),
    "dimensions": Dimensions(30.5, 21.0),
    "caption": Markup("<em>Sogdian</em> silk"),
    "by_year": {-200: "Han", 618: "Tang"},
    "materials": ("porcelain", "cobalt"),
    "empty": None,
}


@pytest.fixture
def app() -> Flask:
    app = Flask(__name__)
    app.json = OrjsonProvider(app)
    return app


def test_a_response_says_what_flasks_own_provider_says(app):
    flasks = Flask("reference")
    flasks.json = DefaultJSONProvider(flasks)
    with app.app_context():
        ours = app.json.response(SAMPLE)
    with flasks.app_context():
        theirs = flasks.json.response(SAMPLE)
    assert ours.mimetype == "application/json"
    assert json.loads(ours.get_data()) == json.loads(theirs.get_data())
    assert json.loads(ours.get_data())["modified"] == "Tue, 24 Nov 2026 21:00:00 GMT"


def test_text_is_utf8_and_keys_keep_their_order(app):
    with app.test_request_context():
        body = jsonify({"zh": "青花", "a": 1, "B": 2}).get_data()
    assert body == '{"zh":"青花","a":1,"B":2}\n'.encode()


def test_debug_responses_are_indented(app):
    app.debug = True
    with app.test_request_context():
        body = jsonify({"museum": "Samarqand"}).get_data(as_text=True)
    assert body == '{\n  "museum": "Samarqand"\n}\n'


def test_options_of_the_standard_library_still_work(app):
    assert app.json.dumps({"b": 1, "a": 2}, sort_keys=True) == '{"a": 2, "b": 1}'
    assert app.json.dumps({"b": 1, "a": 2}) == '{"b":1,"a":2}'


def test_what_json_cannot_say_is_refused(app):
    with app.test_request_context(), pytest.raises(TypeError):
        jsonify({"object": object()})


def test_templates_embed_json_safely(app):
    with app.test_request_context():
        html = render_template_string("<script>const data = {{ data|tojson }};</script>",
                                      data={"caption": "</script><b>青花</b>"})
    assert "</script><b>" not in html
    embedded = html.removeprefix("<script>const data = ").removesuffix(";</script>")
    assert json.loads(embedded) == {"caption": "</script><b>青花</b>"}
