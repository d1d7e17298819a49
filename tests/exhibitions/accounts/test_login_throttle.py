"""The login throttle: an email that failed FAILURES_PER_EMAIL times within the window waits
until the oldest of those failures leaves it; failures older than the window are dropped."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from exhibitions.accounts import auth
from exhibitions.models import LoginFailure, utcnow


def test_an_email_waits_until_its_oldest_counted_failure_leaves_the_window(platform):
    start = utcnow()
    with platform.db.transaction() as session:
        for minute in range(auth.FAILURES_PER_EMAIL):
            auth.record_login_failure(session, "Someone@Example.org ", now=start + timedelta(minutes=minute))
    with platform.db.sessions() as session:
        last = start + timedelta(minutes=auth.FAILURES_PER_EMAIL - 1)
        assert auth.login_wait(session, "someone@example.org", now=last) == (15 * 60 - 4 * 60, "email")
        assert auth.login_wait(session, "someone@example.org", now=start + timedelta(minutes=14)).seconds == 60
        # The first failure has left the window: four remain, one short of the limit.
        assert auth.login_wait(session, "someone@example.org", now=start + timedelta(minutes=15)) == (0, None)
        assert auth.login_wait(session, "other@example.org", now=last).seconds == 0


def test_failures_older_than_the_window_are_dropped_when_a_new_one_is_counted(platform):
    start = utcnow()
    with platform.db.transaction() as session:
        auth.record_login_failure(session, "a@example.org", now=start)
        auth.record_login_failure(session, "b@example.org", now=start + timedelta(minutes=5))
    with platform.db.transaction() as session:
        auth.record_login_failure(session, "c@example.org", now=start + auth.LOGIN_WINDOW + timedelta(minutes=1))
    with platform.db.sessions() as session:
        kept = session.scalars(select(LoginFailure.email).order_by(LoginFailure.email)).all()
        assert kept == ["b@example.org", "c@example.org"]
        auth.forget_login_failures(session, "B@example.org")
        session.commit()
        assert session.scalars(select(LoginFailure.email).order_by(LoginFailure.email)).all() == ["", "c@example.org"]


def test_an_address_that_failed_on_many_emails_waits_whatever_email_it_tries(platform):
    start = utcnow()
    with platform.db.transaction() as session:
        for n in range(auth.FAILURES_PER_ADDRESS):
            auth.record_login_failure(session, f"staff{n}@example.org", "198.51.100.7",
                                      now=start + timedelta(seconds=n))
    with platform.db.sessions() as session:
        now = start + timedelta(minutes=1)
        assert auth.login_wait(session, "fresh@example.org", "198.51.100.7", now=now) == (14 * 60, "address")
        assert auth.login_wait(session, "fresh@example.org", "203.0.113.1", now=now) == (0, None)
        # A login that succeeds clears its email's failures, not its address's.
        auth.forget_login_failures(session, "staff0@example.org")
        session.commit()
        assert auth.login_wait(session, "fresh@example.org", "198.51.100.7", now=now).reason == "address"
