"""Importing the responses of a paired study: two columns per statement, `<code>:importance` and
`<code>:performance`, both sides stored (answer.side), all or nothing, on SQLite and PostgreSQL."""
from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import func, select

from survey.analysis.frames import load_frames
from survey.collect.csv_import import ImportError_, import_file, import_responses
from survey.models import IMPORTANCE, PERFORMANCE, Response
from survey.studies.service import instrument_of
from tests.conftest import csrf_from, stored_answers
from tests.exports.paired import CODES, CSV, KEYS, ROWS, paired_study


def count(db, model=Response) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def stored(db, study) -> dict[tuple[str, str, int], int]:
    """(uuid, item code, side) -> value of every stored answer."""
    uuids = set(db.session.scalars(select(Response.uuid).where(Response.study_id == study.id)))
    return {(u, c, s): v for u, c, s, v in stored_answers(db.session) if u in uuids}


def refused(db, study, data, lang="en") -> ImportError_:
    with pytest.raises(ImportError_) as raised:
        import_file(db.session, study, instrument_of(study), data, lang=lang)
    db.session.rollback()
    assert count(db) == 0 and len(stored_answers(db.session)) == 0
    return raised.value


def test_both_sides_are_stored_raw_with_missing_sides(db, make_study):
    study = paired_study(make_study)
    assert import_responses(db.session, study, instrument_of(study), CSV) == 2
    db.session.commit()
    answers = stored(db, study)
    assert len(answers) == 14  # 16 cells, two left empty
    assert answers[("r-1", "TAN-01", IMPORTANCE)] == 5 and answers[("r-1", "TAN-01", PERFORMANCE)] == 4
    # TAN-02 is negatively worded: stored as ticked, not reversed
    assert answers[("r-1", "TAN-02", IMPORTANCE)] == 4 and answers[("r-1", "TAN-02", PERFORMANCE)] == 2
    assert ("r-2", "TAN-02", IMPORTANCE) not in answers and answers[("r-2", "TAN-02", PERFORMANCE)] == 1
    assert ("r-2", "REL-02", PERFORMANCE) not in answers and answers[("r-2", "REL-02", IMPORTANCE)] == 3

    frames = load_frames(db.session, study, instrument_of(study))
    uuids = dict(db.session.execute(select(Response.id, Response.uuid)).all())
    for response_id in frames.answers.index:
        expected = ROWS[uuids[response_id]]
        got = [frames.importance.loc[response_id, c] if k.endswith("importance") else frames.answers.loc[response_id, c]
               for k, c in zip(KEYS, np.repeat(CODES, 2))]
        assert [None if g != g else int(g) for g in got] == expected


def test_labels_of_each_side_are_read(db, make_study):
    study = paired_study(make_study)
    text = ("TAN-01:importance;TAN-01:performance;TAN-02:importance;TAN-02:performance;REL-01:importance;"
            "REL-01:performance;REL-02:importance;REL-02:performance;gender\n"
            "Sangat Penting;Setuju;penting;4;5;5;Cukup Penting;Ragu-ragu;Perempuan\n")
    assert import_responses(db.session, study, instrument_of(study), text) == 1
    answers = stored(db, study)
    assert answers[(next(iter(answers))[0], "TAN-01", IMPORTANCE)] == 5
    assert {(c, s): v for (_, c, s), v in answers.items()}[("REL-02", PERFORMANCE)] == 3
    # an importance label is not a performance answer
    db.session.rollback()  # the first import was not committed
    problem = refused(db, study, text.replace("Sangat Penting;Setuju", "Sangat Penting;Penting"))
    assert problem.problems == ['row 2, column TAN-01:performance: "Penting" is not a number or a scale label']


def test_every_bad_cell_of_either_side_is_reported_and_nothing_is_stored(db, make_study):
    study = paired_study(make_study)
    bad = (CSV.replace("r-1,5,4,4,2", "r-1,9,4,4,2.5").replace("r-2,4,3,,1", "r-2,4,0,,x"))
    problem = refused(db, study, bad)
    assert problem.problems == [  # column by column, in the file's answer order
        "row 2, column TAN-01:importance: outside the scale 1–5",
        "row 3, column TAN-01:performance: outside the scale 1–5",
        'row 3, column TAN-02:performance: "x" is not a number or a scale label',
        "row 2, column TAN-02:performance: not a whole number",
    ]
    problem = refused(db, study, bad, lang="id")
    assert "baris 2, kolom TAN-01:importance: di luar skala 1–5" in problem.problems


def test_a_plain_code_column_is_refused_saying_which_columns_are_expected(db, make_study):
    study = paired_study(make_study)
    frame = pd.read_csv(io.StringIO(CSV), dtype=str, keep_default_na=False)
    frame = frame.drop(columns=["TAN-01:performance"]).rename(columns={"TAN-01:importance": "TAN-01"})
    problem = refused(db, study, frame.to_csv(index=False))
    assert problem.problems == [
        "column TAN-01: this study is paired: every statement is answered in two columns, TAN-01:importance "
        "(Harapan) and TAN-01:performance (Kenyataan), not one column TAN-01"]
    problem = refused(db, study, "TAN-01,TAN-02,REL-01,REL-02,gender\n1,2,3,4,Perempuan\n", lang="id")
    assert len(problem.problems) == 4 and problem.problems[1] == (
        "kolom TAN-02: studi ini berpasangan: setiap pernyataan dijawab dalam dua kolom, TAN-02:importance "
        "(Harapan) dan TAN-02:performance (Kenyataan), bukan satu kolom TAN-02")


