"""The results chapter (BAB IV) as a list of plain blocks: headings, paragraphs, tables, figures.

Pure: scores document and instrument facts in, blocks out. The PDF template and the Word
writer both render these same blocks, so the two documents carry the same text and numbers.
Every number is formatted here, once.

A table block: {"kind": "table", "number": "4.3", "caption", "head": [[cell]], "body": [row],
"note", "source", "style"}; a cell is {"text", "num", "colspan", "rowspan"} and a row is
{"cells", "class"} (class "group", "weights", "total" or ""). A figure block names its chart:
{"kind": "figure", "number", "caption", "chart": "means" | "likert" | "ipa", "dimension"}.
"""
from __future__ import annotations

from ..narrative.numbers import format_number, format_percent
from ..scoring.open_answers import group_answers
from . import results_text as text

OPEN_ANSWER_GROUPS = 30  # per question in the report; every answer stays in the exports


def _t(lang: str, indonesian: str, english: str) -> str:
    return english if lang == "en" else indonesian


def cell(value, num: bool = False, colspan: int = 1, rowspan: int = 1) -> dict:
    return {"text": "" if value is None else str(value), "num": num, "colspan": colspan, "rowspan": rowspan}


def row(cells: list[dict], kind: str = "") -> dict:
    return {"cells": cells, "class": kind}


def named(unit: str, name: str, capital: bool = True) -> str:
    """"Dimensi Produktivitas" / "unsur Persyaratan"; a name that already says it stays as it is."""
    if name.lower().startswith(unit.lower()):
        return name
    return f"{unit.capitalize() if capital else unit} {name}"


def abbreviation(label: str) -> str:
    """"Sangat Tidak Setuju" -> "STS", "Ragu-ragu" -> "RR" (initials, as theses head the columns)."""
    words = label.replace("-", " ").split()
    return "".join(word[0].upper() for word in words if word[0].isalnum()) or label


def column_labels(labels: list[str]) -> list[str]:
    """Short column heads: initials when they are distinct, else the scale points 1..k."""
    short = [abbreviation(label) for label in labels]
    return short if len(set(short)) == len(short) else [str(i + 1) for i in range(len(labels))]


class Chapter:
    """Collects blocks and numbers tables and figures "4.1", "4.2" … in order of appearance."""

    def __init__(self, number: int, lang: str, year: int):
        self.number, self.lang, self.year = number, lang, year
        self.blocks: list[dict] = []
        self.tables = self.figures = 0

    def source(self) -> str:
        return _t(self.lang, f"Sumber: data olahan peneliti, {self.year}", f"Source: researcher's data, {self.year}")

    def next_table(self) -> str:
        self.tables += 1
        return f"{self.number}.{self.tables}"

    def name(self, number: str) -> str:
        return f"{_t(self.lang, 'Tabel', 'Table')} {number}"

    def heading(self, level: int, title: str) -> None:
        self.blocks.append({"kind": "heading", "level": level, "text": title})

    def paragraph(self, sentence: str) -> None:
        if sentence:
            self.blocks.append({"kind": "paragraph", "text": sentence})

    def table(self, number: str, caption: str, head: list[list[dict]], body: list[dict], *, note: str = "",
              style: str = "") -> None:
        self.blocks.append({"kind": "table", "label": _t(self.lang, "Tabel", "Table"), "number": number,
                            "id": "tabel-" + number.replace(".", "-"), "caption": caption, "head": head,
                            "body": body, "note": note, "source": self.source(), "style": style})

    def figure(self, caption: str, chart: str, dimension: str | None = None) -> None:
        self.figures += 1
        number = f"{self.number}.{self.figures}"
        self.blocks.append({"kind": "figure", "label": _t(self.lang, "Gambar", "Figure"), "number": number,
                            "id": "gambar-" + number.replace(".", "-"), "caption": caption, "chart": chart,
                            "dimension": dimension, "source": self.source()})


