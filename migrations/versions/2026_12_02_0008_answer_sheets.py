"""answer sheets: a response's Likert answers as one row per side; tallies know what they saw

Revision ID: 0008
Revises: 0007f
Create Date: 2026-12-02 18:00:00

- `answer_sheet` replaces `answer`: one row per response and side, one character per statement
  (survey/models/response.py). Existing answers are converted (a response gets a sheet for every
  side of its study; answers it did not give are "."), and `answer` is dropped.
- `study.item_count` and `study.points`: the answer layout sheets refer to (and cannot change
  under); `study.instrument_digest`, the digest of the instrument document (so a request can find
  the parsed instrument without loading the document); `study.answers_revision`, raised by triggers whenever a response, sheet, demographic
  or open answer is changed or deleted.
- `response.xact_id`: on PostgreSQL the inserting transaction's id (a server default); with the
  snapshot a stored tally keeps (`study_statistics.pg_snapshot`) it finds the responses the tally
  has not seen (survey/analysis/service.py). SQLite leaves it NULL (ids commit in order there).
- Stored tallies are dropped (they are a cache): the next score rebuilds them. A tally now keeps
  its study's open-answer groups too (`open_answer_group`, `study_statistics.open_answers`).
- `response` loses two indexes no query uses (study_id alone, submitted_at alone).
"""
import hashlib
import json

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007f'
branch_labels = None
depends_on = None

MISSING, ZERO = ".", ord("0")
ALPHABET = MISSING + "".join(chr(ZERO + v) for v in range(1, 12))
WATCHED = ("response", "answer_sheet", "demographic_answer", "open_answer")  # what a tally is made of


