"""The interpretation paragraphs of the results chapter (pure: plain numbers in, sentences out).

Each paragraph reads one table the way a thesis does ("Berdasarkan Tabel 4.1, sebagian besar
responden …"): it names the table, the largest group or the extremes, and the category. The
numbers are formatted here exactly as the table prints them, so text and table never disagree.
"""
from __future__ import annotations

from ..narrative.numbers import format_number, format_percent, join_list


def _t(lang: str, indonesian: str, english: str) -> str:
    return english if lang == "en" else indonesian


def share_word(percent: float, lang: str) -> str:
    """How a thesis names a share: "sebagian besar" above half, "mayoritas" above 75 %."""
    if percent > 75:
        return _t(lang, "hampir seluruh", "nearly all")
    if percent > 50:
        return _t(lang, "sebagian besar", "most")
    return _t(lang, "terbanyak", "the largest group of")


def profile_paragraph(table: str, profile: dict, lang: str) -> str:
    """Berdasarkan Tabel 4.1, sebagian besar responden (menurut Jenis Kelamin) adalah Laki-laki, yaitu 58 orang (58,0 %) …"""
    rows = [row for row in profile["rows"] if row["n"]]
    if not rows:
        return ""
    ordered = sorted(rows, key=lambda row: -row["n"])
    top, rest = ordered[0], ordered[1:]
    ties = [row for row in rest if row["n"] == top["n"]]
    label = profile["label"]
    n = format_number(profile["n"], 0, lang)
    if ties:
        names = join_list([str(top["value"])] + [str(row["value"]) for row in ties], lang)
        text = _t(lang, f"Berdasarkan {table}, dari {n} responden yang menjawab, kelompok {label} terbanyak "
                        f"adalah {names}, masing-masing {format_number(top['n'], 0, lang)} orang "
                        f"({format_percent(top['percent'], 1, lang)}).",
                  f"{table} shows that of the {n} respondents who answered, the largest {label} groups are "
                  f"{names}, {format_number(top['n'], 0, lang)} each ({format_percent(top['percent'], 1, lang)}).")
        rest = [row for row in rest if row["n"] != top["n"]]
    else:
        word = share_word(top["percent"], lang)
        text = _t(lang, f"Berdasarkan {table}, {word} responden menurut {label} adalah {top['value']}, yaitu "
                        f"{format_number(top['n'], 0, lang)} orang ({format_percent(top['percent'], 1, lang)}) "
                        f"dari {n} responden.",
                  f"{table} shows that by {label}, {word} respondents are {top['value']}: "
                  f"{format_number(top['n'], 0, lang)} ({format_percent(top['percent'], 1, lang)}) of {n}.")
    if rest:
        others = join_list([f"{row['value']} {format_number(row['n'], 0, lang)} "
                            f"{_t(lang, 'orang', '')} ({format_percent(row['percent'], 1, lang)})".replace("  ", " ")
                            for row in rest[:4]], lang)
        more = _t(lang, " dan kelompok lainnya", " and the other groups") if len(rest) > 4 else ""
        text += _t(lang, f" Selebihnya adalah {others}{more}.", f" The rest are {others}{more}.")
    if profile.get("n_missing"):
        text += _t(lang, f" Sebanyak {format_number(profile['n_missing'], 0, lang)} responden tidak menjawab "
                         "pertanyaan ini.",
                   f" {format_number(profile['n_missing'], 0, lang)} respondents did not answer.")
    return text


def class_interval_paragraph(low: int, high: int, k: int, width_text: str, lang: str) -> str:
    return _t(lang, f"Untuk menafsirkan rata-rata skor, digunakan interval kelas dengan panjang kelas "
                    f"(skor tertinggi − skor terendah) / banyak kelas = ({high} − {low}) / {k} = {width_text}. "
                    "Rata-rata dibaca sebagaimana tercetak (dua desimal) dan batas atas termasuk kelasnya.",
              f"Means are read against class intervals of width (highest − lowest score) / number of "
              f"classes = ({high} − {low}) / {k} = {width_text}. A mean is classified as printed (two "
              "decimals), upper bounds inclusive.")