def results_chapter(scores: dict, facts: dict, open_answers: list[dict], number: int, year: int) -> list[dict]:
    """The chapter's blocks. `facts`: {"variable", "lang", "open_questions": [{code, label}],
    "numbered": bool (4.1.1 headings, else A./1.)}."""
    lang = facts["lang"]
    chapter = Chapter(number, lang, year)
    ikm = scores.get("ikm")
    unit = "unsur" if ikm else _t(lang, "dimensi", "dimension")
    sections = Sections(chapter, facts.get("numbered", True))

    sections.h2(_t(lang, "Karakteristik Responden", "Respondent Characteristics"))
    profiles = [profile for profile in scores["demographics"]["profiles"] if profile["n"]]
    chapter.paragraph(_t(lang, f"Penelitian ini melibatkan {format_number(scores['n_responses'], 0, lang)} responden."
                               + (" Karakteristik responden disajikan pada tabel-tabel berikut." if profiles else ""),
                         f"{format_number(scores['n_responses'], 0, lang)} respondents took part."
                         + (" Their characteristics follow." if profiles else "")))
    for profile in profiles:
        _profile_table(chapter, profile)

    sections.h2(_t(lang, "Uji Validitas dan Reliabilitas Instrumen", "Validity and Reliability of the Instrument"))
    _validity(chapter, scores, unit)

    sections.h2(_t(lang, "Deskripsi Hasil Penelitian", "Description of the Results"))
    _class_intervals(chapter, scores)
    for dimension in scores["dimensions"]:
        sections.h3(f"{named(unit, dimension['name'])}")
        for indicator in dimension["indicators"]:
            _frequency_table(chapter, scores, indicator)
        _dimension_table(chapter, scores, dimension, unit)
        if dimension["n_answers"]:
            chapter.figure(_t(lang, f"Sebaran jawaban responden pada {named(unit, dimension['name'], False)}",
                              f"Answers in the {named(unit, dimension['name'], False)}"), "likert", dimension["code"])

    sections.h2(_t(lang, "Rekapitulasi", "Recapitulation"))
    if ikm:
        _ikm_tables(chapter, scores)
    else:
        _recap_table(chapter, scores, facts["variable"], unit)
    chapter.figure(_t(lang, f"Rata-rata setiap {unit} terhadap batas kategori",
                      f"Mean of each {unit} against the category bands"), "means")
    _breakdowns(chapter, scores, unit)

    ipa = scores.get("ipa")
    if ipa and any(row["quadrant"] is not None for row in ipa["items"]):
        sections.h2(_t(lang, "Analisis Tingkat Kepentingan dan Kinerja (Importance–Performance Analysis)",
                       "Importance–Performance Analysis"))
        _ipa(chapter, scores, ipa, unit)

    if facts["open_questions"]:
        sections.h2(_t(lang, "Jawaban Terbuka Responden", "Open Answers"))
        _open_answers(chapter, facts["open_questions"], open_answers)
    if scores["notes"]:
        sections.h2(_t(lang, "Catatan Analisis", "Notes on the Analysis"))
        for note in scores["notes"]:
            chapter.paragraph(note)
    return chapter.blocks


class Sections:
    """Section headings numbered 4.1, 4.1.1 (or A., 1. in the lettered style)."""

    def __init__(self, chapter: Chapter, numbered: bool):
        self.chapter, self.numbered = chapter, numbered
        self.h2_count = self.h3_count = 0

    def h2(self, title: str) -> None:
        self.h2_count += 1
        self.h3_count = 0
        prefix = f"{self.chapter.number}.{self.h2_count}" if self.numbered else f"{'ABCDEFGHIJ'[self.h2_count - 1]}."
        self.chapter.heading(2, f"{prefix} {title}")

    def h3(self, title: str) -> None:
        self.h3_count += 1
        prefix = (f"{self.chapter.number}.{self.h2_count}.{self.h3_count}" if self.numbered
                  else f"{self.h3_count}.")
        self.chapter.heading(3, f"{prefix} {title}")


def _profile_table(chapter: Chapter, profile: dict) -> None:
    lang = chapter.lang
    number = chapter.next_table()
    body = [row([cell(i + 1, True), cell(r["value"]), cell(format_number(r["n"], 0, lang), True),
                 cell(format_percent(r["percent"], 1, lang), True)]) for i, r in enumerate(profile["rows"])]
    if profile.get("other_n"):
        body.append(row([cell(""), cell(_t(lang, f"… dan {profile['other_values']} jawaban lain",
                                           f"… and {profile['other_values']} other answers")),
                          cell(format_number(profile["other_n"], 0, lang), True), cell("")]))
    body.append(row([cell(_t(lang, "Jumlah", "Total"), colspan=2), cell(format_number(profile["n"], 0, lang), True),
                     cell(format_percent(100, 1, lang), True)], "total"))
    chapter.table(number, _t(lang, f"Karakteristik responden berdasarkan {profile['label']}",
                             f"Respondents by {profile['label']}"),
                  [[cell("No"), cell(profile["label"]), cell(_t(lang, "Frekuensi (F)", "Frequency (F)")),
                    cell(_t(lang, "Persentase (%)", "Percent (%)"))]], body, style="narrow")
    chapter.paragraph(text.profile_paragraph(chapter.name(number), profile, lang))


