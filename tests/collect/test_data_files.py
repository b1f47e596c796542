"""Data files from elsewhere come in: KoboToolbox and ODK Central exports, our own export
(round trip), Excel's `sep=;` and decimal commas, XLSX; respondent ids unique per study."""
from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from survey.analysis.frames import load_frames
from survey.collect.csv_import import ImportError_, import_file, import_responses
from survey.exports.data import data_frame, write_csv, write_xlsx
from survey.instruments import load_template
from survey.models import Response
from survey.studies.demo import simulate_responses
from survey.studies.service import create_study, instrument_of


def count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Response))


# As KoboToolbox writes a CSV export with "XML values and headers" (its default: `;`, group
# prefixes with `/`, choice names as the form builder made them from the labels).
KOBO = (
    'start;end;gender;age;kualitas/Q1;kualitas/Q2;waktu/Q3;waktu/Q4;catatan;fasilitas;fasilitas/toilet;saran;'
    '_id;_uuid;_submission_time;_validation_status;_notes;_status;_submitted_by;__version__;_tags;_index\n'
    '2026-03-02T09:01:12.000+08:00;2026-03-02T09:06:40.000+08:00;laki_laki;34;5;1;4;4;;toilet;1;'
    '"Antrean panjang, mohon ditambah loket";101;6c1f0f8e-3a55-4a61-9d7e-2d3c1b0a9f11;2026-03-02T01:07:02;;;'
    'submitted_via_web;;vXyZ;;1\n'
    '2026-03-02T10:11:00.000+08:00;2026-03-02T10:15:00.000+08:00;perempuan;;4;;3;2;;;0;;102;'
    '7d2e1f9a-4b66-4b72-8e8f-3e4d2c1b0a22;2026-03-02T02:15:30;;;submitted_via_web;;vXyZ;;2\n')

# As ODK Central writes its CSV export (groups joined with `-`, instanceID with `uuid:`).
ODK = (
    'SubmissionDate,start,end,gender,age,kualitas-Q1,kualitas-Q2,waktu-Q3,waktu-Q4,saran,meta-instanceID,KEY,'
    'SubmitterID,SubmitterName,AttachmentsPresent,AttachmentsExpected,Status,ReviewState,DeviceID,Edits,FormVersion\n'
    '2026-03-05T03:00:01.512Z,2026-03-05T10:55:00.000+07:00,2026-03-05T10:59:40.000+07:00,Perempuan,45,'
    'Setuju,Tidak Setuju,Sangat Setuju,4,,uuid:0b8e2c4a-5d1f-4e7a-9c3b-6a2d1e0f9b33,'
    'uuid:0b8e2c4a-5d1f-4e7a-9c3b-6a2d1e0f9b33,12,enumerator-1,0,0,,approved,collect:Ab12,0,1\n')


def test_kobotoolbox_export_is_mapped_and_reported(db, make_study):
    study = make_study()
    result = import_file(db.session, study, instrument_of(study), KOBO.encode(), lang="en")
    db.session.commit()
    assert result.count == 2
    assert "column _uuid used as uuid" in result.notes
    assert "column _submission_time used as submitted_at" in result.notes
    assert "column kualitas/Q1 read as Q1" in result.notes
    ignored = next(n for n in result.notes if n.startswith("columns ignored"))
    for column in ("start", "end", "_id", "_index", "__version__", "catatan", "fasilitas", "fasilitas/toilet"):
        assert column in ignored
    rows = db.session.execute(select(Response.uuid, Response.submitted_at).order_by(Response.id)).all()
    assert rows[0].uuid == "6c1f0f8e-3a55-4a61-9d7e-2d3c1b0a9f11"
    assert rows[0].submitted_at.replace(tzinfo=None).isoformat() == "2026-03-02T01:07:02"
    frames = load_frames(db.session, study, instrument_of(study))
    assert frames.demographics["gender"].tolist() == ["Laki-laki", "Perempuan"]
    assert frames.answers["Q2"].isna().tolist() == [False, True]


