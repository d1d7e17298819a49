"""object versions

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25 03:58:05.208301
"""

from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('object_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('object_id', sa.String(length=80), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('saved', sa.DateTime(timezone=True), nullable=False),
    sa.Column('replaced', sa.DateTime(timezone=True), nullable=False),
    sa.Column('replaced_by', sa.String(length=320), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('object_id', 'number')
    )
    with op.batch_alter_table('object_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_object_versions_object_id'), ['object_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('object_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_object_versions_object_id'))

    op.drop_table('object_versions')