def test_a_missing_side_column_is_named(db, make_study):
    study = paired_study(make_study)
    frame = pd.read_csv(io.StringIO(CSV), dtype=str, keep_default_na=False).drop(columns=["REL-02:performance"])
    problem = refused(db, study, frame.to_csv(index=False))
    assert problem.problems == ["column REL-02:performance: missing (leave its cells empty for missing answers)"]


def test_sided_columns_in_an_unpaired_study_are_refused_clearly(db, make_study):
    study = make_study()
    problem = refused(db, study, "Q1:importance,Q1:performance,Q2,Q3,Q4,gender\n1,2,3,4,5,Perempuan\n")
    assert "column Q1:importance: this study is not paired: this statement's answers go in column Q1" in problem.problems
    assert "column Q1: missing (leave its cells empty for missing answers)" in problem.problems


def test_the_same_file_again_is_refused_as_already_imported(db, make_study):
    study = paired_study(make_study)
    import_responses(db.session, study, instrument_of(study), CSV)
    db.session.commit()
    with pytest.raises(ImportError_) as raised:
        import_responses(db.session, study, instrument_of(study), CSV)
    db.session.rollback()
    assert raised.value.problems == ["row 2, column uuid: already imported (r-1)",
                                     "row 3, column uuid: already imported (r-2)"]
    assert count(db) == 2 and len(stored_answers(db.session)) == 14


def test_an_xlsform_submission_export_maps_to_the_sides(db, make_study):
    """KoboToolbox's CSV of our XLSForm: group prefixes, one question per side (`TAN-01_importance`)."""
    study = paired_study(make_study)
    header = ["start", "end", "gender", "age"] + [f"{'TAN' if c.startswith('TAN') else 'REL'}/{c}_{side}"
                                                   for c in CODES for side in ("importance", "performance")]
    header += ["saran", "_id", "_uuid", "_submission_time"]
    row = ["2026-03-01T10:00", "2026-03-01T10:09", "Perempuan", "34", "5", "4", "4", "2", "5", "3", "", "4",
           "Antrean", "1", "a1b2", "2026-03-01T10:10:00"]
    problem_free = ";".join(header) + "\n" + ";".join(row) + "\n"
    result = import_file(db.session, study, instrument_of(study), problem_free)
    assert result.count == 1
    assert "column TAN/TAN-01_importance read as TAN-01:importance" in result.notes
    answers = {(c, s): v for (_, c, s), v in stored(db, study).items()}
    assert answers[("TAN-01", IMPORTANCE)] == 5 and answers[("TAN-02", PERFORMANCE)] == 2
    assert ("REL-02", IMPORTANCE) not in answers and answers[("REL-02", PERFORMANCE)] == 4


def test_web_upload_of_a_paired_file(client, db, make_study, make_user, login_as):
    researcher = make_user("researcher")
    study = paired_study(make_study)
    study.owner_id = researcher.id
    db.session.commit()
    login_as(researcher)
    page = client.get(f"/studies/{study.slug}/responses/upload").get_data(as_text=True)
    assert "Studi ini berpasangan" in page and "<code>TAN-01:importance</code> (Harapan)" in page
    bad = CSV.replace("TAN-01:importance,TAN-01:performance", "TAN-01,TAN-01x")
    response = client.post(f"/studies/{study.slug}/responses/upload", data={
        "csrf_token": csrf_from(page), "responses": (io.BytesIO(bad.encode()), "jawaban.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    assert "kolom TAN-01: studi ini berpasangan" in response.get_data(as_text=True)
    assert count(db) == 0
    response = client.post(f"/studies/{study.slug}/responses/upload", data={
        "csrf_token": csrf_from(page), "responses": (io.BytesIO(CSV.encode()), "jawaban.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    assert count(db) == 2 and len(stored_answers(db.session)) == 14


def test_a_labels_export_of_the_paired_form_reads_each_side_by_its_text(db, make_study):
    """KoboToolbox's "Labels" export heads each column with the question's label, `[Harapan] …`."""
    study = paired_study(make_study)
    instrument = instrument_of(study)
    texts = {item.code: item.text for item in instrument.items}
    header = [f"[{'Harapan' if side == 'importance' else 'Kenyataan'}] {texts[code]}"
              for code in CODES for side in ("importance", "performance")]
    frame = pd.DataFrame([["5", "4", "4", "2", "5", "3", "", "4"]], columns=header)
    frame["Jenis Kelamin"], frame["_uuid"], frame["_index"] = "Perempuan", "k-1", "1"
    result = import_file(db.session, study, instrument, frame.to_csv(index=False))
    assert result.count == 1
    assert "column [Kenyataan] Petugas berpakaian tidak rapi read as TAN-02:performance" in result.notes
    answers = {(c, s): v for (_, c, s), v in stored(db, study).items()}
    assert answers[("TAN-02", PERFORMANCE)] == 2 and ("REL-02", IMPORTANCE) not in answers
