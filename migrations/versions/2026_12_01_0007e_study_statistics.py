"""study statistics: the stored tally of a study's responses (incremental scores)

Revision ID: 0007e
Revises: 0006i13
Create Date: 2026-12-01 17:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0007e'
down_revision = '0006i13'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'study_statistics',
        sa.Column('study_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.String(length=120), nullable=False,
                  comment='tally format and instrument digest: another version is never folded'),
        sa.Column('n_responses', sa.Integer(), nullable=False, comment='responses the tally holds'),
        sa.Column('max_response_id', sa.Integer(), nullable=False, comment='the highest response id in the tally'),
        sa.Column('id_sum', sa.BigInteger(), nullable=False, comment='sum of the tallied response ids (a check)'),
        sa.Column('data', sa.LargeBinary(), nullable=False, comment='the tally (.npz of integer arrays)'),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('first_submitted_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_submitted_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['study_id'], ['study.id'], name=op.f('fk_study_statistics_study_id_study'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('study_id', name=op.f('pk_study_statistics')),
    )
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.create_index('ix_response_study_id_id', ['study_id', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_index('ix_response_study_id_id')
    op.drop_table('study_statistics')
