"""A reader's result set in Mirador: the IIIF Collection of a search's hits or of chosen objects
(/iiif/3/search/collection with the same parameters), opened at /search/viewer."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, g, render_template, request

from exhibitions.web import base_url

results_viewer = Blueprint("results_viewer", __name__)


def collection_url(arguments) -> str:
    """The IIIF Collection of the search (or the chosen `id`s) that the arguments ask."""
    query = urlencode([(name, value) for name, value in arguments if name not in ("page", "size")])
    return f"{base_url()}/iiif/3/search/collection" + (f"?{query}" if query else "")


@results_viewer.get("/search/viewer")
def viewer():
    g.relaxed_styles = True  # Mirador styles its elements inline, as on the compare page
    return render_template("results_viewer.html", collection=collection_url(request.args.items(multi=True)))
