"""The report as a Word document (python-docx), from the same report data as the PDF.

The results chapter renders the very blocks the PDF template renders (survey/reports/results.py),
so text and numbers are identical. Word features a thesis needs: real tables, headings in the
Heading styles, captions in the Caption style with SEQ fields (Word renumbers them and builds
the list of tables from them), a TOC field for that list, charts as 300-dpi PNG.
"""
from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .figures import ipa_png, likert_png, means_png


def _t(lang: str, indonesian: str, english: str) -> str:
    return english if lang == "en" else indonesian


def _field(paragraph, instruction: str, shown: str) -> None:
    """A Word field (SEQ, TOC …) with the result Word shows until it updates the fields."""
    def char(kind: str):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
    char("begin")
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    char("separate")
    paragraph.add_run(shown)
    char("end")


def _caption(document, label: str, number: str, caption: str, anchor_above: bool) -> None:
    """"Tabel 4.3 …" in the Caption style: the part after the chapter's dot is a SEQ field."""
    paragraph = document.add_paragraph(style="Caption")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    chapter, _, sequence = number.partition(".")
    paragraph.add_run(f"{label} {chapter}.")
    _field(paragraph, f"SEQ {label} \\* ARABIC", sequence)
    paragraph.add_run(f" {caption}")
    paragraph.paragraph_format.keep_with_next = anchor_above


def _styles(document) -> None:
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(12)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Heading 1", 14), ("Heading 2", 12), ("Heading 3", 12), ("Title", 16)):
        style = document.styles[name]
        style.font.name, style.font.size, style.font.bold = "Times New Roman", Pt(size), True
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.keep_with_next = True
    document.styles["Heading 1"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption = document.styles["Caption"]
    caption.font.name, caption.font.size, caption.font.bold, caption.font.italic = "Times New Roman", Pt(11), True, False
    caption.font.color.rgb = RGBColor(0, 0, 0)


def _paragraph(document, text: str, indent: bool = True):
    paragraph = document.add_paragraph(text)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.line_spacing = 1.5
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1.25)
    return paragraph


def _small(document, text: str, italic: bool = False):
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.font.size, run.italic = Pt(9), italic
    paragraph.paragraph_format.space_after = Pt(2)
    return paragraph


def _table(document, block: dict) -> None:
    _caption(document, block["label"], block["number"], block["caption"], anchor_above=True)
    rows = block["head"] + [r["cells"] for r in block["body"]]
    width = sum(c["colspan"] for c in block["head"][0])
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    size = Pt(7.5) if block["style"] == "frequency" else Pt(8) if block["style"] == "ipa" else Pt(9)
    taken: set[tuple[int, int]] = set()
    classes = [""] * len(block["head"]) + [r["class"] for r in block["body"]]
    for r, cells in enumerate(rows):
        column = 0
        header = r < len(block["head"])
        for c in cells:
            while (r, column) in taken:
                column += 1
            if column >= width:
                break
            target = table.cell(r, column)
            last_row, last_col = r + c["rowspan"] - 1, min(column + c["colspan"] - 1, width - 1)
            if (last_row, last_col) != (r, column):
                target = target.merge(table.cell(last_row, last_col))
            for rr in range(r, last_row + 1):
                for cc in range(column, last_col + 1):
                    taken.add((rr, cc))
            paragraph = target.paragraphs[0]
            run = paragraph.add_run(c["text"])
            run.font.size = size
            run.bold = header or classes[r] == "total" or classes[r] == "group"
            run.italic = classes[r] == "weights"
            paragraph.paragraph_format.space_after = Pt(0)
            if header or classes[r] == "weights":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif c["num"]:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            column = last_col + 1
        if header:  # repeated at the top of every page the table runs onto
            properties = table.rows[r]._tr.get_or_add_trPr()
            repeat = OxmlElement("w:tblHeader")
            repeat.set(qn("w:val"), "true")
            properties.append(repeat)
        properties = table.rows[r]._tr.get_or_add_trPr()
        keep = OxmlElement("w:cantSplit")
        keep.set(qn("w:val"), "true")
        properties.append(keep)
    _widths(table, rows, width, block["style"], document)
    if block["note"]:
        _small(document, block["note"])
    _small(document, block["source"], italic=True)


def _widths(table, rows: list[list[dict]], width: int, style: str, document) -> None:
    """Column widths by content (Word's equal split leaves the statement column a few letters wide)."""
    section = document.sections[0]
    available = (section.page_width - section.left_margin - section.right_margin) / 360000  # EMU -> cm
    longest = [3] * width
    for cells in rows:
        column = 0
        for c in cells:
            if c["colspan"] == 1 and column < width:
                longest[column] = max(longest[column], min(len(c["text"]), 40))
            column += c["colspan"]
    if style == "frequency":  # statement | F % per label and Jumlah | Σ f·w | mean | category
        longest = [13] + [3] * (width - 4) + [4, 3, 6]
    if style == "ipa":  # No | statement | n | Σ Y, Ȳ | Σ X, X̄ | Tki | gap | quadrant: totals of 6 digits fit
        longest = [2, 15, 3.5, 4.5, 3.5, 4.5, 3.5, 6, 4.5, 5]
    # Narrow cell margins: Word's default 0.19 cm a side would eat half of a 0.7 cm number column.
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), "30")
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)
    total = sum(longest)
    sizes = [Cm(available * n / total) for n in longest]
    table.autofit = False
    for column, size in zip(table.columns, sizes):
        column.width = size  # the grid (LibreOffice reads this)
    for row in table.rows:  # each cell, a merged one spanning the sum (Word reads these)
        start = 0
        for tc in row._tr.tc_lst:
            span = tc.grid_span
            tc.width = sum(sizes[start:start + span], Cm(0))
            start += span


