"""exhibition trash

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 02:58:51.007758
"""

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('exhibitions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deleted', sa.DateTime(timezone=True), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('exhibitions', schema=None) as batch_op:
        batch_op.drop_column('deleted')