def _validity(chapter: Chapter, scores: dict, unit: str) -> None:
    lang, rule = chapter.lang, scores["validity_rule"]
    key = "r_corrected" if rule["rule"] == "r_corrected" else "r_item_total"
    fixed = rule["r_minimum"] if rule["rule"] == "r_fixed" else None
    number = chapter.next_table()
    body, valid, total = [], 0, 0
    for dimension in scores["dimensions"]:
        n = dimension["n_complete"]
        body.append(row([cell(f"{named(unit, dimension['name'])} (n = {n}, df = {max(n - 2, 0)})", colspan=7)],
                        "group"))
        for indicator in dimension["indicators"]:
            for item in indicator["items"]:
                total += 1
                valid += bool(item["valid"])
                verdict = "–" if item["valid"] is None else (_t(lang, "Valid", "Valid") if item["valid"]
                                                             else _t(lang, "Tidak valid", "Not valid"))
                body.append(row([cell(total, True), cell(item["code"] + ("*" if item["reverse"] else "")),
                                 cell(format_number(item[key], 3, lang), True),
                                 cell(format_number(fixed if fixed is not None else item["r_table"], 3, lang), True),
                                 cell(n, True), cell(max(n - 2, 0), True), cell(verdict)]))
    r_head = _t(lang, "r minimum", "r minimum") if fixed is not None else _t(lang, "r tabel", "r critical")
    r_hitung = _t(lang, "r hitung", "r item-total") + (_t(lang, " (terkoreksi)", " (corrected)") if key == "r_corrected" else "")
    chapter.table(number, _t(lang, "Hasil uji validitas butir pernyataan", "Item validity"),
                  [[cell("No"), cell(_t(lang, "Butir", "Item")), cell(r_hitung), cell(r_head), cell("n"),
                    cell("df"), cell(_t(lang, "Keterangan", "Verdict"))]], body, style="narrow",
                  note=_t(lang, "α = 0,05 uji dua sisi; df = n − 2; n = responden yang menjawab semua butir dimensinya.",
                          "α = 0.05 two-tailed; df = n − 2; n = respondents who answered every item of the dimension."))
    dims = scores["dimensions"]
    n_common = dims[0]["n_complete"] if dims and len({d["n_complete"] for d in dims}) == 1 else None
    r_common = dims[0]["r_table"] if n_common is not None else None
    chapter.paragraph(text.validity_paragraph(chapter.name(number), rule["description"], n_common, r_common,
                                              valid, total, fixed, lang))

    number = chapter.next_table()
    threshold = scores["alpha_threshold"]
    body, reliable = [], 0
    for i, dimension in enumerate(dims):
        reliable += bool(dimension["reliable"])
        body.append(row([cell(i + 1, True), cell(dimension["name"]), cell(dimension["n_items"], True),
                         cell(dimension.get("alpha_n", dimension["n_complete"]), True),
                         cell(format_number(dimension["alpha"], 3, lang), True),
                         cell(format_number(threshold, 2, lang), True), cell(_verdict(dimension, lang))]))
    overall = scores["overall"]
    body.append(row([cell(_t(lang, "Seluruh instrumen", "Whole instrument"), colspan=2),
                     cell(sum(d["n_items"] for d in dims), True), cell(overall.get("alpha_n", ""), True),
                     cell(format_number(overall["alpha"], 3, lang), True), cell(format_number(threshold, 2, lang), True),
                     cell(_verdict(overall, lang))], "total"))
    chapter.table(number, _t(lang, "Hasil uji reliabilitas (α Cronbach)", "Reliability (Cronbach's α)"),
                  [[cell("No"), cell(unit.capitalize()), cell(_t(lang, "Butir", "Items")), cell("n"),
                    cell("α"), cell(_t(lang, "Batas", "Threshold")), cell(_t(lang, "Keterangan", "Verdict"))]],
                  body, style="narrow")
    chapter.paragraph(text.reliability_paragraph(chapter.name(number), scores["alpha_rule"]["description"],
                                                 threshold, reliable, len(dims), overall["alpha"], lang))


def _verdict(block: dict, lang: str) -> str:
    if block["reliable"] is None:
        return "–"
    return _t(lang, "Reliabel", "Reliable") if block["reliable"] else _t(lang, "Tidak reliabel", "Not reliable")


