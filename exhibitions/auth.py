"""Who is asking: API bearer tokens and page logins, their roles, and the checks on them."""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from flask import g, request
from flask import session as login_session
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from exhibitions.models import Account, ApiToken, LoginFailure, Museum, as_utc, utcnow
from exhibitions.problems import Problem

ROLES = ("admin", "contributor", "curator")
# Password guessing: an email, or a client address, that fails this often within the window
# waits until the oldest of those failures leaves it (OWASP's advice: throttle per account and
# per source, tell the reader how long).
FAILURES_PER_EMAIL = 5
FAILURES_PER_ADDRESS = 30
LOGIN_WINDOW = timedelta(minutes=15)
_UNKNOWN_ACCOUNT_HASH = generate_password_hash(secrets.token_hex(16))


class LoginSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, minus the signer built for every request: most requests
    (API clients, viewers fetching tiles) carry no session cookie and start an empty session."""

    def open_session(self, app, request):
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)


@dataclass(frozen=True)
class Principal:
    role: str
    museum_slug: str | None = None
    account_id: int | None = None
    # Who to name in an exhibition's history: the account's email, or the API token's label.
    name: str | None = None

    def may_contribute_to(self, museum_slug: str) -> bool:
        return self.role == "admin" or (self.role == "contributor" and self.museum_slug == museum_slug)

    @property
    def is_curator(self) -> bool:
        return self.role in ("curator", "admin")


def hash_token(token: str) -> str:
    # Tokens are 256 random bits, so a plain digest is as good as a slow hash and keeps lookups fast.
    return hashlib.sha256(token.encode()).hexdigest()


def _check_role(session: Session, role: str, museum_slug: str | None) -> Museum | None:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}: choose one of {', '.join(ROLES)}")
    if role == "contributor" and not museum_slug:
        raise ValueError("a contributor belongs to one museum: give --museum")
    if role != "contributor" and museum_slug:
        raise ValueError("only a contributor belongs to a museum")
    if museum_slug is None:
        return None
    museum = session.scalar(select(Museum).where(Museum.slug == museum_slug))
    if museum is None:
        raise ValueError(f"there is no museum {museum_slug!r}")
    return museum


def create_token(session: Session, role: str, museum_slug: str | None = None, label: str | None = None) -> str:
    museum = _check_role(session, role, museum_slug)
    token = secrets.token_urlsafe(32)
    session.add(ApiToken(token_hash=hash_token(token), role=role, museum=museum, label=label))
    return token


def create_account(session: Session, email: str, password: str, role: str, museum_slug: str | None = None) -> Account:
    museum = _check_role(session, role, museum_slug)
    if len(password) < 10:
        raise ValueError("the password needs at least 10 characters")
    email = _email(email)
    if session.scalar(select(Account).where(Account.email == email)):
        raise ValueError(f"there is already an account for {email}")
    account = Account(email=email, password_hash=generate_password_hash(password), role=role, museum=museum)
    session.add(account)
    return account


def authenticate(session: Session, email: str, password: str) -> Account | None:
    account = session.scalar(select(Account).where(Account.email == _email(email)))
    # An unknown email costs the same hash check, so that timing does not tell which emails exist.
    right = check_password_hash(account.password_hash if account else _UNKNOWN_ACCOUNT_HASH, password)
    return account if account and right else None


class LoginWait(NamedTuple):
    seconds: int  # 0: it may try now
    reason: str | None = None  # "email" or "address": which of them failed too often


def login_wait(session: Session, email: str, address: str | None = None, now: datetime | None = None) -> LoginWait:
    """How long before this email, from this client address, may try a password again. Each
    waits once it has failed its limit of times within LOGIN_WINDOW, until the oldest of those
    failures leaves it: FAILURES_PER_EMAIL against guessing one account's password,
    FAILURES_PER_ADDRESS against trying a few passwords on many accounts."""
    now = now or utcnow()
    waits = [LoginWait(_wait(session, LoginFailure.email == _email(email), FAILURES_PER_EMAIL, now), "email")]
    if address:
        waits.append(LoginWait(_wait(session, LoginFailure.address == address, FAILURES_PER_ADDRESS, now), "address"))
    longest = max(waits)
    return longest if longest.seconds else LoginWait(0)


def _wait(session: Session, counted, limit: int, now: datetime) -> int:
    times = session.scalars(select(LoginFailure.time).where(counted, LoginFailure.time > now - LOGIN_WINDOW)
                            .order_by(LoginFailure.time.desc()).limit(limit)).all()
    if len(times) < limit:
        return 0
    return max(1, math.ceil((as_utc(times[-1]) + LOGIN_WINDOW - now).total_seconds()))


def _email(email: str) -> str:
    """An email as accounts and failed logins keep it."""
    return email.strip().lower()[:320]


def record_login_failure(session: Session, email: str, address: str | None = None, now: datetime | None = None) -> None:
    """Count a failed login against the email and the address (the caller commits); failures
    out of the window go."""
    now = now or utcnow()
    session.execute(delete(LoginFailure).where(LoginFailure.time <= now - LOGIN_WINDOW))
    session.add(LoginFailure(email=_email(email), address=address, time=now))


def forget_login_failures(session: Session, email: str) -> None:
    """A login that succeeded clears its email's failures; its address's stay counted, so one
    good account does not reset a guesser's count."""
    session.execute(update(LoginFailure).where(LoginFailure.email == _email(email)).values(email=""))


def principal_of(account: Account) -> Principal:
    return Principal(account.role, account.museum.slug if account.museum else None, account.id, account.email)


def current_principal(session: Session) -> Principal | None:
    """The token's holder for API requests, else the logged-in account of the pages."""
    if "principal" in g:
        return g.principal
    principal = None
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Problem(401, "The Authorization header must be 'Bearer <token>'.",
                          headers={"WWW-Authenticate": "Bearer"})
        row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token.strip())))
        if row is None:
            raise Problem(401, "The token is not known.", headers={"WWW-Authenticate": "Bearer"})
        principal = Principal(row.role, row.museum.slug if row.museum else None,
                              name=f"API token {row.label or row.id}")
    elif login_session.get("account_id"):
        account = session.get(Account, login_session["account_id"])
        principal = principal_of(account) if account else None
    g.principal = principal
    return principal


def require_principal(session: Session) -> Principal:
    principal = current_principal(session)
    if principal is None:
        raise Problem(401, "This needs an API token: send 'Authorization: Bearer <token>'.",
                      headers={"WWW-Authenticate": "Bearer"})
    return principal


def require_contributor(session: Session, museum_slug: str) -> Principal:
    principal = require_principal(session)
    if not principal.may_contribute_to(museum_slug):
        raise Problem(403, f"This token may not change the records of museum '{museum_slug}'.")
    return principal


def require_curator(session: Session) -> Principal:
    principal = require_principal(session)
    if not principal.is_curator:
        raise Problem(403, "Only curators may do this.")
    return principal


def require_admin(session: Session) -> Principal:
    principal = require_principal(session)
    if principal.role != "admin":
        raise Problem(403, "Only an administrator may do this.")
    return principal