def test_odk_central_export_with_labels_is_mapped(db, make_study):
    study = make_study()
    result = import_file(db.session, study, instrument_of(study), ODK.encode(), lang="en")
    db.session.commit()  # frames are read on their own connection on PostgreSQL
    assert result.count == 1
    assert "column meta-instanceID used as uuid" in result.notes
    assert "column SubmissionDate used as submitted_at" in result.notes
    frames = load_frames(db.session, study, instrument_of(study))
    assert frames.answers.iloc[0].tolist() == [4, 2, 5, 4]  # scale labels read as their numbers
    assert db.session.scalar(select(Response.uuid)) == "0b8e2c4a-5d1f-4e7a-9c3b-6a2d1e0f9b33"


def test_messages_come_in_indonesian(db, make_study):
    study = make_study()
    with pytest.raises(ImportError_) as raised:
        import_file(db.session, study, instrument_of(study), "Q1,Q2,Q3,Q4,gender\n1,2,3,9,Pria\n", lang="id")
    assert "baris 2, kolom Q4: di luar skala 1–5" in raised.value.problems
    assert any(p.startswith("baris 2, kolom gender: bukan salah satu pilihan") for p in raised.value.problems)


def test_unknown_columns_in_a_plain_file_are_still_refused(db, make_study):
    study = make_study()
    with pytest.raises(ImportError_, match="1 problem") as raised:
        import_responses(db.session, study, instrument_of(study), "Q1,Q2,Q3,Q4,gender,Q5\n1,2,3,4,Laki-laki,3\n")
    assert raised.value.problems == ["column Q5: unknown code (not an item, demographic or open question)"]


def test_sep_line_delimiter_from_header_and_decimal_commas(db, make_study):
    study = make_study()
    sep_line = "sep=;\nQ1;Q2;Q3;Q4;gender;age\n4,0;2;3;4;Perempuan;34,0\n"
    assert import_responses(db.session, study, instrument_of(study), sep_line) == 1
    # A semicolon file whose answers hold more commas than the header has semicolons.
    commas = "Q1;Q2;Q3;Q4;gender;saran\n" + "".join(
        f'{1 + i % 5};2;3;4;Laki-laki;"satu, dua, tiga, empat, lima, enam, tujuh, {i}"\n' for i in range(50))
    assert import_responses(db.session, study, instrument_of(study), commas) == 50
    tabs = "Q1\tQ2\tQ3\tQ4\tgender\n1\t2\t3\t4\tLaki-laki\n"
    assert import_responses(db.session, study, instrument_of(study), tabs) == 1
    db.session.commit()
    frames = load_frames(db.session, study, instrument_of(study))
    assert frames.answers["Q1"].iloc[0] == 4 and frames.demographics["age"].iloc[0] == 34


def test_sniffer_decides_when_the_header_does_not(db, make_study):
    from survey.collect.csv_import import read_csv
    # One comma and one semicolon in the header line: the rows decide.
    frame = read_csv('"Q1,a";Q2\n1;2\n3;4\n')
    assert list(frame.columns) == ["Q1,a", "Q2"]


def test_uuid_is_unique_per_study_not_globally(db, make_study):
    data = "uuid,Q1,Q2,Q3,Q4,gender\nr-1,1,2,3,4,Laki-laki\n"
    first, second = make_study(slug="pilot"), make_study(slug="utama")
    assert import_responses(db.session, first, instrument_of(first), data) == 1
    db.session.commit()
    assert import_responses(db.session, second, instrument_of(second), data) == 1
    db.session.commit()
    with pytest.raises(ImportError_) as raised:
        import_responses(db.session, first, instrument_of(first), data)
    db.session.rollback()
    assert raised.value.problems == ["row 2, column uuid: already imported (r-1)"]
    assert count(db) == 2


def test_submission_by_link_and_api_stays_exactly_once_within_a_study(db, make_study):
    from survey.collect.submission import Submission, store_submission
    first, second = make_study(slug="pilot"), make_study(slug="utama")
    submission = Submission(answers={"Q1": 4}, demographics={"gender": "Laki-laki"}, open_answers={}, consent=True)
    a = store_submission(db.session, first, submission, channel="link", response_uuid="u-1")
    again = store_submission(db.session, first, submission, channel="link", response_uuid="u-1")
    other = store_submission(db.session, second, submission, channel="link", response_uuid="u-1")
    db.session.commit()
    assert a.created and not again.created and again.response_id == a.response_id and not again.conflict
    assert other.created and other.response_id != a.response_id
    assert count(db) == 2