def _class_intervals(chapter: Chapter, scores: dict) -> None:
    lang, categories, scale = chapter.lang, scores["categories"], scores["scale"]
    number = chapter.next_table()
    bands = list(zip(categories["lower_bounds"], categories["bounds"], categories["labels"]))
    if categories["basis"] == "ikm_converted":
        body = [row([cell(i + 1, True), cell(f"{format_number(low / 25, 4, lang)}–{format_number(high / 25, 4, lang)}", True),
                     cell(f"{format_number(low, 2, lang)}–{format_number(high, 2, lang)}", True),
                     cell(categories["grades"][i]), cell(label)]) for i, (low, high, label) in enumerate(bands)]
        regulation = scores["ikm"]["regulation"]
        chapter.paragraph(_t(lang, f"Nilai pelayanan ditafsirkan dengan tabel {regulation}: nilai interval (NI) pada "
                                   "skala 1–4 dan nilai interval konversi (NIK) = NI × 25.",
                             f"Service values are read against the table of {regulation}: interval value (NI) on "
                             "the 1–4 scale and converted interval value (NIK) = NI × 25."))
        chapter.table(number, _t(lang, f"Nilai persepsi, interval, mutu dan kinerja unit pelayanan ({regulation})",
                                 f"Perception value, interval, grade and unit performance ({regulation})"),
                      [[cell("No"), cell(_t(lang, "Nilai interval (NI)", "Interval value (NI)")),
                        cell(_t(lang, "NI konversi (NIK)", "Converted (NIK)")),
                        cell(_t(lang, "Mutu pelayanan", "Service grade")),
                        cell(_t(lang, "Kinerja unit pelayanan", "Unit performance"))]], body, style="narrow")
        return
    percent = categories["basis"] == "percent_ideal"
    show = (lambda v: format_percent(v, 0 if float(v).is_integer() else 2, lang)) if percent else \
        (lambda v: format_number(v, 2, lang))
    body = [row([cell(i + 1, True), cell(f"{show(low)} – {show(high)}", True), cell(label)])
            for i, (low, high, label) in enumerate(bands)]
    if percent:
        chapter.paragraph(_t(lang, "Persentase skor ideal = skor total / (skor tertinggi × jumlah jawaban) × 100 %, "
                                   "ditafsirkan dengan kelas berikut.",
                             "Percentage of the ideal score = total score / (highest score × answers) × 100 %, read "
                             "against these classes."))
    else:
        k = len(bands)
        width = (scale["max"] - scale["min"]) / k
        chapter.paragraph(text.class_interval_paragraph(scale["min"], scale["max"], k, format_number(width, 2, lang), lang))
    chapter.table(number, _t(lang, "Interval kelas dan kategori", "Class intervals and categories"),
                  [[cell("No"), cell(_t(lang, "Interval", "Interval")), cell(_t(lang, "Kategori", "Category"))]],
                  body, style="narrow",
                  note="" if percent else _t(lang, f"Panjang kelas = ({scale['max']} − {scale['min']}) / {len(bands)} = "
                                                   f"{format_number((scale['max'] - scale['min']) / len(bands), 2, lang)}.",
                                             f"Class width = ({scale['max']} − {scale['min']}) / {len(bands)} = "
                                             f"{format_number((scale['max'] - scale['min']) / len(bands), 2, lang)}."))


def _weights(scale: dict, reverse: bool) -> list[int]:
    """The score of each answer label, in label order: reversed for a negative statement."""
    points = list(range(scale["min"], scale["max"] + 1))
    return points[::-1] if reverse else points


def _total_score(item: dict, scale: dict) -> int:
    """Σ f·w over the scored counts (the same as the ticked counts times the item's weights)."""
    return sum((scale["min"] + i) * c for i, c in enumerate(item["counts"]))


def _frequency_table(chapter: Chapter, scores: dict, indicator: dict) -> None:
    """One indicator's statements as theses print them: F and % under each answer label in the
    order shown to respondents (what they ticked), Jumlah, the weights, Σ f·w, mean, category."""
    lang, scale = chapter.lang, scores["scale"]
    items = indicator["items"]
    shared = {tuple(item["labels"]) for item in items}
    # The statements' own labels head the columns when they share them; else the scale points.
    labels = list(next(iter(shared))) if len(shared) == 1 else list(scale["labels"])
    heads = column_labels(labels) if len(shared) == 1 else [str(i + 1) for i in range(len(labels))]
    number = chapter.next_table()
    head = [[cell(_t(lang, "Pernyataan", "Statement"), rowspan=2)]
            + [cell(h, colspan=2) for h in heads]
            + [cell(_t(lang, "Jumlah", "Total"), colspan=2), cell(_t(lang, "Skor total (Σ f·w)", "Total score (Σ f·w)"), rowspan=2),
               cell(_t(lang, "Rata-rata", "Mean"), rowspan=2), cell(_t(lang, "Kategori", "Category"), rowspan=2)],
            [cell("F"), cell("%")] * (len(heads) + 1)]
    width = 1 + 2 * len(heads) + 5
    body = [row([cell(_t(lang, "Skor (w)", "Score (w)"))] + [cell(w, True, colspan=2) for w in _weights(scale, False)]
                + [cell("", colspan=5)], "weights")]
    for item in items:
        mark = "*" if item["reverse"] else ""
        ticked = item["answer_counts"]
        percents = item["answer_percents"]
        cells = [cell(f"{item['code']}{mark} {item['text']}")]
        for count, percent in zip(ticked, percents):
            cells += [cell(format_number(count, 0, lang), True), cell(format_number(percent, 1, lang), True)]
        cells += [cell(format_number(item["n"], 0, lang), True), cell(format_number(100 if item["n"] else None, 0, lang), True),
                  cell(format_number(_total_score(item, scale), 0, lang), True),
                  cell(format_number(item["mean"], 2, lang), True), cell(item["category"] or "–")]
        body.append(row(cells))
        if item["reverse"]:
            body.append(row([cell(_t(lang, f"Skor {item['code']}* (dibalik)", f"Score {item['code']}* (reversed)"))]
                            + [cell(w, True, colspan=2) for w in _weights(scale, True)] + [cell("", colspan=5)],
                            "weights"))
    total = sum(_total_score(item, scale) for item in items)
    body.append(row([cell(_t(lang, f"Indikator {indicator['name']}", f"Indicator {indicator['name']}"),
                          colspan=width - 5),
                     cell(format_number(indicator["n_answers"], 0, lang), True), cell("100" if indicator["n_answers"] else "–", True),
                     cell(format_number(total, 0, lang), True), cell(format_number(indicator["mean"], 2, lang), True),
                     cell(indicator["category"] or "–")], "total"))
    legend = "; ".join(f"{h} = {label}" for h, label in zip(heads, labels))
    note = _t(lang, f"{legend}. F = frekuensi (jawaban yang dipilih responden), % = persentase dari yang menjawab; "
                    "rata-rata = Σ f·w / Jumlah.",
              f"{legend}. F = frequency (answers ticked), % = share of those who answered; mean = Σ f·w / total.")
    if any(item["reverse"] for item in items):
        note += _t(lang, " * Pernyataan negatif: F dan % adalah jawaban yang dipilih, skornya dibalik "
                         f"({heads[0]} = {scale['max']} … {heads[-1]} = {scale['min']}).",
                   f" * Negatively worded: F and % are the answers ticked, the scores are reversed "
                   f"({heads[0]} = {scale['max']} … {heads[-1]} = {scale['min']}).")
    chapter.table(number, _t(lang, f"Tanggapan responden pada indikator {indicator['name']}",
                             f"Answers on the indicator {indicator['name']}"), head, body, note=note, style="frequency")
    chapter.paragraph(text.indicator_paragraph(chapter.name(number), indicator, items, lang, labels[-1]))