def upgrade():
    bind = op.get_bind()
    postgresql = bind.dialect.name == "postgresql"

    # The study's answer layout. SQLite cannot add a NOT NULL column without a default, nor drop
    # a default without rebuilding the table (which would cascade-delete its children), so the
    # columns arrive with a default of 0 that PostgreSQL drops again once they are filled.
    with op.batch_alter_table('study') as batch:
        batch.add_column(sa.Column('item_count', sa.Integer(), nullable=False, server_default='0',
                                   comment='statements: the length of every answer sheet'))
        batch.add_column(sa.Column('points', sa.Integer(), nullable=False, server_default='0',
                                   comment='scale points: answers are 1..points'))
        batch.add_column(sa.Column('answers_revision', sa.Integer(), nullable=False, server_default='0',
                                   comment='raised by the database whenever a stored response or answer is changed or deleted'))
    op.execute("UPDATE study SET item_count = (SELECT count(*) FROM item WHERE item.study_id = study.id), "
               "points = coalesce((SELECT max(points) FROM item WHERE item.study_id = study.id), 0)")
    # The instrument document's digest, kept beside it (the cache key of the parsed instrument).
    with op.batch_alter_table('study') as batch:
        batch.add_column(sa.Column('instrument_digest', sa.String(length=32), nullable=False, server_default='',
                                   comment='digest of the instrument document: any edit changes it (set with the document)'))
    for study_id, document in bind.execute(sa.text("SELECT id, instrument FROM study")).all():
        document = json.loads(document) if isinstance(document, str) else document
        canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        bind.execute(sa.text("UPDATE study SET instrument_digest = :digest WHERE id = :id"),
                     {"digest": hashlib.blake2b(canonical.encode(), digest_size=16).hexdigest(), "id": study_id})
    if postgresql:
        op.execute("ALTER TABLE study ALTER COLUMN item_count DROP DEFAULT, ALTER COLUMN points DROP DEFAULT, "
                   "ALTER COLUMN instrument_digest DROP DEFAULT")
    op.create_index('uq_study_answer_layout', 'study', ['id', 'item_count', 'points'], unique=True)

    op.create_table(
        'answer_sheet',
        sa.Column('response_id', sa.Integer(), nullable=False),
        sa.Column('side', sa.SmallInteger(), nullable=False, comment='0 performance (or the only side), 1 importance'),
        sa.Column('study_id', sa.Integer(), nullable=False),
        sa.Column('item_count', sa.Integer(), nullable=False, comment="the study's statements, for the length check"),
        sa.Column('points', sa.Integer(), nullable=False, comment="the study's scale points, for the range check"),
        sa.Column('answers', sa.String(), nullable=False,
                  comment="one character per statement in item position order: '1'.. for 1.., '.' missing"),
        sa.CheckConstraint('side IN (0, 1)', name=op.f('ck_answer_sheet_side')),
        sa.CheckConstraint('length(answers) = item_count', name=op.f('ck_answer_sheet_one_per_statement')),
        sa.CheckConstraint(f"trim(answers, substr('{ALPHABET}', 1, points + 1)) = ''",
                           name=op.f('ck_answer_sheet_in_scale')),
        sa.ForeignKeyConstraint(['response_id', 'study_id'], ['response.id', 'response.study_id'],
                                name='fk_answer_sheet_response', ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['study_id', 'item_count', 'points'], ['study.id', 'study.item_count', 'study.points'],
                                name='fk_answer_sheet_layout', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('response_id', 'side', name=op.f('pk_answer_sheet')),
    )
    op.create_index(op.f('ix_answer_sheet_study_id'), 'answer_sheet', ['study_id'], unique=False)
    _answers_to_sheets(bind)
    op.drop_index(op.f('ix_answer_study_id'), table_name='answer')
    op.drop_table('answer')

    op.add_column('response', sa.Column('xact_id', sa.BigInteger(), nullable=True,
                                        comment='PostgreSQL: the inserting transaction (pg_current_xact_id)'))
    if postgresql:
        op.execute("ALTER TABLE response ALTER COLUMN xact_id SET DEFAULT (pg_current_xact_id()::text::bigint)")
    op.create_index('ix_response_study_id_xact_id', 'response', ['study_id', 'xact_id'], unique=False)
    # Indexes no query needs, which every imported response paid for: study_id alone leads three
    # other keys and indexes, and no query looks up responses by submission time across studies.
    op.drop_index('ix_response_study_id', table_name='response')
    op.drop_index('ix_response_submitted_at', table_name='response')

    op.execute("DELETE FROM study_statistics")
    with op.batch_alter_table('study_statistics') as batch:
        batch.drop_column('id_sum')
        batch.add_column(sa.Column('answers_revision', sa.Integer(), nullable=False, server_default='0',
                                   comment='study.answers_revision when it was read: another revision is never folded'))
        batch.add_column(sa.Column('pg_snapshot', sa.Text(), nullable=True,
                                   comment="PostgreSQL: pg_current_snapshot() of the read the tally was made in"))
        batch.add_column(sa.Column('open_answers', sa.JSON(), nullable=False, server_default='{}',
                                   comment='per open question code [answers, groups]; the groups are in open_answer_group'))
        batch.alter_column('max_response_id', existing_type=sa.Integer(), existing_nullable=False,
                           comment='the highest response id in the tally (SQLite: every later response has a higher id)',
                           existing_comment='the highest response id in the tally')
    if postgresql:
        op.execute("ALTER TABLE study_statistics ALTER COLUMN answers_revision DROP DEFAULT, "
                   "ALTER COLUMN open_answers DROP DEFAULT")
    op.create_table(
        'open_answer_group',
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('key_digest', sa.String(length=24), nullable=False, comment='digest of the normalised answer'),
        sa.Column('answers', sa.Integer(), nullable=False),
        sa.Column('first_response_id', sa.Integer(), nullable=False, comment='the response that gave the first answer'),
        sa.Column('rank', sa.BigInteger(), nullable=False,
                  comment='first_response_id - answers * 2^32: ascending is most answers, then earliest'),
        sa.Column('spellings', sa.JSON(), nullable=False, comment='spelling digest -> [answers, first response id]'),
        sa.ForeignKeyConstraint(['question_id'], ['open_question.id'],
                                name=op.f('fk_open_answer_group_question_id_open_question'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('question_id', 'key_digest', name=op.f('pk_open_answer_group')),
    )
    op.create_index('ix_open_answer_group_rank', 'open_answer_group', ['question_id', 'rank'], unique=False)
    _create_revision_triggers(bind)


def _answers_to_sheets(bind) -> None:
    """Every response gets a sheet per side of its study, built from its answer rows."""
    sheet = sa.table('answer_sheet', *(sa.column(name) for name in
                                       ('response_id', 'side', 'study_id', 'item_count', 'points', 'answers')))
    studies = bind.execute(sa.text("SELECT id, item_count, points, instrument FROM study")).all()
    for study_id, item_count, points, instrument in studies:
        document = json.loads(instrument) if isinstance(instrument, str) else instrument
        sides = (0, 1) if (document or {}).get("pairing") else (0,)
        position = {item_id: p for p, (item_id,) in enumerate(bind.execute(sa.text(
            "SELECT id FROM item WHERE study_id = :s ORDER BY position"), {"s": study_id}))}
        sheets = {(response_id, side): bytearray(MISSING * item_count, "ascii")
                  for (response_id,) in bind.execute(sa.text("SELECT id FROM response WHERE study_id = :s"),
                                                     {"s": study_id}) for side in sides}
        for response_id, item_id, side, value in bind.execute(sa.text(
                "SELECT response_id, item_id, side, value FROM answer WHERE study_id = :s"), {"s": study_id}):
            if (response_id, side) in sheets:
                sheets[response_id, side][position[item_id]] = ZERO + value
        rows = [{"response_id": r, "side": side, "study_id": study_id, "item_count": item_count,
                 "points": points, "answers": text.decode("ascii")} for (r, side), text in sheets.items()]
        for start in range(0, len(rows), 10_000):
            bind.execute(sheet.insert(), rows[start:start + 10_000])


def _create_revision_triggers(bind) -> None:
    """Raise study.answers_revision whenever a row a tally is made of is changed or deleted."""
    if bind.dialect.name == "postgresql":
        # Statement-level with transition tables: one UPDATE of the study per statement, even when
        # a statement deletes 100,000 responses.
        op.execute("""
CREATE FUNCTION raise_answers_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME IN ('response', 'answer_sheet') THEN
    IF TG_OP = 'UPDATE' THEN
      UPDATE study SET answers_revision = answers_revision + 1
      WHERE id IN (SELECT study_id FROM changed UNION SELECT study_id FROM changed_to);
    ELSE
      UPDATE study SET answers_revision = answers_revision + 1 WHERE id IN (SELECT study_id FROM changed);
    END IF;
  ELSIF TG_OP = 'UPDATE' THEN
    UPDATE study SET answers_revision = answers_revision + 1 WHERE id IN (
      SELECT r.study_id FROM response r
      WHERE r.id IN (SELECT response_id FROM changed UNION SELECT response_id FROM changed_to));
  ELSE
    UPDATE study SET answers_revision = answers_revision + 1 WHERE id IN (
      SELECT r.study_id FROM response r WHERE r.id IN (SELECT response_id FROM changed));
  END IF;
  RETURN NULL;
END $$""")
        for table in WATCHED:
            op.execute(f"CREATE TRIGGER {table}_deleted_raises_answers_revision AFTER DELETE ON {table} "
                       "REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION raise_answers_revision()")
            op.execute(f"CREATE TRIGGER {table}_updated_raises_answers_revision AFTER UPDATE ON {table} "
                       "REFERENCING OLD TABLE AS changed NEW TABLE AS changed_to "
                       "FOR EACH STATEMENT EXECUTE FUNCTION raise_answers_revision()")
        return
    for table in WATCHED:
        if table in ("response", "answer_sheet"):
            deleted, updated = "OLD.study_id", "OLD.study_id, NEW.study_id"
        else:
            deleted = "(SELECT study_id FROM response WHERE id = OLD.response_id)"
            updated = "SELECT study_id FROM response WHERE id IN (OLD.response_id, NEW.response_id)"
        op.execute(f"CREATE TRIGGER {table}_deleted_raises_answers_revision AFTER DELETE ON {table} BEGIN "
                   f"UPDATE study SET answers_revision = answers_revision + 1 WHERE id = {deleted}; END")
        op.execute(f"CREATE TRIGGER {table}_updated_raises_answers_revision AFTER UPDATE ON {table} BEGIN "
                   f"UPDATE study SET answers_revision = answers_revision + 1 WHERE id IN ({updated}); END")


def downgrade():
    bind = op.get_bind()
    postgresql = bind.dialect.name == "postgresql"
    for table in WATCHED:
        for event in ("deleted", "updated"):
            op.execute(f"DROP TRIGGER {table}_{event}_raises_answers_revision" + (f" ON {table}" if postgresql else ""))
    if postgresql:
        op.execute("DROP FUNCTION raise_answers_revision()")

    op.drop_index('ix_open_answer_group_rank', table_name='open_answer_group')
    op.drop_table('open_answer_group')
    op.execute("DELETE FROM study_statistics")
    with op.batch_alter_table('study_statistics') as batch:
        batch.drop_column('open_answers')
        batch.drop_column('pg_snapshot')
        batch.drop_column('answers_revision')
        batch.add_column(sa.Column('id_sum', sa.BigInteger(), nullable=False, server_default='0',
                                   comment='sum of the tallied response ids (a check)'))
        batch.alter_column('max_response_id', existing_type=sa.Integer(), existing_nullable=False,
                           comment='the highest response id in the tally',
                           existing_comment='the highest response id in the tally (SQLite: every later response has a higher id)')
    op.create_index('ix_response_submitted_at', 'response', ['submitted_at'], unique=False)
    op.create_index('ix_response_study_id', 'response', ['study_id'], unique=False)
    op.drop_index('ix_response_study_id_xact_id', table_name='response')
    with op.batch_alter_table('response') as batch:
        batch.drop_column('xact_id')

    op.create_table(
        'answer',
        sa.Column('response_id', sa.Integer(), nullable=False),
        sa.Column('item_id', sa.Integer(), nullable=False),
        sa.Column('side', sa.SmallInteger(), server_default='0', nullable=False,
                  comment='0 performance (or the only side), 1 importance'),
        sa.Column('study_id', sa.Integer(), nullable=False),
        sa.Column('points', sa.SmallInteger(), nullable=False, comment="the item's scale size, for the range check"),
        sa.Column('value', sa.SmallInteger(), nullable=False, comment='as the respondent gave it (not reversed)'),
        sa.CheckConstraint('value >= 1 AND value <= points', name=op.f('ck_answer_value_in_scale')),
        sa.CheckConstraint('side IN (0, 1)', name=op.f('ck_answer_side')),
        sa.ForeignKeyConstraint(['item_id', 'study_id', 'points'], ['item.id', 'item.study_id', 'item.points'],
                                name='fk_answer_item', ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['response_id', 'study_id'], ['response.id', 'response.study_id'],
                                name='fk_answer_response', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('response_id', 'item_id', 'side', name=op.f('pk_answer')),
    )
    op.create_index(op.f('ix_answer_study_id'), 'answer', ['study_id'], unique=False)
    answer = sa.table('answer', *(sa.column(name) for name in
                                  ('response_id', 'item_id', 'side', 'study_id', 'points', 'value')))
    for study_id, points in bind.execute(sa.text("SELECT id, points FROM study")).all():
        item_ids = [item_id for (item_id,) in bind.execute(sa.text(
            "SELECT id FROM item WHERE study_id = :s ORDER BY position"), {"s": study_id})]
        rows = [{"response_id": response_id, "item_id": item_ids[p], "side": side, "study_id": study_id,
                 "points": points, "value": ord(char) - ZERO}
                for response_id, side, text in bind.execute(sa.text(
                    "SELECT response_id, side, answers FROM answer_sheet WHERE study_id = :s"), {"s": study_id})
                for p, char in enumerate(text) if char != MISSING]
        for start in range(0, len(rows), 10_000):
            bind.execute(answer.insert(), rows[start:start + 10_000])
    op.drop_index(op.f('ix_answer_sheet_study_id'), table_name='answer_sheet')
    op.drop_table('answer_sheet')
    op.drop_index('uq_study_answer_layout', table_name='study')
    with op.batch_alter_table('study') as batch:
        batch.drop_column('instrument_digest')
        batch.drop_column('answers_revision')
        batch.drop_column('points')
        batch.drop_column('item_count')
