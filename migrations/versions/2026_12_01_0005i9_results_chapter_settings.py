"""report settings: results chapter number and title

Revision ID: 0005i9
Revises: 0004population
Create Date: 2026-12-01 15:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005i9'
down_revision = '0004population'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('report_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('results_chapter', sa.String(length=8), nullable=True,
                                      comment='Roman numeral of the results chapter (default IV)'))
        batch_op.add_column(sa.Column('results_title', sa.Text(), nullable=True,
                                      comment='title of the results chapter, as printed'))


def downgrade():
    with op.batch_alter_table('report_settings', schema=None) as batch_op:
        batch_op.drop_column('results_title')
        batch_op.drop_column('results_chapter')