def _dimension_table(chapter: Chapter, scores: dict, dimension: dict, unit: str) -> None:
    lang, scale = chapter.lang, scores["scale"]
    ikm = bool(scores.get("ikm"))
    number = chapter.next_table()
    body = []
    for i, indicator in enumerate(dimension["indicators"]):
        total = sum(_total_score(item, scale) for item in indicator["items"])
        cells = [cell(i + 1, True), cell(indicator["name"]), cell(len(indicator["items"]), True),
                 cell(format_number(total, 0, lang), True),
                 cell(format_number(scale["max"] * indicator["n_answers"], 0, lang), True),
                 cell(format_number(indicator["mean"], 2, lang), True)]
        if not ikm:
            cells.append(cell(format_percent(indicator["percent_ideal"], 1, lang), True))
        body.append(row(cells + [cell(indicator["category"] or "–")]))
    total = sum(_total_score(item, scale) for ind in dimension["indicators"] for item in ind["items"])
    cells = [cell(f"{named(unit, dimension['name'])}", colspan=2), cell(dimension["n_items"], True),
             cell(format_number(total, 0, lang), True), cell(format_number(scale["max"] * dimension["n_answers"], 0, lang), True),
             cell(format_number(dimension["mean"], 2, lang), True)]
    if not ikm:
        cells.append(cell(format_percent(dimension["percent_ideal"], 1, lang), True))
    body.append(row(cells + [cell(dimension["category"] or "–")], "total"))
    head = [cell("No"), cell(_t(lang, "Indikator", "Indicator")), cell(_t(lang, "Butir", "Items")),
            cell(_t(lang, "Skor total", "Total score")), cell(_t(lang, "Skor ideal", "Ideal score")),
            cell("NRR" if ikm else _t(lang, "Rata-rata", "Mean"))]
    if not ikm:
        head.append(cell(_t(lang, "% skor ideal", "% of ideal")))
    head.append(cell(_t(lang, "Mutu (kinerja)", "Grade") if ikm else _t(lang, "Kategori", "Category")))
    chapter.table(number, _t(lang, f"Rekapitulasi {named(unit, dimension['name'], False)} per indikator",
                             f"The {named(unit, dimension['name'], False)} by indicator"), [head], body, style="narrow")
    if ikm:  # an unsur reads as NRR, converted NRR and mutu, as the regulation grades it
        unsur = next(u for u in scores["ikm"]["unsur"] if u["code"] == dimension["code"])
        chapter.paragraph(text.unsur_paragraph(chapter.name(number), unsur, lang) if unsur["nrr"] is not None else "")
    else:
        chapter.paragraph(text.dimension_paragraph(chapter.name(number), dimension, unit, lang))


