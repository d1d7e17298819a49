"""images whose files have to move

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-25 05:48:27.118665
"""

from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('unsettled_images',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('image_id', sa.String(length=64), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('unsettled_images', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unsettled_images_image_id'), ['image_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('unsettled_images', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unsettled_images_image_id'))

    op.drop_table('unsettled_images')