def _figure(document, block: dict, data: dict) -> None:
    scores = data["scores"]
    if block["chart"] == "means":
        png = means_png(scores)
    elif block["chart"] == "ipa":
        png = ipa_png(scores)
    else:
        dimension = next(d for d in scores["dimensions"] if d["code"] == block["dimension"])
        png = likert_png(dimension, scores)
    picture = document.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True
    picture.add_run().add_picture(io.BytesIO(png), width=Cm(15))
    _caption(document, block["label"], block["number"], block["caption"], anchor_above=False)
    _small(document, block["source"], italic=True).alignment = WD_ALIGN_PARAGRAPH.CENTER


def _chapter_heading(document, first: str, second: str, new_page: bool = True) -> None:
    if new_page:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    heading = document.add_heading(level=1)
    heading.add_run(first)
    heading.add_run().add_break()
    heading.add_run(second)


def _cover(document, data: dict) -> None:
    lang, study, settings = data["language"], data["study"], data["settings"]
    kicker = document.add_paragraph(_t(lang, "LAPORAN HASIL PENELITIAN", "RESEARCH FINDINGS"))
    kicker.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = document.add_paragraph(style="Title")
    title.add_run(study["title"].upper())
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(study["institution"]).alignment = WD_ALIGN_PARAGRAPH.CENTER
    facts = [(_t(lang, "Periode pengumpulan data", "Data collection period"), study["period"] or "–"),
             (_t(lang, "Jumlah responden", "Respondents"), str(data["scores"]["n_responses"])),
             (_t(lang, "Metode penilaian", "Scoring method"), study["method"])]
    if settings.get("researcher"):
        facts.append((_t(lang, "Disusun oleh", "Prepared by"), settings["researcher"]
                      + (f", {settings['affiliation']}" if settings.get("affiliation") else "")))
    for label, value in facts:
        document.add_paragraph(f"{label}: {value}").alignment = WD_ALIGN_PARAGRAPH.CENTER
    if study.get("simulated"):
        document.add_paragraph(_t(lang, "Data dalam laporan ini adalah data simulasi untuk demonstrasi.",
                                  "The data in this report are simulated, for demonstration.")).alignment = WD_ALIGN_PARAGRAPH.CENTER


def _lists(document, data: dict) -> None:
    """DAFTAR TABEL / DAFTAR GAMBAR as TOC fields over the captions; Word fills in the page numbers
    when the fields are updated (F9); until then they show the captions without pages."""
    lang = data["language"]
    for title, label, blocks in ((_t(lang, "DAFTAR TABEL", "LIST OF TABLES"), _t(lang, "Tabel", "Table"), data["results"]["tables"]),
                                 (_t(lang, "DAFTAR GAMBAR", "LIST OF FIGURES"), _t(lang, "Gambar", "Figure"), data["results"]["figures"])):
        if not blocks:
            continue
        _chapter_heading(document, title, "", new_page=True)
        paragraph = document.add_paragraph()
        shown = "\n".join(f"{b['label']} {b['number']} {b['caption']}" for b in blocks)
        _field(paragraph, f'TOC \\h \\z \\c "{label}"', shown)