def indicator_paragraph(table: str, indicator: dict, items: list[dict], lang: str, label_top: str) -> str:
    """Reads a frequency table: the indicator's mean and category, its highest and lowest statement,
    and the share that ticked the two agreeing answers of the highest one."""
    mean = format_number(indicator["mean"], 2, lang)
    text = _t(lang, f"Berdasarkan {table}, indikator {indicator['name']} memperoleh rata-rata skor {mean} "
                    f"dengan kategori {indicator['category'] or '–'}.",
              f"{table} shows a mean of {mean} for the indicator {indicator['name']} "
              f"({indicator['category'] or '–'}).")
    scored = [item for item in items if item.get("mean") is not None]
    if len(scored) > 1:
        high = max(scored, key=lambda item: item["mean"])
        low = min(scored, key=lambda item: item["mean"])
        if high["mean"] != low["mean"]:
            text += _t(lang, f" Rata-rata tertinggi terdapat pada pernyataan {high['code']} ({format_number(high['mean'], 2, lang)}, "
                             f"{high['category'] or '–'}) dan terendah pada pernyataan {low['code']} "
                             f"({format_number(low['mean'], 2, lang)}, {low['category'] or '–'}).",
                       f" The highest mean is statement {high['code']} ({format_number(high['mean'], 2, lang)}, "
                       f"{high['category'] or '–'}), the lowest {low['code']} ({format_number(low['mean'], 2, lang)}, "
                       f"{low['category'] or '–'}).")
    negative = [item["code"] for item in items if item.get("reverse")]
    if negative:
        text += _t(lang, f" Pernyataan {join_list(negative, lang)} bernada negatif, sehingga jawaban "
                         f"\u201c{label_top}\u201d diberi skor terendah.",
                   f" Statement(s) {join_list(negative, lang)} are negatively worded, so \u201c{label_top}\u201d "
                   "scores lowest.")
    return text


def dimension_paragraph(table: str, dimension: dict, unit: str, lang: str) -> str:
    indicators = [ind for ind in dimension["indicators"] if ind.get("mean") is not None]
    mean = format_number(dimension["mean"], 2, lang)
    name = dimension["name"] if dimension["name"].lower().startswith(unit.lower()) else f"{unit} {dimension['name']}"
    text = _t(lang, f"Berdasarkan {table}, {name} memperoleh rata-rata skor {mean} "
                    f"dengan kategori {dimension['category'] or '–'}.",
              f"{table} shows a mean of {mean} for the {name} "
              f"({dimension['category'] or '–'}).")
    if len(indicators) > 1:
        high = max(indicators, key=lambda ind: ind["mean"])
        low = min(indicators, key=lambda ind: ind["mean"])
        if high["mean"] != low["mean"]:
            text += _t(lang, f" Indikator dengan rata-rata tertinggi adalah {high['name']} "
                             f"({format_number(high['mean'], 2, lang)}), sedangkan yang terendah adalah "
                             f"{low['name']} ({format_number(low['mean'], 2, lang)}).",
                       f" The highest indicator is {high['name']} ({format_number(high['mean'], 2, lang)}), "
                       f"the lowest {low['name']} ({format_number(low['mean'], 2, lang)}).")
    return text


def recap_paragraph(table: str, variable: str, overall: dict, dimensions: list[dict], unit: str,
                    rule_sentence: str, lang: str) -> str:
    scored = [d for d in dimensions if d.get("mean") is not None]
    text = _t(lang, f"Berdasarkan {table}, variabel {variable} secara keseluruhan memperoleh rata-rata "
                    f"{format_number(overall['mean'], 2, lang)} dengan kategori {overall['category'] or '–'}. ",
              f"{table} shows an overall mean of {format_number(overall['mean'], 2, lang)} for {variable} "
              f"({overall['category'] or '–'}). ")
    text += rule_sentence
    if len(scored) > 1:
        high = max(scored, key=lambda d: d["mean"])
        low = min(scored, key=lambda d: d["mean"])
        if high["mean"] != low["mean"]:
            text += _t(lang, f" {unit.capitalize()} tertinggi adalah {high['name']} ({format_number(high['mean'], 2, lang)}) "
                             f"dan terendah {low['name']} ({format_number(low['mean'], 2, lang)}).",
                       f" The highest {unit} is {high['name']} ({format_number(high['mean'], 2, lang)}), "
                       f"the lowest {low['name']} ({format_number(low['mean'], 2, lang)}).")
    return text


