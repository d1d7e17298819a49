"""Files of the storage as HTTP answers, where there is no local file for send_file to send (a
bucket): the same headers and conditions, the body streamed from the storage."""

from __future__ import annotations

import mimetypes
import time

from flask import Response, current_app, request

from storage import Storage


def send_stored(storage: Storage, key: str, *, etag: str, max_age: int, mimetype: str | None = None,
                as_attachment: bool = False) -> Response:
    """What send_file answers for a local file (validators, 304, 206 with Content-Range, a
    RequestedRangeNotSatisfiable to answer 416), for a key of a storage without local files: the
    body is read from the storage only as far as the answer needs, nothing for a 304 or a HEAD,
    the range asked (one ranged read) for a 206."""
    status = storage.stat(key)
    name = key.rpartition("/")[2]
    response = current_app.response_class(
        mimetype=mimetype or mimetypes.guess_type(name)[0] or "application/octet-stream", direct_passthrough=True)
    response.headers.set("Content-Disposition", "attachment" if as_attachment else "inline", filename=name)
    response.content_length = status.size
    response.last_modified = status.modified
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    response.expires = int(time.time() + max_age)
    response.set_etag(etag)
    response.make_conditional(request, accept_ranges=True, complete_length=status.size)
    if response.status_code == 206:
        start, stop = response.content_range.start, response.content_range.stop
        response.response = storage.stream(key, start, stop - start)
    elif response.status_code == 200:
        response.response = storage.stream(key)
    else:  # 304 or 412
        response.response = []
    return response
