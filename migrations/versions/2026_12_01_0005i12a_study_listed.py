"""study listed on the public home page (opt-in)

Revision ID: 0005i12a
Revises: 0005i9
Create Date: 2026-12-01 15:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005i12a'
down_revision = '0005i9'
branch_labels = None
depends_on = None


def upgrade():
    # Existing studies stay off the home page: listing is the researcher's explicit choice.
    with op.batch_alter_table('study', schema=None) as batch_op:
        batch_op.add_column(sa.Column('listed', sa.Boolean(), server_default=sa.false(), nullable=False,
                                      comment='shown on the public home page while open (opt-in)'))


def downgrade():
    with op.batch_alter_table('study', schema=None) as batch_op:
        batch_op.drop_column('listed')
