"""exhibition versions

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 01:37:55.762686
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('exhibition_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('exhibition_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('document', sa.JSON(), nullable=False),
    sa.Column('saved', sa.DateTime(timezone=True), nullable=False),
    sa.Column('saved_by', sa.String(length=320), nullable=True),
    sa.Column('restored_from', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['exhibition_id'], ['exhibitions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('exhibition_id', 'number')
    )
    with op.batch_alter_table('exhibition_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exhibition_versions_exhibition_id'), ['exhibition_id'], unique=False)

    with op.batch_alter_table('exhibitions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    # Every exhibition saved before versions were kept starts its history as it is now.
    op.execute("INSERT INTO exhibition_versions (exhibition_id, number, document, saved) "
               "SELECT id, 1, document, modified FROM exhibitions")


def downgrade() -> None:
    with op.batch_alter_table('exhibitions', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('exhibition_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exhibition_versions_exhibition_id'))

    op.drop_table('exhibition_versions')
