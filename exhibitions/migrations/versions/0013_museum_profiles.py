"""museum profiles: a description and a profile image

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 09:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('museums', schema=None) as batch_op:
        batch_op.add_column(sa.Column('description', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('profile_image', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('profile_width', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('profile_height', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_museums_profile_image'), ['profile_image'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('museums', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_museums_profile_image'))
        batch_op.drop_column('profile_height')
        batch_op.drop_column('profile_width')
        batch_op.drop_column('profile_image')
        batch_op.drop_column('description')
