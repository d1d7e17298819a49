"""Who may open the curator and contributor pages: a login first, then the right role."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import g, redirect, render_template, request, session, url_for

from exhibitions.accounts import auth
from exhibitions.language import word
from exhibitions.problems import Problem
from exhibitions.web import db_session


def current_viewer() -> dict | None:
    """Who is logged in on the pages (role, museum, email), or None."""
    if "viewer" not in g:
        principal = None
        if session.get("account_id"):
            try:
                principal = auth.current_principal(db_session())
            except Problem:
                principal = None
        g.viewer = None if principal is None or principal.account_id is None else {
            "role": principal.role, "museum": principal.museum_slug, "is_curator": principal.is_curator,
            "email": principal.name, "principal": principal}
    return g.viewer


def requires(allowed: Callable[[dict], bool]):
    """A view decorator: to the login page without a login, a 403 page with the wrong role."""

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            viewer = current_viewer()
            if viewer is None:
                return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
            if not allowed(viewer):
                return render_template("error.html", title=word("forbidden.title"),
                                       message=word("forbidden.text")), 403
            return view(*args, **kwargs)

        return guarded

    return decorate


curator_only = requires(lambda viewer: viewer["is_curator"])
contributor_only = requires(lambda viewer: viewer["role"] in ("contributor", "admin"))


def problem_page(problem: Problem):
    """A service's refusal (404, 403, ...) as a page rather than problem JSON."""
    template = "notfound.html" if problem.status == 404 else "error.html"
    return render_template(template, title=problem.title, message=problem.detail), problem.status
