"""answer side: importance and performance answers of paired studies

Revision ID: 0006i13
Revises: 0005i14
Create Date: 2026-12-01 17:40:00

Every existing answer is side 0 (the only side of an unpaired study, the performance side of a
paired one); the key grows to (response, item, side) so a paired statement holds two answers.
"""
from alembic import op
import sqlalchemy as sa


revision = '0006i13'
down_revision = '0005i14'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('side', sa.SmallInteger(), server_default='0', nullable=False,
                                      comment='0 performance (or the only side), 1 importance'))
        batch_op.drop_constraint('pk_answer', type_='primary')
        batch_op.create_primary_key('pk_answer', ['response_id', 'item_id', 'side'])
        batch_op.create_check_constraint('side', 'side IN (0, 1)')


def downgrade():
    op.execute("DELETE FROM answer WHERE side <> 0")
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_constraint('ck_answer_side', type_='check')
        batch_op.drop_constraint('pk_answer', type_='primary')
        batch_op.create_primary_key('pk_answer', ['response_id', 'item_id'])
        batch_op.drop_column('side')
