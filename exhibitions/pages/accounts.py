"""Logging in and out of the pages (a session cookie; the API uses bearer tokens instead), with
repeated failures throttled per email and per client address; each person then lands in their
own work area. Setting a password through a one-time reset link an admin made."""

from __future__ import annotations

import ipaddress
import math
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for

from exhibitions.accounts import auth, staff
from exhibitions.language import word
from exhibitions.pages.guard import problem_page
from exhibitions.problems import Problem
from exhibitions.web import db_session

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


def work_area(role: str) -> str:
    """Where each person lands after logging in: their own work area."""
    return url_for({"admin": "admin.dashboard", "contributor": "contribute.index"}.get(role, "curate.index"))


@accounts.route("/login", methods=["GET", "POST"])
def login():
    next_page = safe_next(request.values.get("next"), "")
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
    auth.start_session(account)
    return redirect(next_page or work_area(account.role))


@accounts.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """A one-time link an admin made: set a new password, then log in with it. A link used
    already or past its day is a 410 page saying so."""
    database = db_session()
    try:
        reset = staff.open_reset(database, token)
        if request.method == "GET":
            return _reset_form(reset.account.email, [])
        staff.use_reset(database, token, request.form.get("password", ""), request.form.get("repeated", ""))
        database.commit()
    except Problem as problem:
        database.rollback()
        if problem.status in (404, 410):
            return problem_page(problem)
        return _reset_form(staff.open_reset(database, token).account.email, problem.errors, problem.status)
    flash(word("reset.done"))
    return redirect(url_for("accounts.login"), 303)


def _reset_form(email: str, errors: list, status: int = 200):
    return render_template("reset.html", email=email, errors=errors), status, {
        "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


@accounts.post("/logout")
def logout():
    session.clear()
    return redirect(url_for("public.home"))