def _recap_table(chapter: Chapter, scores: dict, variable: str, unit: str) -> None:
    lang = chapter.lang
    number = chapter.next_table()
    body = []
    for d, dimension in enumerate(scores["dimensions"]):
        body.append(row([cell(d + 1, True), cell(f"{named(unit, dimension['name'])}"),
                         cell(format_number(dimension["mean"], 2, lang), True),
                         cell(format_percent(dimension["percent_ideal"], 1, lang), True),
                         cell(dimension["category"] or "–")], "group"))
        for i, indicator in enumerate(dimension["indicators"]):
            body.append(row([cell(f"{d + 1}.{i + 1}", True), cell(f"   {indicator['name']}"),
                             cell(format_number(indicator["mean"], 2, lang), True),
                             cell(format_percent(indicator["percent_ideal"], 1, lang), True),
                             cell(indicator["category"] or "–")]))
    overall = scores["overall"]
    body.append(row([cell(_t(lang, f"Variabel {variable}", f"Variable {variable}"), colspan=2),
                     cell(format_number(overall["mean"], 2, lang), True),
                     cell(format_percent(overall["percent_ideal"], 1, lang), True),
                     cell(overall["category"] or "–")], "total"))
    rule = scores["overall_rule"]["description"]
    note = rule
    if scores["overall_rule"]["rule"] != "pooled":
        note += _t(lang, f" Rata-rata semua jawaban (pooled): {format_number(overall['pooled_mean'], 2, lang)}.",
                   f" Mean of all answers (pooled): {format_number(overall['pooled_mean'], 2, lang)}.")
    chapter.table(number, _t(lang, f"Rekapitulasi variabel {variable} per {unit} dan indikator",
                             f"Recapitulation of {variable} by {unit} and indicator"),
                  [[cell("No"), cell(_t(lang, "Dimensi / indikator", "Dimension / indicator")),
                    cell(_t(lang, "Rata-rata", "Mean")), cell(_t(lang, "% skor ideal", "% of ideal")),
                    cell(_t(lang, "Kategori", "Category"))]], body, note=note, style="narrow")
    chapter.paragraph(text.recap_paragraph(chapter.name(number), variable, overall, scores["dimensions"], unit,
                                           rule, lang))


def _ikm_tables(chapter: Chapter, scores: dict) -> None:
    lang, ikm = chapter.lang, scores["ikm"]
    number = chapter.next_table()
    body = [row([cell(i + 1, True), cell(u["name"]), cell(format_number(u["nrr"], 2, lang), True),
                 cell(format_number(u["nrr_weighted"], 3, lang), True), cell(format_number(u["nrr_converted"], 2, lang), True),
                 cell(u["grade"] or "–"), cell(u["label"] or "–")]) for i, u in enumerate(ikm["unsur"])]
    chapter.table(number, _t(lang, "Nilai rata-rata (NRR) dan mutu pelayanan per unsur",
                             "Mean value (NRR) and service grade per unsur"),
                  [[cell("No"), cell("Unsur"), cell("NRR"), cell(f"NRR × {ikm['weight_text']}"), cell("NRR × 25"),
                    cell(_t(lang, "Mutu", "Grade")), cell(_t(lang, "Kinerja", "Performance"))]], body,
                  note=_t(lang, f"Bobot setiap unsur = 1/k = {ikm['weight_text']} ({ikm['regulation']}).",
                          f"Weight of each unsur = 1/k = {ikm['weight_text']} ({ikm['regulation']})."))
    chapter.paragraph(_t(lang, "NRR setiap unsur adalah rata-rata jawabannya (1–4); NRR tertimbang = NRR × 1/k.",
                         "Each unsur's NRR is the mean of its answers (1–4); weighted NRR = NRR × 1/k."))
    number = chapter.next_table()
    body = [row([cell(format_number(ikm["value_1_4"], 3, lang), True), cell(format_number(ikm["value"], 2, lang), True),
                 cell(ikm["grade"] or "–"), cell(ikm["label"] or "–")], "total")]
    chapter.table(number, _t(lang, f"Indeks Kepuasan Masyarakat (IKM) menurut {ikm['regulation']}",
                             f"Community Satisfaction Index (IKM) under {ikm['regulation']}"),
                  [[cell(_t(lang, "Σ NRR tertimbang (IKM 1–4)", "Σ weighted NRR (IKM 1–4)")),
                    cell(_t(lang, "IKM konversi (× 25)", "Converted IKM (× 25)")),
                    cell(_t(lang, "Mutu pelayanan", "Service grade")),
                    cell(_t(lang, "Kinerja unit pelayanan", "Unit performance"))]], body, style="narrow")
    chapter.paragraph(text.ikm_paragraph(chapter.name(number), ikm, lang))


def _breakdowns(chapter: Chapter, scores: dict, unit: str) -> None:
    lang = chapter.lang
    dims = scores["dimensions"]
    for breakdown in scores["demographics"]["breakdowns"]:
        if not breakdown["groups"]:
            continue
        number = chapter.next_table()
        body = [row([cell(g["value"]), cell(format_number(g["n"], 0, lang), True)]
                    + [cell(format_number(g["dimensions"].get(d["code"]), 2, lang), True) for d in dims]
                    + [cell(format_number(g["overall"], 2, lang), True)]) for g in breakdown["groups"]]
        note = "; ".join(f"{d['code']} = {d['name']}" for d in dims) + "."
        if breakdown["hidden_groups"]:
            note += _t(lang, f" Kelompok dengan kurang dari {scores['demographics']['min_group']} responden tidak "
                             f"ditampilkan ({breakdown['hidden_groups']} kelompok, {breakdown['hidden_n']} responden).",
                       f" Groups with fewer than {scores['demographics']['min_group']} respondents are not shown "
                       f"({breakdown['hidden_groups']} groups, {breakdown['hidden_n']} respondents).")
        note += _t(lang, " Rata-rata kelompok adalah rata-rata semua jawaban kelompok itu.",
                   " A group's mean is the mean of all its answers.")
        chapter.table(number, _t(lang, f"Rata-rata setiap {unit} menurut {breakdown['label']}",
                                 f"Mean of each {unit} by {breakdown['label']}"),
                      [[cell(breakdown["label"]), cell("n")] + [cell(d["code"]) for d in dims]
                       + [cell(_t(lang, "Keseluruhan", "Overall"))]], body, note=note, style="breakdown")


