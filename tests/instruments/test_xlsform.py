"""XLSForm out and in: accepted by pyxform, lossless round trip, KoboToolbox forms import."""
from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from survey.instruments import build_instrument, library_names, load_template
from survey.instruments.parser import InstrumentError
from survey.instruments.xlsform import read_xlsform, write_xlsform
from tests.conftest import instrument_doc, stored_answers


def xlsform_bytes(instrument) -> bytes:
    out = io.BytesIO()
    write_xlsform(instrument, out)
    return out.getvalue()


@pytest.mark.parametrize("name", ["minimal", *library_names()])
def test_round_trip_is_equal(name):
    instrument = build_instrument(instrument_doc()) if name == "minimal" else load_template(name)
    back, skipped = read_xlsform(xlsform_bytes(instrument))
    assert skipped == []
    assert back == instrument


@pytest.mark.parametrize("name", ["dwiyanto", "skm_2017"])
def test_pyxform_converts_the_export_to_xform(name, tmp_path):
    from pyxform.xls2xform import convert
    path = tmp_path / "form.xlsx"
    path.write_bytes(xlsform_bytes(load_template(name)))
    result = convert(xlsform=str(path))
    xml = result.xform
    assert "<h:title>" in xml and 'appearance="field-list"' in xml and 'appearance="likert"' in xml


