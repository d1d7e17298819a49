"""Errors as RFC 9457 problem details (application/problem+json), with the request id."""

from __future__ import annotations

import logging
from http import HTTPStatus

from flask import Flask, g, jsonify
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

PROBLEM_TYPE = "about:blank"


class Problem(Exception):
    """An answer other than success, raised anywhere and rendered as problem JSON."""

    def __init__(self, status: int, detail: str, *, errors: list[dict[str, str]] | None = None,
                 title: str | None = None, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors
        self.title = title or HTTPStatus(status).phrase
        self.headers = headers or {}


def problem_response(status: int, detail: str, *, errors=None, title=None, headers=None):
    body = {"type": PROBLEM_TYPE, "title": title or HTTPStatus(status).phrase, "status": status,
            "detail": detail}
    if errors:
        body["errors"] = errors
    request_id = g.get("request_id")
    if request_id:
        body["request_id"] = request_id
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    response.headers.update(headers or {})
    return response


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(Problem)
    def _problem(error: Problem):
        return problem_response(error.status, error.detail, errors=error.errors,
                                title=error.title, headers=error.headers)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        detail = error.description or HTTPStatus(error.code).phrase
        if error.code == 413:
            limit = app.config.get("MAX_CONTENT_LENGTH")
            detail = f"The upload is larger than the limit of {limit} bytes."
        headers = {key: value for key, value in error.get_headers() if key == "Allow"}
        return problem_response(error.code or 500, detail, headers=headers)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        log.exception("unhandled error in request %s", g.get("request_id"))
        return problem_response(500, "Something went wrong on our side; the request id says where.")
