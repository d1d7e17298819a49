"""trashed images

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-25 04:54:56.130931
"""

from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('trashed_images',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('object_id', sa.String(length=80), nullable=False),
    sa.Column('image_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['object_id'], ['trashed_objects.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('trashed_images', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trashed_images_image_id'), ['image_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_trashed_images_object_id'), ['object_id'], unique=False)

    # The objects already in the trash name their stored images in their JSON; read it here,
    # the same way on every database.
    connection = op.get_bind()
    trashed = sa.table('trashed_objects', sa.column('id', sa.String), sa.column('images', sa.JSON))
    lookup = sa.table('trashed_images', sa.column('object_id', sa.String), sa.column('image_id', sa.String))
    rows = [{"object_id": object_id, "image_id": image["image_id"]}
            for object_id, images in connection.execute(sa.select(trashed.c.id, trashed.c.images))
            for image in images if image.get("service") is None]
    if rows:
        connection.execute(lookup.insert(), rows)


def downgrade() -> None:
    with op.batch_alter_table('trashed_images', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trashed_images_object_id'))
        batch_op.drop_index(batch_op.f('ix_trashed_images_image_id'))

    op.drop_table('trashed_images')
