"""Logging in and out of the pages (a session cookie; the API uses bearer tokens instead), with
repeated failures throttled per email and per client address."""

from __future__ import annotations

import ipaddress
import math
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


def throttled_address(address: str | None) -> str | None:
    """The client address whose failed logins count, or None for a loopback one: that is a proxy
    on this machine whose TRUSTED_PROXIES is not set (every client would share its count, and
    a few bad logins would lock everyone out), or a developer's own browser."""
    try:
        return None if address is None or ipaddress.ip_address(address).is_loopback else address
    except ValueError:
        return None


@accounts.route("/login", methods=["GET", "POST"])
def login():
    next_page = safe_next(request.values.get("next"), url_for("public.home"))
    if request.method == "GET":
        return render_template("login.html", error=None, next_page=next_page, email="")
    database = db_session()
    email = request.form.get("email", "")
    address = throttled_address(request.remote_addr)
    wait = auth.login_wait(database, email, address)
    if wait.seconds:
        # The password is not even checked: a guess made now tells nothing.
        key = "login.throttled" if wait.reason == "email" else "login.throttled_address"
        error = word(key, minutes=math.ceil(wait.seconds / 60))
        return render_template("login.html", error=error, next_page=next_page, email=email), \
            429, {"Retry-After": str(wait.seconds)}
    account = auth.authenticate(database, email, request.form.get("password", ""))
    if account is None:
        auth.record_login_failure(database, email, address)
        database.commit()
        return render_template("login.html", error=word("login.failed"), next_page=next_page, email=email), 401
    auth.forget_login_failures(database, email)
    database.commit()
    session.clear()
    session["account_id"] = account.id
    return redirect(next_page)


@accounts.post("/logout")
def logout():
    session.clear()
    return redirect(url_for("public.home"))
