"""objects keep what their IIIF source manifest said

An object imported from a museum's IIIF manifest keeps the manifest's properties that have no
field of ours (all its metadata pairs, structures, behavior, viewingDirection, annotations, its
canvases as painted...) in a JSON column, so that its own manifest gives them back.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 12:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('objects') as batch_op:
        batch_op.add_column(sa.Column('iiif_source', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('objects') as batch_op:
        batch_op.drop_column('iiif_source')
