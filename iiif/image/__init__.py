"""IIIF Image API 3.0: request parsing, the content-addressed image store and its tile pyramid, rendering, HTTP."""
