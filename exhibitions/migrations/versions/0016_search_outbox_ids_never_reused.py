"""search outbox ids never reused

On SQLite an INTEGER PRIMARY KEY takes the id after the largest one left, so an emptied outbox
started its ids again from 1: a delivery that had read entries which another delivery then
delivered could mark as done the new entries that had taken their ids, and those changes never
reached search. AUTOINCREMENT never hands out an id twice (PostgreSQL's sequences never did).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 04:40:00.000000
"""

from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def _rebuild(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table('search_outbox', recreate="always",
                              table_kwargs={"sqlite_autoincrement": autoincrement}):
        pass


def upgrade() -> None:
    _rebuild(True)


def downgrade() -> None:
    _rebuild(False)
