"""Who is asking: API bearer tokens and page logins, their roles, and the checks on them."""

from __future__ import annotations

import hashlib
import logging
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import NamedTuple

from flask import g, request
from flask import session as login_session
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import delete, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from exhibitions.models import Account, ApiToken, LoginFailure, Museum, as_utc, utcnow
from exhibitions.problems import Problem

# An editor is the alliance's editorial board: a curator of every exhibition, who also approves
# drafts for publication (exhibitions.curation.studio).
ROLES = ("admin", "contributor", "curator", "editor")
# Password guessing: an email, or a client address, that fails this often within the window
# waits until the oldest of those failures leaves it (OWASP's advice: throttle per account and
# per source, tell the reader how long).
FAILURES_PER_EMAIL = 5
FAILURES_PER_ADDRESS = 30
LOGIN_WINDOW = timedelta(minutes=15)
logger = logging.getLogger(__name__)
MIN_PASSWORD_LENGTH = 10
# A token's last use is written when the one recorded is older than this: at most one write a
# minute per token, whatever the traffic.
TOKEN_USE_PRECISION = timedelta(minutes=1)


class AccountError(ValueError):
    """A refused role, museum, email or password, naming the field at fault."""

    def __init__(self, field: str, message: str, status: int = 422):
        super().__init__(message)
        self.field, self.message, self.status = field, message, status


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
        return self.role in ("curator", "editor", "admin")

    @property
    def is_editor(self) -> bool:
        """Whether it reviews drafts and works on every exhibition, whatever its team."""
        return self.role in ("editor", "admin")


def hash_token(token: str) -> str:
    # Tokens are 256 random bits, so a plain digest is as good as a slow hash and keeps lookups fast.
    return hashlib.sha256(token.encode()).hexdigest()


def check_role(session: Session, role: str, museum_slug: str | None) -> Museum | None:
    """The museum a role belongs to (a contributor's, else None), or an AccountError."""
    if role not in ROLES:
        raise AccountError("role", f"unknown role {role!r}: choose one of {', '.join(ROLES)}")
    if role == "contributor" and not museum_slug:
        raise AccountError("museum", "a contributor belongs to one museum: name it (--museum on the command line)")
    if role != "contributor" and museum_slug:
        raise AccountError("museum", "only a contributor belongs to a museum")
    if museum_slug is None:
        return None
    museum = session.scalar(select(Museum).where(Museum.slug == museum_slug))
    if museum is None:
        raise AccountError("museum", f"there is no museum {museum_slug!r}")
    return museum


def create_token(session: Session, role: str, museum_slug: str | None = None, label: str | None = None,
                 account_id: int | None = None) -> str:
    """A new token (shown once: only its hash is kept); account_id: the account making it."""
    return new_token(session, role, museum_slug, label, account_id)[1]


def new_token(session: Session, role: str, museum_slug: str | None = None, label: str | None = None,
              account_id: int | None = None) -> tuple[ApiToken, str]:
    museum = check_role(session, role, museum_slug)
    token = secrets.token_urlsafe(32)
    row = ApiToken(token_hash=hash_token(token), role=role, museum=museum, label=label, account_id=account_id)
    session.add(row)
    return row, token


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("password", f"the password needs at least {MIN_PASSWORD_LENGTH} characters")


def create_account(session: Session, email: str, password: str | None, role: str,
                   museum_slug: str | None = None) -> Account:
    """A login; without a password it has none that works until a reset link sets one."""
    museum = check_role(session, role, museum_slug)
    if password is not None:
        check_password(password)
    email = _email(email)
    if session.scalar(select(Account).where(Account.email == email)):
        raise AccountError("email", f"there is already an account for {email}", 409)
    # No password: the hash of one nobody knows, so that the login form cannot tell the difference.
    account = Account(email=email, password_hash=generate_password_hash(password or secrets.token_hex(32)),
                      role=role, museum=museum)
    session.add(account)
    return account


def authenticate(session: Session, email: str, password: str) -> Account | None:
    account = session.scalar(select(Account).where(Account.email == _email(email)))
    # An unknown email costs the same hash check, so that timing does not tell which emails exist.
    right = check_password_hash(account.password_hash if account else _unknown_account_hash(), password)
    return account if account and right and not account.disabled else None


@cache
def _unknown_account_hash() -> str:
    """The hash an unknown email is checked against; made at the first login, not at start-up
    (scrypt takes a tenth of a second, which every command line would spend)."""
    return generate_password_hash(secrets.token_hex(16))


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
            raise Problem(401, "The token is not known (or was revoked).", headers={"WWW-Authenticate": "Bearer"})
        if row.account is not None and row.account.disabled:
            raise Problem(401, "The account that made this token is disabled.",
                          headers={"WWW-Authenticate": "Bearer"})
        if row.last_used is None or as_utc(row.last_used) < utcnow() - TOKEN_USE_PRECISION:
            g.token_used = row.id
        principal = Principal(row.role, row.museum.slug if row.museum else None,
                              name=f"API token {row.label or row.id}")
    elif login_session.get("account_id"):
        account = session.get(Account, login_session["account_id"])
        live = account and not account.disabled and login_session.get("epoch", 0) == account.session_epoch
        principal = principal_of(account) if live else None
    g.principal = principal
    return principal


def start_session(account: Account) -> None:
    """Log the account in on this browser (a fresh session: nothing of the one before stays)."""
    login_session.clear()
    login_session["account_id"] = account.id
    login_session["epoch"] = account.session_epoch


def record_token_use(database) -> None:
    """Write the last use of the token this request used, if it was due (current_principal), in
    a transaction of its own after the request: a GET writes nothing else, and a refused write
    still counts as a use."""
    token_id = g.pop("token_used", None)
    if token_id is None:
        return
    now = utcnow()
    try:
        with database.transaction() as session:
            session.execute(update(ApiToken).where(ApiToken.id == token_id)
                            .where((ApiToken.last_used.is_(None)) | (ApiToken.last_used < now - TOKEN_USE_PRECISION))
                            .values(last_used=now))
    except SQLAlchemyError:
        # The answer is made already; a busy or unreachable database costs only this note.
        logger.warning("could not note the last use of API token %s", token_id, exc_info=True)


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