def kobo_form() -> bytes:
    """A form as KoboToolbox builds it: no custom columns, metadata and a note."""
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    rows = [("type", "name", "label::Indonesian (id)", "required"),
            ("start", "start", "", ""),
            ("select_one jk", "jk", "Jenis kelamin", "true"),
            ("integer", "umur", "Umur", ""),
            ("note", "catatan", "Terima kasih", ""),
            ("begin_group", "pelayanan", "Pelayanan", ""),
            ("select_one setuju", "p1", "Petugas ramah", "true"),
            ("select_one setuju", "p2", "Antrean tertib", "true"),
            ("end_group", "", "", ""),
            ("select_multiple fasilitas", "fasilitas", "Fasilitas", ""),
            ("text", "saran", "Saran", "")]
    for row in rows:
        survey.append(list(row))
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::Indonesian (id)"])
    for i, label in enumerate(["STS", "TS", "N", "S", "SS"], start=1):
        choices.append(["setuju", str(i), label])
    choices.append(["jk", "l", "Laki-laki"])
    choices.append(["jk", "p", "Perempuan"])
    choices.append(["fasilitas", "toilet", "Toilet"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_kobotoolbox_form_imports_with_skipped_rows_reported():
    instrument, skipped = read_xlsform(kobo_form())
    assert [d.code for d in instrument.dimensions] == ["pelayanan"]
    assert [i.code for i in instrument.items] == ["p1", "p2"] and instrument.scale.points == 5
    assert [(q.code, q.type) for q in instrument.demographics] == [("jk", "choice"), ("umur", "integer")]
    assert instrument.demographics[0].choices == ("Laki-laki", "Perempuan")
    assert [q.code for q in instrument.open_questions] == ["saran"]
    assert [s.split(" skipped")[0] for s in skipped] == ["row 2 (start)", "row 5 (catatan)", "row 10 (fasilitas)"]


def test_unreadable_or_empty_forms_are_refused():
    with pytest.raises(InstrumentError, match="not a readable .xlsx"):
        read_xlsform(b"not a workbook")
    book = Workbook()
    book.active.title = "survey"
    book.active.append(["type", "name", "label"])
    book.active.append(["text", "nama", "Nama"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(InstrumentError, match="no Likert questions"):
        read_xlsform(out.getvalue())


def workbook(survey_rows, choice_rows, settings_rows=None) -> bytes:
    book = Workbook()
    book.active.title = "survey"
    for row in survey_rows:
        book.active.append(list(row))
    choices = book.create_sheet("choices")
    for row in choice_rows:
        choices.append(list(row))
    if settings_rows:
        settings = book.create_sheet("settings")
        for row in settings_rows:
            settings.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


LIKERT_EN = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]
LIKERT_ID = ["Sangat tidak setuju", "Tidak setuju", "Netral", "Setuju", "Sangat setuju"]


def kobo_formbuilder_form() -> bytes:
    """As KoboToolbox's form builder writes it: two languages (English listed first), a nested
    group (dimension > indicator), or_other, hints, relevant, constraints, a repeat, $kuid."""
    header = ("type", "name", "label::English (en)", "label::Indonesian (id)", "hint::English (en)",
              "hint::Indonesian (id)", "required", "relevant", "constraint", "constraint_message::Indonesian (id)",
              "appearance", "$kuid")
    rows = [header,
            ("start", "start", "", "", "", "", "", "", "", "", "", "k1"),
            ("end", "end", "", "", "", "", "", "", "", "", "", "k2"),
            ("today", "today", "", "", "", "", "", "", "", "", "", "k3"),
            ("begin_group", "identitas", "Respondent", "Identitas responden", "", "", "", "", "", "", "field-list", "k4"),
            ("select_one jk or_other", "jk", "Sex", "Jenis kelamin", "", "", "true", "", "", "", "", "k5"),
            ("integer", "umur", "Age", "Umur", "In years", "Dalam tahun", "true", "", ". >= 17 and . <= 90",
             "Umur 17-90 tahun", "", "k6"),
            ("end_group", "", "", "", "", "", "", "", "", "", "", ""),
            ("begin_group", "PROD", "Productivity", "Produktivitas", "", "", "", "", "", "", "", "k7"),
            ("begin_group", "PROD-1", "Speed", "Kecepatan", "", "", "", "", "", "", "field-list", "k8"),
            ("select_one setuju", "PROD-1.1", "Fast", "Petugas melayani dengan cepat", "", "", "true", "", "", "",
             "likert", "k9"),
            ("select_one setuju", "PROD-1.2", "Waiting", "Saya menunggu terlalu lama", "", "Jujur saja", "true",
             "${umur} >= 17", "", "", "likert", "k10"),
            ("end_group", "", "", "", "", "", "", "", "", "", "", ""),
            ("begin_group", "PROD-2", "Output", "Hasil", "", "", "", "", "", "", "field-list", "k11"),
            ("select_one setuju", "PROD-2.1", "Right", "Dokumen saya benar", "", "", "true", "", "", "", "likert", "k12"),
            ("end_group", "", "", "", "", "", "", "", "", "", "", ""),
            ("end_group", "", "", "", "", "", "", "", "", "", "", ""),
            ("begin_group", "RESP", "Responsiveness", "Responsivitas", "", "", "", "", "", "", "field-list", "k13"),
            ("select_one setuju", "RESP-1.1", "Complaints", "Keluhan saya ditanggapi", "", "", "true", "", "", "",
             "likert", "k14"),
            ("text", "RESP_catatan", "Comments", "Komentar tentang responsivitas", "", "", "", "", "", "", "", "k15"),
            ("end_group", "", "", "", "", "", "", "", "", "", "", ""),
            ("begin_repeat", "anggota", "Household", "Anggota keluarga", "", "", "", "", "", "", "", "k16"),
            ("text", "nama", "Name", "Nama", "", "", "", "", "", "", "", "k17"),
            ("end_repeat", "", "", "", "", "", "", "", "", "", "", ""),
            ("select_multiple fasilitas", "fasilitas", "Facilities", "Fasilitas", "", "", "", "", "", "", "", "k18"),
            ("text", "saran", "Suggestions", "Saran", "", "", "", "", "", "", "multiline", "k19")]
    choices = [("list_name", "name", "label::English (en)", "label::Indonesian (id)")]
    choices += [("setuju", str(i), en, id_) for i, (en, id_) in enumerate(zip(LIKERT_EN, LIKERT_ID), start=1)]
    choices += [("jk", "laki_laki", "Male", "Laki-laki"), ("jk", "perempuan", "Female", "Perempuan"),
                ("fasilitas", "toilet", "Toilet", "Toilet")]
    settings = [("form_title", "form_id", "default_language", "version"),
                ("Survei Kinerja Kecamatan", "kinerja_kec", "Indonesian (id)", "vXyZ123")]
    return workbook(rows, choices, settings)


def test_kobotoolbox_form_builder_form_keeps_its_structure_and_reports_every_change():
    instrument, changes = read_xlsform(kobo_formbuilder_form(), lang="en")
    assert instrument.title == "Survei Kinerja Kecamatan" and instrument.language == "id"
    assert [(d.code, [i.code for i in d.indicators]) for d in instrument.dimensions] == [
        ("PROD", ["PROD-1", "PROD-2"]), ("RESP", ["RESP-1"])]
    assert [i.code for i in instrument.items] == ["PROD-1.1", "PROD-1.2", "PROD-2.1", "RESP-1.1"]
    assert instrument.dimensions[0].indicators[0].name == "Kecepatan"
    assert instrument.items[0].text == "Petugas melayani dengan cepat"  # default_language, not the first column
    assert instrument.scale.labels == tuple(LIKERT_ID)
    demographics = {q.code: q for q in instrument.demographics}
    assert list(demographics) == ["jk", "jk_other", "umur"]
    assert demographics["jk"].choices == ("Laki-laki", "Perempuan", "Lainnya")
    assert demographics["jk_other"].type == "text" and demographics["jk_other"].label == "Jenis kelamin (other, specify)"
    assert (demographics["umur"].min, demographics["umur"].max, demographics["umur"].required) == (17, 90, True)
    assert [(q.code, q.dimension) for q in instrument.open_questions] == [("RESP_catatan", "RESP"), ("saran", None)]
    text = "\n".join(changes)
    for expected in ("row 2 (start) skipped", "row 3 (end) skipped", "row 4 (today) skipped",
                     "row 5 (identitas): group without Likert statements",
                     "row 6 (jk): the or_other choice becomes the choice 'Lainnya'",
                     "jk_other: the 'other' answer becomes the text demographic jk_other",
                     "row 7 (umur): hint 'Dalam tahun' not kept",
                     "row 7 (umur): constraint message 'Umur 17-90 tahun' not kept",
                     "row 12 (PROD-1.2): condition (relevant) '${umur} >= 17' not kept",
                     "row 12 (PROD-1.2): hint 'Jujur saja' not kept",
                     "row 20 (RESP_catatan): a text question inside group RESP becomes an open question",
                     "row 22 (anggota) skipped: a repeat", "row 25 (fasilitas) skipped",
                     "translations English (en) not kept"):
        assert expected in text, (expected, changes)
    assert "constraint '. >= 17" not in text  # held as min/max, so not reported as lost


def test_kobotoolbox_form_messages_in_indonesian():
    _, changes = read_xlsform(kobo_formbuilder_form(), lang="id")
    text = "\n".join(changes)
    assert "baris 22 (anggota) dilewati: pengulangan (repeat)" in text
    assert "terjemahan English (en) tidak disimpan" in text


def odk_form() -> bytes:
    """As ODK's XLSForm template writes it: `begin group` with a space, one unsuffixed label
    column, choice names 1..5, a calculate and a note, no default_language."""
    rows = [("type", "name", "label", "hint", "required", "relevant", "constraint", "constraint_message",
             "calculation", "appearance"),
            ("deviceid", "deviceid", "", "", "", "", "", "", "", ""),
            ("note", "intro", "Terima kasih atas waktu Anda", "", "", "", "", "", "", ""),
            ("select_one jenis", "jenis_kelamin", "Jenis kelamin", "", "yes", "", "", "", "", ""),
            ("integer", "usia", "Usia", "", "yes", "", ". > 16", "Minimal 17 tahun", "", ""),
            ("calculate", "dewasa", "", "", "", "", "", "", "if(${usia} >= 17, 1, 0)", ""),
            ("begin group", "tangible", "Bukti fisik", "", "", "", "", "", "", "field-list"),
            ("select_one skala", "t1", "Ruang tunggu nyaman", "", "yes", "", "", "", "", "likert"),
            ("select_one skala", "t2", "Toilet kotor", "", "yes", "", "", "", "", "likert"),
            ("end group", "", "", "", "", "", "", "", "", ""),
            ("begin group", "reliability", "Keandalan", "", "", "", "", "", "", "field-list"),
            ("select_one skala", "r1", "Layanan tepat waktu", "", "yes", "", "", "", "", "likert"),
            ("end group", "", "", "", "", "", "", "", "", ""),
            ("text", "saran", "Saran", "", "", "", "", "", "", "multiline")]
    choices = [("list_name", "name", "label")]
    choices += [("skala", str(i), label) for i, label in enumerate(LIKERT_ID, start=1)]
    choices += [("jenis", "1", "Laki-laki"), ("jenis", "2", "Perempuan")]
    return workbook(rows, choices, [("form_title", "form_id", "version"), ("Survei SERVQUAL", "servqual", "2026")])


def test_odk_form_reads_with_every_change_reported():
    instrument, changes = read_xlsform(odk_form(), lang="en")
    assert [d.code for d in instrument.dimensions] == ["tangible", "reliability"]
    assert [i.code for i in instrument.items] == ["t1", "t2", "r1"]
    assert [(q.code, q.type) for q in instrument.demographics] == [("jenis_kelamin", "choice"), ("usia", "integer")]
    assert instrument.demographics[0].choices == ("Laki-laki", "Perempuan")
    assert [q.code for q in instrument.open_questions] == ["saran"]
    text = "\n".join(changes)
    for expected in ("row 2 (deviceid) skipped", "row 3 (intro) skipped", "row 6 (dewasa) skipped",
                     "row 5 (usia): constraint '. > 16' not kept", "constraint message 'Minimal 17 tahun' not kept"):
        assert expected in text, (expected, changes)


def test_pyxform_reads_the_real_shaped_forms_the_same_way(tmp_path):
    """The forms above are valid for pyxform itself (it converts them to XForms)."""
    from pyxform.xls2xform import convert
    for name, data in (("kobo", kobo_formbuilder_form()), ("odk", odk_form())):
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(data)
        assert "<h:title>" in convert(xlsform=str(path)).xform


@pytest.mark.parametrize("column, value, expected", [
    ("labels", "[not json", "column labels is not valid JSON"),
    ("labels", '{"a": 1}', "column labels must be a list of texts"),
])
def test_bad_json_in_labels_is_a_clear_problem(column, value, expected):
    rows = [("type", "name", "label", column), ("begin_group", "g", "Grup", value),
            ("select_one s", "q1", "Pernyataan", ""), ("end_group", "", "", "")]
    data = workbook(rows, [("list_name", "name", "label"), ("s", "1", "Tidak"), ("s", "2", "Ya")])
    with pytest.raises(InstrumentError) as raised:
        read_xlsform(data, lang="en")
    assert any(expected in p and "row 2 (g)" in p for p in raised.value.problems), raised.value.problems


def test_bad_json_in_our_instrument_sheet_and_pyxform_errors_are_problems():
    data = xlsform_bytes(load_template("dwiyanto"))
    from openpyxl import load_workbook
    book = load_workbook(io.BytesIO(data))
    book["survey_instrument"].append(["method", "{broken"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(InstrumentError, match="invalid JSON"):
        read_xlsform(out.getvalue(), lang="en")
    duplicate = workbook([("type", "name", "label"), ("text", "a", "A"), ("text", "a", "B")], [("list_name", "name", "label")])
    with pytest.raises(InstrumentError, match="not valid for pyxform"):
        read_xlsform(duplicate, lang="en")


def inflated_form(rows: int) -> bytes:
    """A small file that inflates to many rows (each row the same few bytes)."""
    book = Workbook()
    book.active.title = "survey"
    book.active.append(["type", "name", "label"])
    for i in range(rows):
        book.active.append(["note", f"n{i}", "x"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_row_and_size_limits_are_checked_before_parsing():
    with pytest.raises(InstrumentError) as raised:
        read_xlsform(inflated_form(6000), lang="en")
    assert raised.value.problems == ["file: sheet sheet1.xml holds more than 5,000 rows"]
    from survey.instruments import xlsform
    with pytest.raises(xlsform.WorkbookTooLarge) as too_large:
        xlsform.check_workbook(inflated_form(10), max_uncompressed=1000)
    assert "uncompressed (limit" in too_large.value.message("en")
    assert "setelah diekstrak" in too_large.value.message("id")


def test_new_study_from_a_hostile_xlsform_is_4xx_or_a_message_and_stores_nothing(client, login_as, db):
    from sqlalchemy import func, select

    from survey.models import Study
    from tests.conftest import csrf_from
    login_as("researcher")
    for data in (inflated_form(6000), b"PK\x03\x04 not really a zip",
                 workbook([("type", "name", "label", "labels"), ("begin_group", "g", "G", "[x"),
                           ("select_one s", "q", "Q", ""), ("end_group", "", "", "")],
                          [("list_name", "name", "label"), ("s", "1", "A"), ("s", "2", "B")])):
        token = csrf_from(client.get("/studies/new").get_data(as_text=True))
        response = client.post("/studies/new", data={"csrf_token": token, "template": "dwiyanto",
                                                     "instrument": (io.BytesIO(data), "form.xlsx")},
                               content_type="multipart/form-data")
        assert response.status_code == 422
        assert "Studi belum dapat dibuat" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Study)) == 0


# --- paired studies (importance-performance): two Likert questions per statement -------------

def paired_instrument(name: str = "kecamatan"):
    from survey.instruments import to_document
    from tests.exports.paired import DIMENSIONS, PAIRING
    if name == "servqual":
        doc = to_document(load_template("servqual", institution="Kantor Kecamatan Contoh"))
        doc["pairing"] = {"importance": {"name": "Harapan"}, "performance": {"name": "Kenyataan"}}
        return build_instrument(doc)
    return build_instrument(instrument_doc(dimensions=DIMENSIONS, pairing=PAIRING))


def survey_rows(data: bytes) -> list[dict]:
    from openpyxl import load_workbook
    book = load_workbook(io.BytesIO(data))
    rows = list(book["survey"].iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


@pytest.mark.parametrize("name", ["kecamatan", "servqual"])
def test_paired_round_trip_keeps_pairing_names_and_labels(name):
    instrument = paired_instrument(name)
    back, changes = read_xlsform(xlsform_bytes(instrument))
    assert changes == []
    assert back == instrument
    assert back.pairing == instrument.pairing and back.answer_keys == instrument.answer_keys


def test_paired_export_has_two_likert_questions_per_statement_with_side_lists():
    from openpyxl import load_workbook
    data = xlsform_bytes(paired_instrument())
    rows = [r for r in survey_rows(data) if r["appearance"] == "likert"]
    assert [r["name"] for r in rows[:4]] == ["TAN-01_importance", "TAN-01_performance",
                                             "TAN-02_importance", "TAN-02_performance"]
    assert rows[0]["label::Indonesian (id)"] == "[Harapan] Ruang tunggu bersih dan nyaman"
    assert rows[3]["label::Indonesian (id)"] == "[Kenyataan] Petugas berpakaian tidak rapi"
    assert [r["type"] for r in rows[:2]] == ["select_one skala_importance", "select_one skala"]
    assert rows[2]["reverse"] == "yes" and rows[2]["side"] == "importance" and rows[2]["code"] == "TAN-02"
    assert all(r["appearance"] == "likert" and r["required"] == "yes" for r in rows)
    choices = list(load_workbook(io.BytesIO(data))["choices"].iter_rows(values_only=True))
    assert ("skala_importance", "5", "Sangat Penting") in choices and ("skala", "5", "Sangat Setuju") in choices


def test_pyxform_converts_the_paired_export(tmp_path):
    from pyxform.xls2xform import convert
    path = tmp_path / "paired.xlsx"
    path.write_bytes(xlsform_bytes(paired_instrument()))
    xml = convert(xlsform=str(path)).xform
    for name in ("TAN-01_importance", "TAN-01_performance", "REL-02_performance"):
        assert f"/data/TAN/{name}" in xml or f"/data/REL/{name}" in xml
    assert "[Harapan] Ruang tunggu bersih dan nyaman" in xml and "Sangat Tidak Penting" in xml


def strip_our_columns(data: bytes) -> bytes:
    """The form as KoboToolbox's form builder gives it back: no custom columns, no extra sheet."""
    from openpyxl import load_workbook
    book = load_workbook(io.BytesIO(data))
    del book["survey_instrument"]
    sheet = book["survey"]
    header = [c.value for c in sheet[1]]
    for column in reversed(range(len(header))):
        if header[column] in ("reverse", "indicator", "indicator_name", "code", "dimension", "kind", "side",
                              "bins", "labels", "indicator_labels", "action", "role"):
            sheet.delete_cols(column + 1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_paired_form_without_our_columns_reads_its_pairing_from_names_and_labels():
    instrument = paired_instrument()
    back, changes = read_xlsform(strip_our_columns(xlsform_bytes(instrument)), lang="en")
    assert back.pairing == instrument.pairing
    assert [item.code for item in back.items] == ["TAN-01", "TAN-02", "REL-01", "REL-02"]
    assert back.items[1].text == "Petugas berpakaian tidak rapi"
    assert back.answer_keys == instrument.answer_keys


def test_a_paired_statement_missing_a_side_or_mixed_with_plain_ones_is_refused():
    from openpyxl import load_workbook
    data = xlsform_bytes(paired_instrument())
    book = load_workbook(io.BytesIO(data))
    sheet = book["survey"]
    names = [c.value for c in sheet["B"]]
    sheet.delete_rows(names.index("REL-02_performance") + 1)
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(InstrumentError) as refused:
        read_xlsform(out.getvalue(), lang="en")
    assert refused.value.problems == ["REL-02: the performance side is missing (a paired statement needs "
                                      "REL-02_importance and REL-02_performance)"]
    rows = [r for r in sheet.iter_rows(min_row=2) if r[1].value == "REL-01_importance"]
    rows[0][1].value, rows[0][-1].value = "REL-01", None  # now a plain statement among paired ones
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(InstrumentError) as refused:
        read_xlsform(out.getvalue(), lang="id")
    assert "sebagian pernyataan berpasangan" in refused.value.problems[0]


def test_submissions_of_the_paired_form_import_into_the_paired_study(db, make_study):
    """A KoboToolbox data export of our form: `group/name` columns, one per side, metadata."""
    from survey.collect.csv_import import import_file
    from survey.models import IMPORTANCE, PERFORMANCE
    from survey.studies.service import instrument_of
    from tests.exports.paired import paired_study
    study = paired_study(make_study)
    instrument = instrument_of(study)
    group, header = None, []
    for row in survey_rows(xlsform_bytes(instrument)):
        if row["type"] == "begin_group":
            group = row["name"]
        elif row["type"] == "end_group":
            group = None
        else:
            header.append(f"{group}/{row['name']}" if group else row["name"])
    values = {"TAN/TAN-01_importance": "5", "TAN/TAN-01_performance": "3", "TAN/TAN-02_importance": "4",
              "TAN/TAN-02_performance": "2", "REL/REL-01_importance": "", "REL/REL-01_performance": "4",
              "REL/REL-02_importance": "5", "REL/REL-02_performance": "5", "gender": "2", "age": "40", "saran": ""}
    assert set(values) == set(header)
    text = ",".join(["start", *header, "_uuid"]) + "\n" + ",".join(
        ["2026-03-01T10:00", *[values[h] for h in header], "c0ffee"]) + "\n"
    result = import_file(db.session, study, instrument, text)
    assert result.count == 1
    stored = {(code, side): value for _, code, side, value in stored_answers(db.session)}
    assert stored == {("TAN-01", IMPORTANCE): 5, ("TAN-01", PERFORMANCE): 3, ("TAN-02", IMPORTANCE): 4,
                      ("TAN-02", PERFORMANCE): 2, ("REL-01", PERFORMANCE): 4, ("REL-02", IMPORTANCE): 5,
                      ("REL-02", PERFORMANCE): 5}