def _closing(document, data: dict) -> None:
    """The Penutup, in the order of templates/reports/_closing.html and the findings contract:
    opening, a section per dimension, the IPA section (paired studies), factors and closing paragraph when the narrative has them,
    then the Saran (lead sentence, grouped by addressee when there are several)."""
    lang, findings, settings = data["language"], data["findings"], data["settings"]
    number, lettered = data["chapter_number"], settings["heading_style"] == "lettered"
    letters = "abcdefghijklmnopqrstuvwxyz"
    _chapter_heading(document, f"{_t(lang, 'BAB', 'CHAPTER')} {settings['chapter']}", _t(lang, "PENUTUP", "CONCLUSION"))
    kesimpulan = findings["kesimpulan"]
    document.add_heading(f"{'A.' if lettered else f'{number}.1'} {_t(lang, 'Kesimpulan', 'Conclusions')}", level=2)
    _paragraph(document, kesimpulan["opening"]["text"])
    sections = [(d["name"], d["paragraphs"]) for d in kesimpulan["dimensions"]]
    sections += [(s["title"], s["paragraphs"]) for s in kesimpulan.get("ipa") or []]
    sections += [(f["title"], f["paragraphs"]) for f in kesimpulan.get("factors") or []]
    for i, (name, paragraphs) in enumerate(sections):
        document.add_heading(f"{letters[i] + '.' if lettered else f'{number}.1.{i + 1}'} {name}", level=3)
        for p in paragraphs:
            _paragraph(document, p["text"])
    if kesimpulan.get("closing"):
        _paragraph(document, kesimpulan["closing"]["text"])
    document.add_heading(f"{'B.' if lettered else f'{number}.2'} {_t(lang, 'Saran', 'Recommendations')}", level=2)
    if not findings["saran"]:
        _paragraph(document, _t(lang, "Tidak ada saran yang diajukan.", "No recommendations are made."))
        return
    _paragraph(document, findings.get("saran_lead") or _t(
        lang, "Sejalan dengan kesimpulan di atas, saran yang diajukan adalah sebagai berikut.",
        "In line with these conclusions, the following recommendations are made."))
    groups = data["saran_groups"]
    if len(groups) > 1:
        for g, group in enumerate(groups):
            document.add_heading(f"{letters[g]}. {_t(lang, 'Bagi', 'For')} {group['addressee']}", level=3)
            for i, item in enumerate(group["items"]):
                _paragraph(document, f"{i + 1}) {item['text']}", indent=False).paragraph_format.left_indent = Cm(0.8)
    else:
        for i, item in enumerate(findings["saran"]):
            _paragraph(document, f"{i + 1}. {item['text']}", indent=False).paragraph_format.left_indent = Cm(0.6)


def _appendix(document, data: dict) -> None:
    lang = data["language"]
    _chapter_heading(document, _t(lang, "LAMPIRAN", "APPENDIX"), "")
    document.add_heading(_t(lang, "Lampiran 1. Instrumen Penelitian", "Appendix 1. Research Instrument"), level=2)
    labels = "; ".join(f"{i + 1} = {label}" for i, label in enumerate(data["scale_labels"]))
    _small(document, f"{_t(lang, 'Skala jawaban', 'Answer scale')}: {labels}.")
    rows = [(_t(lang, "Kode", "Code"), _t(lang, "Pernyataan", "Statement"), "head")]
    for d in data["instrument"]:
        rows.append((f"{data['unit']} {d['name']}", "", "group"))
        for indicator in d["indicators"]:
            rows.append((f"{_t(lang, 'Indikator', 'Indicator')}: {indicator['name']}", "", "group"))
            for item in indicator["items"]:
                own = f" ({'; '.join(f'{i + 1} = {x}' for i, x in enumerate(item['labels']))})" if item["labels"] else ""
                rows.append((item["code"] + ("*" if item["reverse"] else ""), item["text"] + own, ""))
    table = document.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for r, (code, statement, kind) in enumerate(rows):
        if kind == "group":
            target = table.cell(r, 0).merge(table.cell(r, 1))
            run = target.paragraphs[0].add_run(code)
            run.bold, run.font.size = True, Pt(9)
            continue
        for c, value in enumerate((code, statement)):
            run = table.cell(r, c).paragraphs[0].add_run(value)
            run.font.size, run.bold = Pt(9), kind == "head"
    table.autofit = False
    sizes = [Cm(2.8), Cm(11.2)]
    for column, size in zip(table.columns, sizes):
        column.width = size
    for row in table.rows:
        cells = row._tr.tc_lst
        for tc, size in zip(cells, sizes if len(cells) == 2 else [sum(sizes, Cm(0))]):
            tc.width = size
    if data["has_reverse"]:
        _small(document, _t(lang, "Pernyataan bertanda * bernada negatif; skornya dibalik sebelum dihitung.",
                            "Statements marked * are negatively worded and reverse-scored before scoring."))


def report_docx(data: dict) -> bytes:
    """The Word document of a report's data."""
    document = Document()
    _styles(document)
    # Word offers to update the fields on opening: the lists of tables and figures get their pages.
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    settings = data["settings"]
    section.left_margin, section.top_margin = Cm(float(settings["margin_left_cm"])), Cm(float(settings["margin_top_cm"]))
    section.right_margin, section.bottom_margin = Cm(float(settings["margin_right_cm"])), Cm(float(settings["margin_bottom_cm"]))
    _cover(document, data)
    lang = data["language"]
    if data["scores"]["n_responses"]:
        _lists(document, data)
        results = data["results"]
        _chapter_heading(document, f"{_t(lang, 'BAB', 'CHAPTER')} {results['chapter']}", results["title"])
        for block in results["blocks"]:
            if block["kind"] == "heading":
                document.add_heading(block["text"], level=block["level"])
            elif block["kind"] == "paragraph":
                _paragraph(document, block["text"])
            elif block["kind"] == "table":
                _table(document, block)
            elif block["kind"] == "figure":
                _figure(document, block, data)
        _closing(document, data)
    else:
        _paragraph(document, _t(lang, "Studi ini belum memiliki jawaban responden.", "This study has no responses yet."))
    _appendix(document, data)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

