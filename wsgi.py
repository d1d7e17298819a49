"""The WSGI entry point: `flask --app wsgi ...` and `granian --interface wsgi wsgi:app`."""
import gc

from exhibitions import create_app

# A search answer allocates a few thousand short-lived containers, so at Python's default
# threshold (700) the cycle collector ran several times a request: 0.1 ms of a search's 1.1 ms
# of Python, measured (benchmarks/search.py). Garbage cycles wait a little longer instead.
gc.set_threshold(10_000, 10, 10)

app = create_app()
# What start-up made (modules, models, routes, the app) lives as long as the process: the cycle
# collector need not walk it again at every collection (a 5,000-row `flask import` spent a
# quarter of a second of CPU doing so).
gc.freeze()
