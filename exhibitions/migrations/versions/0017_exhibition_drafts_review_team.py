"""exhibition drafts, review and teams

An exhibition gets a working draft beside its live document (its own revision number, the
draft's ETag), a review state, a table of review events (who moved the draft to which state,
when, with what comment) and a team (the curator who made it and those they invited). Existing
exhibitions get no team: they stay open to every curator until one is set.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 10:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('exhibitions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('draft', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('draft_version', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('draft_saved', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('draft_saved_by', sa.String(length=320), nullable=True))
        batch_op.add_column(sa.Column('review_state', sa.String(length=16), nullable=False, server_default='none'))
        batch_op.create_index('ix_exhibitions_review_state', ['review_state'])
    op.create_table(
        'exhibition_team',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('exhibition_id', sa.Integer(), nullable=False),
        sa.Column('member', sa.String(length=320), nullable=False),
        sa.Column('creator', sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column('added', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['exhibition_id'], ['exhibitions.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('exhibition_id', 'member'),
    )
    op.create_index('ix_exhibition_team_member', 'exhibition_team', ['member'])
    op.create_table(
        'exhibition_reviews',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('exhibition_id', sa.Integer(), nullable=False),
        sa.Column('action', sa.String(length=16), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('comment', sa.Text(), nullable=True),
        sa.Column('by', sa.String(length=320), nullable=True),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['exhibition_id'], ['exhibitions.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_exhibition_reviews_exhibition_id', 'exhibition_reviews', ['exhibition_id'])


def downgrade() -> None:
    op.drop_index('ix_exhibition_reviews_exhibition_id', table_name='exhibition_reviews')
    op.drop_table('exhibition_reviews')
    op.drop_index('ix_exhibition_team_member', table_name='exhibition_team')
    op.drop_table('exhibition_team')
    with op.batch_alter_table('exhibitions', schema=None) as batch_op:
        batch_op.drop_index('ix_exhibitions_review_state')
        batch_op.drop_column('review_state')
        batch_op.drop_column('draft_saved_by')
        batch_op.drop_column('draft_saved')
        batch_op.drop_column('draft_version')
        batch_op.drop_column('draft')
