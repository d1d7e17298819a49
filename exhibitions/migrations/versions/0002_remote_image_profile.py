"""remote image profile

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 22:13:13.284977
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('images', schema=None) as batch_op:
        batch_op.add_column(sa.Column('profile', sa.String(length=200), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('images', schema=None) as batch_op:
        batch_op.drop_column('profile')