def round_trip_study(db):
    instrument = load_template("dwiyanto")
    study = create_study(db.session, instrument, slug="asal")
    frame = simulate_responses(instrument, 30, seed=11)
    frame.loc[3, instrument.items[0].code] = None
    frame[instrument.open_questions[0].code] = ['=HYPERLINK("http://x.invalid","klik")', "-", "+62 812 3456",
                                                "Antrean, mohon\ndipercepat"] + [""] * 26
    frame["submitted_at"] = [f"2026-03-{1 + i % 28:02d}T0{i % 10}:15:00" for i in range(30)]
    import_responses(db.session, study, instrument, frame.to_csv(index=False))
    db.session.commit()
    return study, instrument


@pytest.mark.parametrize("writer", [write_csv, write_xlsx], ids=["csv", "xlsx"])
def test_our_own_export_comes_back_identical(db, writer):
    study, instrument = round_trip_study(db)
    before = data_frame(instrument, load_frames(db.session, study, instrument))
    assert before[instrument.open_questions[0].code].iloc[0].startswith("=HYPERLINK")
    out = io.BytesIO()
    writer(instrument, load_frames(db.session, study, instrument), out)
    fresh = create_study(db.session, instrument, slug="salinan")
    result = import_file(db.session, fresh, instrument, out.getvalue(),
                         filename="data.xlsx" if writer is write_xlsx else "data.csv")
    db.session.commit()
    assert result.count == 30
    ignored = next(n for n in result.notes if n.startswith("columns ignored"))
    assert "response_id" in ignored and "channel" in ignored
    assert all(f"{item.code}_r" in ignored for item in instrument.items if item.reverse)
    after = data_frame(instrument, load_frames(db.session, fresh, instrument))
    pd.testing.assert_frame_equal(before.drop(columns=["response_id"]), after.drop(columns=["response_id"]))


def test_xlsx_response_file_is_read(db, make_study):
    study = make_study()
    book = Workbook()
    sheet = book.active
    sheet.append(["Q1", "Q2", "Q3", "Q4", "gender", "age"])
    sheet.append([5, 4, None, 2, "Perempuan", 34.0])
    sheet.append([1, 1, 1, 1, "Laki-laki", None])
    out = io.BytesIO()
    book.save(out)
    assert import_file(db.session, study, instrument_of(study), out.getvalue(), filename="isian.xlsx").count == 2
    db.session.commit()
    frames = load_frames(db.session, study, instrument_of(study))
    assert frames.answers["Q3"].isna().tolist() == [True, False]
    assert frames.demographics["age"].iloc[0] == 34


def test_a_studys_own_export_is_not_imported_into_it_twice(db):
    study, instrument = round_trip_study(db)
    out = io.BytesIO()
    write_csv(instrument, load_frames(db.session, study, instrument), out)
    with pytest.raises(ImportError_) as raised:
        import_file(db.session, study, instrument, out.getvalue(), lang="en")
    db.session.rollback()
    assert "own export" in raised.value.problems[0] and "store every response twice" in raised.value.problems[0]
    assert count(db) == 30


def test_kobotoolbox_labels_export_headed_with_question_texts(db, make_study):
    study = make_study()
    header = ("start;Petugas memeriksa berkas saya dengan teliti.;Kualitas Kerja/Saya harus kembali karena "
              "kesalahan petugas.;Urusan saya selesai sesuai waktu yang dijanjikan.;Petugas datang tepat waktu.;"
              "Jenis Kelamin;Usia;_uuid;_submission_time\n")
    row = "2026-03-02T09:01:12.000+08:00;Setuju;Sangat Tidak Setuju;Ragu-ragu;Setuju;Perempuan;34;k-1;2026-03-02T01:07:02\n"
    result = import_file(db.session, study, instrument_of(study), header + row, lang="en")
    db.session.commit()
    assert result.count == 1
    assert "column Jenis Kelamin read as gender" in result.notes
    frames = load_frames(db.session, study, instrument_of(study))
    assert frames.answers.iloc[0].tolist() == [4, 1, 3, 4] and frames.demographics["age"].iloc[0] == 34
