"""The SKM index (IKM, Indeks Kepuasan Masyarakat), Permen PANRB 14/2017 or KepMenPAN 25/2004.

Glossary: each dimension is an *unsur*; its NRR (nilai rata-rata) is the mean of its answered
values on the 1-4 scale. Weight = 1/k exactly (k unsur), IKM (1-4) = sum of NRR x 1/k,
converted IKM = IKM x 25 rounded half-up to 2 decimals, then graded A-D by the regulation's
table. All arithmetic is exact (fractions): a weight of 0.111 would shift the index.
"""
from __future__ import annotations

from fractions import Fraction

from ..instruments.categories import IKM_TABLES, scheme_for
from .plain import fraction_text, number, round_exact

REGULATIONS = {"ikm_2017": "Permen PANRB 14/2017", "ikm_2004": "KepMenPAN 25/2004"}
CONVERSION = Fraction(25)


def grade(value: float | None, method: str, language: str = "id") -> tuple[str | None, str | None, int | None]:
    """(grade A-D, label, band index) of a converted IKM value (25-100) in the method's table."""
    scheme = scheme_for(method, 4, language)
    index = scheme.index(value)
    if index is None:
        return None, None, None
    return scheme.grades[index], scheme.labels[index], index


def ikm_document(method: str, unsur: list[tuple[str, str, int, int]], language: str = "id") -> dict:
    """The `ikm` block from (code, name, total of scored answers, number of answers) per unsur."""
    if method not in IKM_TABLES:
        raise ValueError(f"{method} is not an IKM method ({', '.join(IKM_TABLES)})")
    k = len(unsur)
    weight = Fraction(1, k) if k else None
    rows, index_1_4, complete = [], Fraction(0), k > 0
    for code, name, total, n in unsur:
        nrr = Fraction(int(total), int(n)) if n else None
        weighted = nrr * weight if nrr is not None else None
        converted = round_exact(nrr * CONVERSION, 2) if nrr is not None else None
        unsur_grade, label, band = grade(converted, method, language)
        rows.append({"code": code, "name": name, "n_answers": int(n), "nrr": number(nrr),
                     "nrr_weighted": number(weighted), "nrr_converted": converted,
                     "grade": unsur_grade, "label": label, "category_index": band})
        if nrr is None:
            complete = False
        else:
            index_1_4 += weighted
    value = round_exact(index_1_4 * CONVERSION, 2) if complete else None
    overall_grade, label, band = grade(value, method, language)
    return {
        "method": method,
        "regulation": REGULATIONS[method],
        "k": k,
        "weight": number(weight),
        "weight_text": fraction_text(weight) if weight else None,
        "value_1_4": number(index_1_4) if complete else None,
        "value": value,
        "grade": overall_grade,
        "label": label,
        "category_index": band,
        "unsur": rows,
    }