def _open_answers(chapter: Chapter, questions: list[dict], open_answers: list[dict]) -> None:
    """Grouped (identical after normalising case, space, punctuation), most frequent first, at
    most OPEN_ANSWER_GROUPS per question: the page count does not grow with the respondents."""
    lang = chapter.lang
    chapter.paragraph(_t(lang, "Jawaban terbuka dikelompokkan bila sama setelah huruf besar-kecil, spasi dan tanda "
                               f"baca diseragamkan, diurutkan dari yang paling sering; paling banyak {OPEN_ANSWER_GROUPS} "
                               "kelompok per pertanyaan ditampilkan. Seluruh jawaban tersedia pada ekspor data.",
                         "Open answers are grouped when identical after normalising case, spacing and punctuation, "
                         f"most frequent first; at most {OPEN_ANSWER_GROUPS} groups per question are shown. Every "
                         "answer is in the data exports."))
    by_code: dict[str, list[str]] = {}
    for answer in open_answers:
        if answer.get("text"):
            by_code.setdefault(answer["code"], []).append(answer["text"])
    for question in questions:
        grouped = group_answers(by_code.get(question["code"], []), limit=OPEN_ANSWER_GROUPS)
        number = chapter.next_table()
        body = [row([cell(i + 1, True), cell(g["text"]), cell(format_number(g["count"], 0, lang), True)])
                for i, g in enumerate(grouped["groups"])]
        if grouped["n_other"]:
            others = grouped["n_groups"] - len(grouped["groups"])
            body.append(row([cell(""), cell(_t(lang, f"… dan {format_number(grouped['n_other'], 0, lang)} jawaban lain "
                                                     f"({format_number(others, 0, lang)} kelompok)",
                                               f"… and {format_number(grouped['n_other'], 0, lang)} other answers "
                                               f"({format_number(others, 0, lang)} groups)")),
                             cell(format_number(grouped["n_other"], 0, lang), True)]))
        if not grouped["n_answers"]:
            body.append(row([cell(""), cell(_t(lang, "Tidak ada jawaban.", "No answers.")), cell("0", True)]))
        body.append(row([cell(_t(lang, "Jumlah", "Total"), colspan=2),
                         cell(format_number(grouped["n_answers"], 0, lang), True)], "total"))
        chapter.table(number, question["label"], [[cell("No"), cell(_t(lang, "Jawaban", "Answer")),
                                                    cell(_t(lang, "Jumlah", "Count"))]], body, style="answers")


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _ipa(chapter: Chapter, scores: dict, ipa: dict, unit: str) -> None:
    """Importance–performance analysis of a paired study: per dimension the statements' totals,
    means, tingkat kesesuaian and gap; the recapitulation by dimension; the Cartesian diagram; the
    statements in each quadrant. Numbers as the document holds them, rounded to 2 decimals."""
    lang = chapter.lang
    sides = ipa.get("sides") or {}
    importance = sides.get("importance") or _t(lang, "Tingkat kepentingan", "Importance")
    performance = sides.get("performance") or _t(lang, "Tingkat kinerja", "Performance")
    chapter.paragraph(text.ipa_method_paragraph(importance, performance, lang))
    num = lambda value: format_number(value, 2, lang)  # noqa: E731
    pct = lambda value: format_percent(value, 2, lang)  # noqa: E731
    # Thesis layout: each side's total and mean under its name; the quadrant as its numeral.
    head = [[cell("No", rowspan=2), cell(_t(lang, "Pernyataan", "Statement"), rowspan=2), cell("n", rowspan=2),
             cell(_t(lang, "Kepentingan (Y)", "Importance (Y)"), colspan=2),
             cell(_t(lang, "Kinerja (X)", "Performance (X)"), colspan=2),
             cell("Tki", rowspan=2), cell("Gap (P − E)", rowspan=2), cell(_t(lang, "Kuadran", "Quadrant"), rowspan=2)],
            [cell("Σ Y"), cell("Ȳ"), cell("Σ X"), cell("X̄")]]
    legend = "; ".join(f"{ROMAN[q]} = {ipa['quadrant_labels'][str(q)]}" for q in (1, 2, 3, 4))
    by_dimension: dict[str, list[dict]] = {}
    for item in ipa["items"]:
        by_dimension.setdefault(item["dimension"], []).append(item)
    position = 0
    for dimension in ipa["dimensions"]:
        items = by_dimension.get(dimension["code"], [])
        if not items:
            continue
        number = chapter.next_table()
        body = []
        for item in items:
            position += 1
            body.append(row([cell(position, True), cell(f"{item['code']}{'*' if item['reverse'] else ''} {item['text']}"),
                             cell(format_number(item["n"], 0, lang), True),
                             cell(format_number(item["importance_total"], 0, lang), True),
                             cell(num(item["importance_mean"]), True),
                             cell(format_number(item["performance_total"], 0, lang), True),
                             cell(num(item["performance_mean"]), True),
                             cell(pct(item["conformity_percent"]), True), cell(num(item["gap"]), True),
                             cell(ROMAN.get(item["quadrant"], "–"))]))
        body.append(row([cell(named(unit, dimension["name"]), colspan=2),
                         cell(format_number(dimension["n_pairs"], 0, lang), True),
                         cell(format_number(dimension["importance_total"], 0, lang), True),
                         cell(num(dimension["importance_mean"]), True),
                         cell(format_number(dimension["performance_total"], 0, lang), True),
                         cell(num(dimension["performance_mean"]), True),
                         cell(pct(dimension["conformity_percent"]), True), cell(num(dimension["gap"]), True), cell("")],
                        "total"))
        note = _t(lang, "n = responden yang menjawab kedua sisi pernyataan; Tki = tingkat kesesuaian = Σ X / Σ Y "
                        f"× 100 %; gap = X̄ − Ȳ; kuadran: {legend}. Baris dimensi menggabungkan semua pasangan "
                        "jawaban di dalamnya.",
                  "n = respondents who answered both sides; Tki = conformity = Σ X / Σ Y × 100 %; gap = X̄ − Ȳ; "
                  f"quadrants: {legend}. The dimension row pools every answered pair in it.")
        if any(item["reverse"] for item in items):
            note += _t(lang, " * Pernyataan negatif: skor kedua sisinya dibalik.",
                       " * Negatively worded: both sides are reverse-scored.")
        chapter.table(number, _t(lang, f"Tingkat kepentingan, kinerja dan kesesuaian pada {named(unit, dimension['name'], False)}",
                                 f"Importance, performance and conformity in the {named(unit, dimension['name'], False)}"),
                      head, body, note=note, style="ipa")
        chapter.paragraph(text.ipa_dimension_paragraph(chapter.name(number), named(unit, dimension["name"], False),
                                                       dimension, items, lang))

    number = chapter.next_table()
    body = [row([cell(i + 1, True), cell(named(unit, d["name"])), cell(num(d["importance_mean"]), True),
                 cell(num(d["performance_mean"]), True), cell(pct(d["conformity_percent"]), True),
                 cell(num(d["gap"]), True)]) for i, d in enumerate(ipa["dimensions"])]
    overall = ipa["overall"]
    body.append(row([cell(_t(lang, "Keseluruhan", "Overall"), colspan=2), cell(num(overall["importance_mean"]), True),
                     cell(num(overall["performance_mean"]), True), cell(pct(overall["conformity_percent"]), True),
                     cell(num(overall["gap"]), True)], "total"))
    chapter.table(number, _t(lang, f"Rekapitulasi tingkat kesesuaian per {unit}", f"Conformity by {unit}"),
                  [[cell("No"), cell(unit.capitalize()), cell("Ȳ"), cell("X̄"), cell("Tki"), cell("Gap (P − E)")]],
                  body, style="narrow")
    chapter.paragraph(text.ipa_recap_paragraph(chapter.name(number), overall, ipa["dimensions"], unit, lang))

    figure = f"{_t(lang, 'Gambar', 'Figure')} {chapter.number}.{chapter.figures + 1}"
    chapter.paragraph(text.ipa_diagram_paragraph(figure, ipa, lang))
    chapter.figure(_t(lang, "Diagram Kartesius tingkat kepentingan dan kinerja",
                      "Cartesian diagram of importance and performance"), "ipa")

    number = chapter.next_table()
    texts = {item["code"]: item for item in ipa["items"]}
    body = []
    for q in (1, 2, 3, 4):
        codes = ipa["quadrants"][str(q)]
        listed = ", ".join(f"{code}{'*' if texts[code]['reverse'] else ''}" for code in codes) or "–"
        body.append(row([cell(ROMAN[q]), cell(ipa["quadrant_labels"][str(q)]), cell(listed),
                         cell(len(codes), True)]))
    body.append(row([cell(_t(lang, "Jumlah", "Total"), colspan=3),
                     cell(sum(len(ipa["quadrants"][str(q)]) for q in (1, 2, 3, 4)), True)], "total"))
    chapter.table(number, _t(lang, "Pembagian pernyataan pada kuadran diagram kartesius",
                             "Statements in the quadrants of the Cartesian diagram"),
                  [[cell(_t(lang, "Kuadran", "Quadrant")), cell(_t(lang, "Keterangan", "Meaning")),
                    cell(_t(lang, "Pernyataan", "Statements")), cell(_t(lang, "Jumlah", "Count"))]], body,
                  note=text.ipa_quadrant_note(lang), style="quadrants")
    chapter.paragraph(text.ipa_quadrant_paragraph(chapter.name(number), ipa, lang))
