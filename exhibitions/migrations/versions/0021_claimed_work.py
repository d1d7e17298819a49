"""claimed work: outbox rows and image derivations held by one worker at a time

A delivery of the search outbox claims the rows it sends until a time (a lease), so that two
writers never send the same rows; a delivery that failed leaves them claimed until its retry.
An image whose master is stored waits in image_derivations for its tile pyramid; the worker
deriving it holds it until a time, after which another worker takes it up (one killed).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 18:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('search_outbox') as batch_op:
        batch_op.add_column(sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        'image_derivations',
        sa.Column('image_id', sa.String(length=64), nullable=False),
        sa.Column('created', sa.DateTime(timezone=True), nullable=False),
        sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('image_id'),
    )


def downgrade() -> None:
    op.drop_table('image_derivations')
    with op.batch_alter_table('search_outbox') as batch_op:
        batch_op.drop_column('claimed_until')