def validity_paragraph(table: str, rule_sentence: str, n: int | None, r_table: float | None,
                       valid: int, total: int, fixed: float | None, lang: str) -> str:
    if fixed is not None:
        basis = _t(lang, f"dibandingkan dengan batas r = {format_number(fixed, 2, lang)}",
                   f"compared with the minimum r = {format_number(fixed, 2, lang)}")
    elif r_table is not None and n is not None:
        basis = _t(lang, f"dibandingkan dengan r tabel {format_number(r_table, 3, lang)} untuk n = {n} "
                         f"(df = n − 2 = {n - 2}) pada taraf signifikansi α = 0,05 uji dua sisi; r tabel dihitung "
                         "dari distribusi t, r = t / √(df + t²)",
                   f"compared with the critical r {format_number(r_table, 3, lang)} for n = {n} (df = n − 2 = "
                   f"{n - 2}) at α = 0.05 two-tailed; r is computed from Student's t, r = t / √(df + t²)")
    else:
        basis = _t(lang, "dibandingkan dengan r tabel", "compared with the critical r")
    return _t(lang, f"{rule_sentence} Nilai r hitung setiap butir {basis}. Berdasarkan {table}, "
                    f"{valid} dari {total} butir dinyatakan valid.",
              f"{rule_sentence} Each item's r is {basis}. {table} shows {valid} of {total} items valid.")


def reliability_paragraph(table: str, rule_sentence: str, threshold: float, reliable: int, total: int,
                          overall_alpha: float | None, lang: str) -> str:
    text = _t(lang, f"{rule_sentence} Instrumen dinyatakan reliabel bila α Cronbach ≥ "
                    f"{format_number(threshold, 2, lang)}. Berdasarkan {table}, {reliable} dari {total} dimensi "
                    "reliabel.",
              f"{rule_sentence} A dimension is reliable when Cronbach's α ≥ {format_number(threshold, 2, lang)}. "
              f"{table} shows {reliable} of {total} dimensions reliable.")
    if overall_alpha is not None:
        text += _t(lang, f" Koefisien α seluruh instrumen adalah {format_number(overall_alpha, 3, lang)}.",
                   f" The α of the whole instrument is {format_number(overall_alpha, 3, lang)}.")
    return text


def ikm_paragraph(table: str, ikm: dict, lang: str) -> str:
    if ikm.get("value") is None:
        return _t(lang, f"{table} belum dapat memuat nilai IKM karena ada unsur tanpa jawaban.",
                  f"{table} cannot give the IKM yet: some unsur have no answers.")
    return _t(lang, f"Berdasarkan {table}, nilai IKM adalah {format_number(ikm['value_1_4'], 3, lang)} pada skala "
                    f"1–4 atau {format_number(ikm['value'], 2, lang)} setelah dikonversi (× 25), sehingga mutu "
                    f"pelayanan {ikm['grade']} dan kinerja unit pelayanan {ikm['label']} menurut {ikm['regulation']}.",
              f"{table} gives an IKM of {format_number(ikm['value_1_4'], 3, lang)} on the 1–4 scale, "
              f"{format_number(ikm['value'], 2, lang)} converted (× 25): service grade {ikm['grade']}, "
              f"unit performance {ikm['label']} under {ikm['regulation']}.")


def unsur_paragraph(table: str, unsur: dict, lang: str) -> str:
    return _t(lang, f"Berdasarkan {table}, unsur {unsur['name']} memperoleh NRR {format_number(unsur['nrr'], 2, lang)} "
                    f"atau {format_number(unsur['nrr_converted'], 2, lang)} setelah dikonversi, dengan mutu "
                    f"{unsur['grade'] or '–'} ({unsur['label'] or '–'}).",
              f"{table} gives the unsur {unsur['name']} an NRR of {format_number(unsur['nrr'], 2, lang)}, "
              f"{format_number(unsur['nrr_converted'], 2, lang)} converted: grade {unsur['grade'] or '–'} "
              f"({unsur['label'] or '–'}).")


# Importance–performance analysis (paired studies). Kesesuaian (%) and means at 2 decimals, as
# the IPA tables print them; survey/narrative uses the same formatting for the Kesimpulan.

