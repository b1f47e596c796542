"""job runner: which process runs a thread-mode job, so a restart can tell its jobs are lost

Revision ID: 0007f
Revises: 0007e
Create Date: 2026-12-01 18:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0007f'
down_revision = '0007e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('job') as batch:
        batch.add_column(sa.Column('runner', sa.String(length=120), nullable=True,
                                   comment='"rq", or "thread:<host>:<pid>:<process start>" of the app process'))


def downgrade():
    with op.batch_alter_table('job') as batch:
        batch.drop_column('runner')
