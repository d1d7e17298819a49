"""IIIF sources: a museum's own collections, harvested again and again

A source remembers, per manifest, its object and its server's validators (ETag,
Last-Modified); an import job may be a harvest of a source instead of a file's rows.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 12:30:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'iiif_sources',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('museum_id', sa.Integer(), nullable=False),
        sa.Column('url', sa.String(length=1000), nullable=False),
        sa.Column('default_rights', sa.String(length=300), nullable=True),
        sa.Column('manifests', sa.JSON(), nullable=False),
        sa.Column('created', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_job_id', sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(['museum_id'], ['museums.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('museum_id', 'url'),
    )
    op.create_index(op.f('ix_iiif_sources_museum_id'), 'iiif_sources', ['museum_id'], unique=False)
    with op.batch_alter_table('import_jobs') as batch_op:
        batch_op.add_column(sa.Column('source_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_import_jobs_source_id'), ['source_id'], unique=False)
        batch_op.create_foreign_key('fk_import_jobs_source_id', 'iiif_sources', ['source_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('import_jobs') as batch_op:
        batch_op.drop_constraint('fk_import_jobs_source_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_import_jobs_source_id'))
        batch_op.drop_column('source_id')
    op.drop_index(op.f('ix_iiif_sources_museum_id'), table_name='iiif_sources')
    op.drop_table('iiif_sources')
