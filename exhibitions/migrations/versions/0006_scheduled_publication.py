"""scheduled publication

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 02:26:10.478904
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('exhibitions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('publish_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_exhibitions_publish_at'), ['publish_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('exhibitions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exhibitions_publish_at'))
        batch_op.drop_column('publish_at')

