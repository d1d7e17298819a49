"""staff administration: museums' default rights, disabled accounts, password-reset links,
tokens' last use and maker

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-08 09:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('museums', schema=None) as batch_op:
        batch_op.add_column(sa.Column('default_rights', sa.String(length=300), nullable=True))
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('disabled', sa.Boolean(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('session_epoch', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_used', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('account_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_api_tokens_account_id'), ['account_id'], unique=False)
        batch_op.create_foreign_key('fk_api_tokens_account_id_accounts', 'accounts', ['account_id'], ['id'],
                                    ondelete='SET NULL')
    op.create_table(
        'password_resets',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires', sa.DateTime(timezone=True), nullable=False),
        sa.Column('used', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_by', sa.String(length=320), nullable=True),
        sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
    )
    op.create_index(op.f('ix_password_resets_account_id'), 'password_resets', ['account_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_password_resets_account_id'), table_name='password_resets')
    op.drop_table('password_resets')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_constraint('fk_api_tokens_account_id_accounts', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_api_tokens_account_id'))
        batch_op.drop_column('account_id')
        batch_op.drop_column('last_used')
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.drop_column('session_epoch')
        batch_op.drop_column('disabled')
    with op.batch_alter_table('museums', schema=None) as batch_op:
        batch_op.drop_column('default_rights')
