"""The people and programs that work on the platform, as admins manage them (the admin API and
pages): accounts (create, change role or museum, disable), their one-time password-reset links,
and API tokens (create, list with their last use, revoke). Refusals name the field at fault."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from exhibitions.accounts import auth
from exhibitions.db import one_page
from exhibitions.models import Account, ApiToken, PasswordReset, as_utc, utcnow
from exhibitions.objects.records import iso_time
from exhibitions.problems import Problem
from exhibitions.schemas import AccountCreate, AccountPatch, TokenCreate, validated

# A reset link is for the next working day, not for the inbox it may be forwarded to later.
RESET_LINK_LIFETIME = timedelta(days=1)


def _refused(error: auth.AccountError) -> Problem:
    return Problem(error.status, f"The {error.field} is refused: {error.message}.",
                   errors=[{"field": error.field, "message": error.message}])


def account_record(account: Account) -> dict[str, Any]:
    return {"id": account.id, "email": account.email, "role": account.role,
            "museum": account.museum.slug if account.museum else None, "disabled": account.disabled,
            "created": iso_time(account.created)}


def token_record(token: ApiToken) -> dict[str, Any]:
    return {"id": token.id, "name": token.label, "role": token.role,
            "museum": token.museum.slug if token.museum else None, "created": iso_time(token.created),
            "last_used": iso_time(token.last_used) if token.last_used else None,
            "created_by": token.account.email if token.account else None}


def list_accounts(session: Session, page: int, size: int) -> tuple[int, list[Account]]:
    return one_page(session, select(Account).order_by(Account.email), page, size)


def get_account(session: Session, account_id: int) -> Account:
    account = session.get(Account, account_id)
    if account is None:
        raise Problem(404, f"There is no account {account_id}.")
    return account


def create_account(session: Session, payload: Any) -> Account:
    """A login without a password: its first reset link sets one (the caller commits)."""
    data = validated(AccountCreate, payload, "account")
    try:
        account = auth.create_account(session, data.email, None, data.role, data.museum)
    except auth.AccountError as error:
        raise _refused(error) from None
    session.flush()
    return account


def change_account(session: Session, account: Account, payload: Any, by: auth.Principal) -> None:
    """A new role or museum, or the account disabled (which ends its sessions and stops the
    tokens it made) or enabled again. An admin cannot lock themself out."""
    patch = validated(AccountPatch, payload, "account")
    changes = patch.model_dump(include=patch.model_fields_set)
    if account.id == by.account_id and (changes.get("disabled") or changes.get("role", "admin") != "admin"):
        field = "disabled" if changes.get("disabled") else "role"
        message = "an admin cannot disable their own account or give up their own role"
        raise Problem(422, f"The {field} is refused: {message}.", errors=[{"field": field, "message": message}])
    role = changes.get("role", account.role)
    slug = changes["museum"] if "museum" in changes else (account.museum.slug if account.museum else None)
    if role != "contributor" and "museum" not in changes:
        slug = None  # a contributor who becomes a curator leaves their museum
    try:
        museum = auth.check_role(session, role, slug)
    except auth.AccountError as error:
        raise _refused(error) from None
    account.role, account.museum = role, museum
    if "disabled" in changes and changes["disabled"] != account.disabled:
        account.disabled = changes["disabled"]
        if account.disabled:
            account.session_epoch += 1


def make_reset_link(session: Session, account: Account, by: str | None,
                    lifetime: timedelta = RESET_LINK_LIFETIME) -> tuple[PasswordReset, str]:
    """A new one-time reset link's row and its token, which only the answer shows (only its
    hash is kept)."""
    token = secrets.token_urlsafe(32)
    reset = PasswordReset(account=account, token_hash=auth.hash_token(token), expires=utcnow() + lifetime,
                          created_by=by)
    session.add(reset)
    session.flush()
    return reset, token


def open_reset(session: Session, token: str, now: datetime | None = None) -> PasswordReset:
    """The reset link a token names while it may still be used: 404 for one never made, 410
    once used or expired, or when its account was disabled since."""
    reset = session.scalar(select(PasswordReset).where(PasswordReset.token_hash == auth.hash_token(token)))
    if reset is None:
        raise Problem(404, "This password-reset link is not known.")
    now = now or utcnow()
    if reset.used is not None:
        raise Problem(410, "This password-reset link has been used already: ask an administrator for a new one.")
    if as_utc(reset.expires) <= now:
        raise Problem(410, "This password-reset link has expired (links last a day): ask an administrator "
                           "for a new one.")
    if reset.account.disabled:
        raise Problem(410, "The account of this password-reset link is disabled.")
    return reset


def use_reset(session: Session, token: str, password: str, repeated: str) -> Account:
    """Set the account's password through its link, once; every session begun before ends."""
    reset = open_reset(session, token)
    if password != repeated:
        raise Problem(422, "The two passwords differ.",
                      errors=[{"field": "repeated", "message": "must be the same password again"}])
    try:
        auth.check_password(password)
    except auth.AccountError as error:
        raise _refused(error) from None
    account = reset.account
    account.password_hash = generate_password_hash(password)
    account.session_epoch += 1
    reset.used = utcnow()
    return account


def list_tokens(session: Session, page: int, size: int) -> tuple[int, list[ApiToken]]:
    return one_page(session, select(ApiToken).order_by(ApiToken.created.desc(), ApiToken.id.desc()), page, size)


def create_token(session: Session, payload: Any, by: auth.Principal) -> tuple[ApiToken, str]:
    data = validated(TokenCreate, payload, "token")
    try:
        row, token = auth.new_token(session, data.role, data.museum, data.name, by.account_id)
    except auth.AccountError as error:
        raise _refused(error) from None
    session.flush()
    return row, token


def revoke_token(session: Session, token_id: int) -> None:
    """Delete the token: its next request is a 401."""
    token = session.get(ApiToken, token_id)
    if token is None:
        raise Problem(404, f"There is no token {token_id}.")
    session.delete(token)
