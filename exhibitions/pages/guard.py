"""Who may open the curator and contributor pages: a login first, then the right role."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import redirect, render_template, request, url_for

from exhibitions.pages.language import word


def requires(allowed: Callable[[dict], bool]):
    """A view decorator: to the login page without a login, a 403 page with the wrong role."""

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            from exhibitions.pages import current_viewer

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
