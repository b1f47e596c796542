"""background jobs

Revision ID: 0005i14
Revises: 0005i11
Create Date: 2026-12-01 15:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0005i14'
down_revision = '0005i11'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'job',
        sa.Column('id', sa.String(length=32), nullable=False, comment='random hex: not guessable'),
        sa.Column('kind', sa.String(length=40), nullable=False, comment='registry name, e.g. report_pdf, export'),
        sa.Column('study_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True, comment='who asked for it'),
        sa.Column('params', sa.JSON(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('progress', sa.Float(), nullable=False, comment='0..1'),
        sa.Column('message', sa.Text(), nullable=True, comment='why it failed'),
        sa.Column('filename', sa.Text(), nullable=True, comment='download name of the result'),
        sa.Column('mimetype', sa.String(length=120), nullable=True),
        sa.Column('result', sa.LargeBinary(), nullable=True,
                  comment='the finished file, in the database so every app server can serve it'),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name=op.f('ck_job_status')),
        sa.ForeignKeyConstraint(['study_id'], ['study.id'], name=op.f('fk_job_study_id_study'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_job_user_id_user_account'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_job')),
    )
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_study_id'), ['study_id'], unique=False)


def downgrade():
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_study_id'))
    op.drop_table('job')
