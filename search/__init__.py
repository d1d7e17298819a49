"""Cross-museum search: the query contract, the document builder, the backends, indexing.

The application makes its backend with ``create_backend(settings.search_backend, ...)``.
"""

from __future__ import annotations

from .backend import IndexingError, SearchBackend, SearchUnavailable
from .documents import build_document
from .query import SearchQuery, SearchQueryError, SearchResult, parse_search_args

__all__ = [
    "IndexingError",
    "SearchBackend",
    "SearchQuery",
    "SearchQueryError",
    "SearchResult",
    "SearchUnavailable",
    "build_document",
    "create_backend",
    "parse_search_args",
]


def create_backend(kind: str, **options) -> SearchBackend:
    """The backend named by kind.

    embedded:      path (the SQLite file, e.g. settings.embedded_index_path), index (a name prefix)
    elasticsearch: url (settings.elasticsearch_url), index (the alias, settings.elasticsearch_index),
                   replicas, timeout
    """
    if kind == "embedded":
        from .embedded import EmbeddedBackend

        return EmbeddedBackend(options["path"], index=options.get("index", "objects"))
    if kind == "elasticsearch":
        from .elastic import ElasticsearchBackend

        known = ("url", "index", "replicas", "timeout")
        return ElasticsearchBackend(**{k: v for k, v in options.items() if k in known})
    raise ValueError(f"unknown search backend {kind!r}: use embedded or elasticsearch")
