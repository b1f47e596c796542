"""response uuid unique per study, not globally

Revision ID: 0005i12b
Revises: 0005i12a
Create Date: 2026-12-01 15:00:00

A respondent id comes from the device or from an imported file; two studies may legitimately
carry the same id (the same KoboToolbox export imported into a pilot and a main study).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005i12b'
down_revision = '0005i12a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_constraint('uq_response_uuid', type_='unique')
        batch_op.create_unique_constraint('uq_response_study_uuid', ['study_id', 'uuid'])
        batch_op.alter_column('uuid', existing_type=sa.String(length=36), existing_nullable=False,
                              comment='client-generated id: a resend to the same study is recognised, not duplicated',
                              existing_comment='client-generated id: a resend is recognised, not duplicated')


def downgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_constraint('uq_response_study_uuid', type_='unique')
        batch_op.create_unique_constraint('uq_response_uuid', ['uuid'])
        batch_op.alter_column('uuid', existing_type=sa.String(length=36), existing_nullable=False,
                              comment='client-generated id: a resend is recognised, not duplicated',
                              existing_comment='client-generated id: a resend to the same study is recognised, not duplicated')
