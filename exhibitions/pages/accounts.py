"""Logging in and out of the pages (a session cookie; the API uses bearer tokens instead)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, session, url_for

from exhibitions import auth
from exhibitions.language import word
from exhibitions.platform import db_session

accounts = Blueprint("accounts", __name__)


def safe_next(target: str | None, default: str) -> str:
    """Only a path of this site: never another host (no open redirect)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


@accounts.route("/login", methods=["GET", "POST"])
def login():
    next_page = safe_next(request.values.get("next"), url_for("public.home"))
    error = None
    if request.method == "POST":
        account = auth.authenticate(db_session(), request.form.get("email", ""), request.form.get("password", ""))
        if account is not None:
            session.clear()
            session["account_id"] = account.id
            return redirect(next_page)
        error = word("login.failed")
    return render_template("login.html", error=error, next_page=next_page,
                           email=request.form.get("email", "")), (401 if error else 200)


@accounts.post("/logout")
def logout():
    session.clear()
    return redirect(url_for("public.home"))
