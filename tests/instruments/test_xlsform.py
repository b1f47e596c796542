"""XLSForm out and in: accepted by pyxform, lossless round trip, KoboToolbox forms import."""
from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from survey.instruments import build_instrument, library_names, load_template
from survey.instruments.parser import InstrumentError
from survey.instruments.xlsform import read_xlsform, write_xlsform
from tests.conftest import instrument_doc


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