def ipa_method_paragraph(importance: str, performance: str, lang: str) -> str:
    from ..narrative.statements import lower_first
    imp, perf = lower_first(importance), lower_first(performance)
    return _t(lang, f"Setiap pernyataan dinilai responden dari dua sisi, yaitu {imp} (Y) dan {perf} (X). "
                    "Tingkat kesesuaian (Tki) adalah perbandingan skor kinerja dengan skor kepentingan, "
                    "Tki = Σ X / Σ Y × 100 %, sedangkan gap (P − E) adalah selisih rata-rata kinerja dengan "
                    "rata-rata kepentingan; gap negatif berarti kinerja belum memenuhi harapan. Setiap pernyataan "
                    "dihitung dari responden yang menjawab kedua sisinya.",
              f"Respondents rated every statement on two sides: {imp} (Y) and {perf} (X). The conformity "
              "level (Tki) compares the performance score with the importance score, Tki = Σ X / Σ Y × 100 %, "
              "and the gap (P − E) is the performance mean minus the importance mean; a negative gap means "
              "performance falls short of expectations. Each statement counts the respondents who answered "
              "both of its sides.")


def _pct2(value, lang: str) -> str:
    return format_percent(value, 2, lang)


def ipa_dimension_paragraph(table: str, name: str, dimension: dict, items: list[dict], lang: str) -> str:
    if dimension.get("conformity_percent") is None:
        return _t(lang, f"{table} belum memuat pasangan jawaban untuk {name}.",
                  f"{table} has no answered pairs for the {name} yet.")
    text = _t(lang, f"Berdasarkan {table}, tingkat kesesuaian pada {name} adalah "
                    f"{_pct2(dimension['conformity_percent'], lang)} dengan gap "
                    f"{format_number(dimension['gap'], 2, lang)}.",
              f"{table} gives the {name} a conformity level of {_pct2(dimension['conformity_percent'], lang)} "
              f"and a gap of {format_number(dimension['gap'], 2, lang)}.")
    extremes = _conformity_extremes(items, lang)
    if extremes:
        low, high = extremes
        text += _t(lang, f" Tingkat kesesuaian terendah terdapat pada pernyataan {low['code']} "
                         f"({_pct2(low['conformity_percent'], lang)}) dan tertinggi pada pernyataan "
                         f"{high['code']} ({_pct2(high['conformity_percent'], lang)}).",
                   f" The lowest conformity is statement {low['code']} ({_pct2(low['conformity_percent'], lang)}), "
                   f"the highest {high['code']} ({_pct2(high['conformity_percent'], lang)}).")
    first = [item["code"] for item in items if item.get("quadrant") == 1]
    if first:
        text += _t(lang, f" Pernyataan {join_list(first, lang)} berada pada kuadran I (Prioritas Utama).",
                   f" Statement(s) {join_list(first, lang)} fall in quadrant I (Concentrate here).")
    return text


def _conformity_extremes(rows: list[dict], lang: str) -> tuple[dict, dict] | None:
    """(lowest, highest) tingkat kesesuaian among rows, or None when fewer than two have one or
    both print the same (a sentence contrasting them would say nothing)."""
    scored = [row for row in rows if row.get("conformity_percent") is not None]
    if len(scored) < 2:
        return None
    low = min(scored, key=lambda row: row["conformity_percent"])
    high = max(scored, key=lambda row: row["conformity_percent"])
    if _pct2(low["conformity_percent"], lang) == _pct2(high["conformity_percent"], lang):
        return None
    return low, high


def _unit_name(unit: str, name: str, after: bool = False) -> str:
    """"dimensi Bukti Fisik" / "Bukti Fisik dimension"; "Dimensi 5" already says it."""
    if name.lower().startswith(unit.lower()):
        return name
    return f"{name} {unit}" if after else f"{unit} {name}"


