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
    assert [s.split(":")[0] for s in skipped] == ["row 2", "row 5", "row 10"]


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
