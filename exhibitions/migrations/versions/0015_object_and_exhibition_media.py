"""audio and video of objects and exhibitions

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 04:30:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('media',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('media_type', sa.String(length=40), nullable=False),
    sa.Column('extension', sa.String(length=8), nullable=False),
    sa.Column('duration', sa.Float(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('poster_width', sa.Integer(), nullable=True),
    sa.Column('poster_height', sa.Integer(), nullable=True),
    sa.Column('byte_size', sa.BigInteger(), nullable=False),
    sa.Column('object_id', sa.String(length=80), nullable=True),
    sa.Column('exhibition_id', sa.Integer(), nullable=True),
    sa.Column('label', sa.JSON(), nullable=True),
    sa.Column('captions', sa.JSON(), nullable=False),
    sa.Column('transcript', sa.JSON(), nullable=True),
    sa.Column('original_name', sa.String(length=300), nullable=True),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('media', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_media_object_id'), ['object_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_media_exhibition_id'), ['exhibition_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('media', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_media_exhibition_id'))
        batch_op.drop_index(batch_op.f('ix_media_object_id'))

    op.drop_table('media')
