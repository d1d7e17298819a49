"""object trash

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25 03:39:55.032844
"""

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('trashed_objects',
    sa.Column('id', sa.String(length=80), nullable=False),
    sa.Column('museum_id', sa.Integer(), nullable=False),
    sa.Column('accession', sa.String(length=200), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('images', sa.JSON(), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.Column('modified', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_by', sa.String(length=320), nullable=True),
    sa.ForeignKeyConstraint(['museum_id'], ['museums.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('trashed_objects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trashed_objects_deleted'), ['deleted'], unique=False)
        batch_op.create_index(batch_op.f('ix_trashed_objects_museum_id'), ['museum_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('trashed_objects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trashed_objects_museum_id'))
        batch_op.drop_index(batch_op.f('ix_trashed_objects_deleted'))

    op.drop_table('trashed_objects')
