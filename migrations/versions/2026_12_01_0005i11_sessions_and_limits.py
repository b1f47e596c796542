"""session version per account (server-side logout), public submission limit per study

Revision ID: 0005i11
Revises: 0005i12b
Create Date: 2026-12-01 15:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0005i11'
down_revision = '0005i12b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1', nullable=False,
                                      comment='raised to end every session of the account'))
    with op.batch_alter_table('study', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submissions_per_hour', sa.Integer(), nullable=True,
                                      comment='public-link submissions accepted per address per hour (NULL: the app default)'))


def downgrade():
    with op.batch_alter_table('study', schema=None) as batch_op:
        batch_op.drop_column('submissions_per_hour')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('session_version')