def ipa_recap_paragraph(table: str, overall: dict, dimensions: list[dict], unit: str, lang: str) -> str:
    if overall.get("conformity_percent") is None:
        return ""
    conformity = overall["conformity_percent"]
    text = _t(lang, f"Berdasarkan {table}, tingkat kesesuaian secara keseluruhan adalah {_pct2(conformity, lang)}, "
                    f"dengan rata-rata kepentingan {format_number(overall['importance_mean'], 2, lang)} dan rata-rata "
                    f"kinerja {format_number(overall['performance_mean'], 2, lang)} (gap "
                    f"{format_number(overall['gap'], 2, lang)}).",
              f"{table} gives an overall conformity level of {_pct2(conformity, lang)}, with an importance mean "
              f"of {format_number(overall['importance_mean'], 2, lang)} and a performance mean of "
              f"{format_number(overall['performance_mean'], 2, lang)} (gap {format_number(overall['gap'], 2, lang)}).")
    extremes = _conformity_extremes(dimensions, lang)
    if extremes:
        low, high = extremes
        text += _t(lang, f" Tingkat kesesuaian terendah terdapat pada {_unit_name(unit, low['name'])} "
                         f"({_pct2(low['conformity_percent'], lang)}) dan tertinggi pada "
                         f"{_unit_name(unit, high['name'])} ({_pct2(high['conformity_percent'], lang)}).",
                   f" The lowest conformity is the {_unit_name(unit, low['name'], True)} "
                   f"({_pct2(low['conformity_percent'], lang)}), the highest the "
                   f"{_unit_name(unit, high['name'], True)} ({_pct2(high['conformity_percent'], lang)}).")
    if _pct2(conformity, lang) == _pct2(100, lang):
        text += _t(lang, " Secara keseluruhan, kinerja pelayanan sebanding dengan tingkat kepentingannya.",
                   " Overall, performance matches importance.")
    elif conformity < 100:
        text += _t(lang, f" Karena tingkat kesesuaian berada di bawah {format_percent(100, 0, lang)}, kinerja pelayanan secara keseluruhan "
                         "belum memenuhi harapan responden.",
                   f" As the conformity level is below {format_percent(100, 0, lang)}, performance as a whole does not yet meet "
                   "respondents' expectations.")
    else:
        text += _t(lang, f" Karena tingkat kesesuaian di atas {format_percent(100, 0, lang)}, kinerja pelayanan secara keseluruhan "
                         "melampaui harapan responden.",
                   f" As the conformity level is above {format_percent(100, 0, lang)}, performance as a whole exceeds respondents' "
                   "expectations.")
    return text


def ipa_diagram_paragraph(figure: str, ipa: dict, lang: str) -> str:
    x, y = format_number(ipa["x_mean"], 2, lang), format_number(ipa["y_mean"], 2, lang)
    return _t(lang, f"Rata-rata kepentingan dan kinerja setiap pernyataan dipetakan pada diagram kartesius "
                    f"({figure}) dengan sumbu X untuk kinerja dan sumbu Y untuk kepentingan. Garis potong kedua sumbu "
                    f"adalah rata-rata dari rata-rata seluruh pernyataan, yaitu X̿ = {x} dan Y̿ = {y}; pernyataan "
                    "yang tepat berada pada garis potong dimasukkan ke sisi yang lebih tinggi.",
              f"Each statement's importance and performance means are plotted on the Cartesian diagram "
              f"({figure}), performance on the X axis and importance on the Y axis. The axes are cut at the means "
              f"of all statements' means, X̿ = {x} and Y̿ = {y}; a statement exactly on a cut line counts on "
              "the higher side.")


def ipa_quadrant_note(lang: str) -> str:
    return _t(lang, "Kuadran I: kepentingan tinggi, kinerja rendah; II: kepentingan tinggi, kinerja tinggi; "
                    "III: kepentingan rendah, kinerja rendah; IV: kepentingan rendah, kinerja tinggi (tinggi = "
                    "sama dengan atau di atas garis potong).",
              "Quadrant I: high importance, low performance; II: high importance, high performance; III: low "
              "importance, low performance; IV: low importance, high performance (high = on or above the cut "
              "line).")


def ipa_quadrant_paragraph(table: str, ipa: dict, lang: str) -> str:
    labels, quadrants = ipa["quadrant_labels"], ipa["quadrants"]
    first = quadrants["1"]
    if first:
        text = _t(lang, f"Berdasarkan {table}, {len(first)} pernyataan berada pada kuadran I ({labels['1']}), yaitu "
                        f"{join_list(first, lang)}. Pernyataan-pernyataan ini dianggap penting oleh responden, tetapi "
                        "kinerjanya masih di bawah rata-rata, sehingga perbaikannya perlu didahulukan.",
                  f"{table} puts {len(first)} statement(s) in quadrant I ({labels['1']}): {join_list(first, lang)}. "
                  "Respondents consider them important, but their performance is below the average, so they "
                  "come first for improvement.")
    else:
        text = _t(lang, f"Berdasarkan {table}, tidak ada pernyataan pada kuadran I ({labels['1']}).",
                  f"{table} puts no statement in quadrant I ({labels['1']}).")
    rest = [_t(lang, f"kuadran {roman} ({labels[key]}) {len(quadrants[key])} pernyataan",
               f"quadrant {roman} ({labels[key]}) {len(quadrants[key])}")
            for key, roman in (("2", "II"), ("3", "III"), ("4", "IV"))]
    text += _t(lang, f" Selebihnya, {join_list(rest, lang)}.", f" Of the rest, {join_list(rest, lang)}.")
    return text
