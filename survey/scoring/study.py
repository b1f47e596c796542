"""score_study: the whole scores document of a study (docs/scores.md) from plain inputs, through
the study's sufficient statistics (statistics.py): score_study(...) is
score_from_statistics(statistics_of(...)), so a folded tally gives the same document."""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd

from ..instruments import Instrument
from ..instruments.categories import IKM_TABLES
from .aggregate import summary
from .demographics import MIN_GROUP, demographics_document
from .ikm import ikm_document
from .ipa import ipa_from_totals
from .items import pooled
from .plain import number
from .reliability import alpha_if_deleted, covariance_from_sums, cronbach_alpha, listwise_covariance
from .scales import categories_document, classifier_for
from .statistics import Statistics, block_columns, statistics_of
from .validity import is_valid, item_total_from_sums, r_table
from .wording import decimal, say

FORMAT = "survey-scores/1"


def score_study(instrument: Instrument, answers: pd.DataFrame, demographics: pd.DataFrame | None = None,
                *, slug: str | None = None, importance: pd.DataFrame | None = None) -> dict:
    """Scores, categories, IKM, validity, reliability and respondent profile as plain data.

    `answers`: one row per response, a column per item code, raw answers (NaN = missing); for a
    paired study these are the performance side, and `importance` (same shape) the other side.
    `demographics`: same index, a column per demographic code. Raises ValueError for an IKM
    method on a scale other than 1-4 or an answer that is not a point of the scale.

    The document is computed from the responses' sufficient statistics (statistics.py), exactly
    as `score_from_statistics` does for a stored tally folded with newer responses.
    """
    classifier_for(instrument)  # an IKM method on another scale is refused before the answers
    return score_from_statistics(instrument, statistics_of(instrument, answers, demographics, importance),
                                 slug=slug)


def score_from_statistics(instrument: Instrument, statistics: Statistics, *, slug: str | None = None) -> dict:
    """The scores document (docs/scores.md) of the responses a tally sums up (statistics.py)."""
    classifier = classifier_for(instrument)
    language, analysis = instrument.language, instrument.analysis
    low, high = instrument.scale.min, instrument.scale.max
    counts, n_responses = statistics.counts, statistics.n_responses
    covariance = covariance_from_sums(statistics.both, statistics.sums, statistics.cross)
    answered_per_item = np.diag(statistics.both)

    column = {item.code: i for i, item in enumerate(instrument.items)}
    blocks = block_columns(instrument)
    dimension_columns = blocks[:-1]
    indicator_columns = [[column[item.code] for item in ind.items] for ind in instrument.indicators]

    def pool(cols: list[int]) -> dict:
        return summary(pooled(counts, cols), low, high, classifier)

    def alpha_covariance(b: int) -> tuple[np.ndarray, int]:
        """The covariance matrix Cronbach's alpha uses for block b, and how many respondents it
        rests on. listwise (SPSS Reliability Analysis): only respondents who answered every item
        of the block; pairwise (pingouin, psych::alpha): each covariance over those who answered
        both items (its n is then that of the least-answered item)."""
        cols = blocks[b]
        if analysis.alpha_rule == "pairwise":
            return (covariance[np.ix_(cols, cols)],
                    int(answered_per_item[cols].min()) if n_responses else 0)
        n = int(statistics.complete_n[b])
        return listwise_covariance(n, statistics.complete_sums[b], statistics.complete_cross[b]), n

    dimensions, single_item, constant = [], [], []
    indicator_number = 0
    for d, dim in enumerate(instrument.dimensions):
        cols = dimension_columns[d]
        n_complete = int(statistics.complete_n[d])
        critical = r_table(n_complete)
        r_total, r_rest = item_total_from_sums(n_complete, statistics.complete_sums[d], statistics.complete_cross[d])
        block, alpha_n = alpha_covariance(d)
        alpha, reason = cronbach_alpha(block)
        if_deleted = alpha_if_deleted(block) if len(cols) > 2 else [None] * len(cols)
        if len(cols) == 1:
            single_item.append(dim.code)
        position = {c: i for i, c in enumerate(cols)}
        indicators = []
        for ind in dim.indicators:
            items = []
            for item in ind.items:
                i = position[column[item.code]]
                stats = pool([column[item.code]])
                n = stats.pop("n_answers")
                if n > 1 and stats["sd"] == 0:
                    constant.append(item.code)
                r_i, r_c = number(r_total[i]), number(r_rest[i])
                ticked = _ticked(stats["counts"], item.reverse)
                items.append({
                    "code": item.code, "text": item.text, "reverse": item.reverse,
                    "labels": list(item.labels), "n": n, "n_missing": n_responses - n, **stats,
                    "answer_counts": ticked,
                    "answer_percents": [number(100 * c / n) if n else None for c in ticked],
                    "r_item_total": r_i, "r_corrected": r_c, "r_table": critical,
                    "valid": is_valid(analysis.validity_rule, r_i, r_c, critical, analysis.r_minimum),
                    "alpha_if_deleted": number(if_deleted[i]),
                })
            indicators.append({"code": ind.code, "name": ind.name,
                               "n": int(statistics.reached_indicator[indicator_number]),
                               **pool(indicator_columns[indicator_number]), "items": items})
            indicator_number += 1
        dimensions.append({
            "code": dim.code, "name": dim.name, "n": int(statistics.reached_dimension[d]), "n_complete": n_complete,
            "n_items": len(cols), **pool(cols),
            "alpha": alpha, "alpha_note": say(reason, language) if reason else None,
            "alpha_n": alpha_n,
            "reliable": None if alpha is None else alpha >= analysis.alpha_threshold,
            "r_table": critical, "indicators": indicators,
        })

    block, alpha_n = alpha_covariance(len(blocks) - 1)
    alpha, reason = cronbach_alpha(block)
    overall = {"n": statistics.reached_any, **pool(blocks[-1]), "alpha": alpha,
               "alpha_note": say(reason, language) if reason else None, "alpha_n": alpha_n,
               "reliable": None if alpha is None else alpha >= analysis.alpha_threshold}
    overall["pooled_mean"], overall["pooled_percent_ideal"] = overall["mean"], overall["percent_ideal"]
    if analysis.overall == "dimension_means":
        _mean_of_dimension_means(overall, dimensions, low, high, classifier)

    ikm = None
    if instrument.method in IKM_TABLES:
        unsur = [(dim["code"], dim["name"], _total(dim["counts"], low), dim["n_answers"]) for dim in dimensions]
        ikm = ikm_document(instrument.method, unsur, language)
        overall["category"], overall["category_index"] = ikm["label"], ikm["category_index"]

    demographic_block = demographics_document(instrument.demographics, statistics.demographics, n_responses,
                                              [dim.code for dim in instrument.dimensions])

    return {
        "format": FORMAT,
        "study": slug,
        "method": instrument.method,
        "language": language,
        "n_responses": n_responses,
        "scale": {"min": low, "max": high, "points": instrument.scale.points,
                  "labels": list(instrument.scale.labels)},
        "categories": categories_document(instrument, classifier),
        "validity_rule": _validity_rule(instrument),
        "alpha_threshold": float(analysis.alpha_threshold),
        "alpha_rule": {"rule": analysis.alpha_rule, "description": say(f"alpha_{analysis.alpha_rule}", language)},
        "overall_rule": {"rule": analysis.overall, "description": say(f"overall_{analysis.overall}", language)},
        "overall": overall,
        "dimensions": dimensions,
        "ikm": ikm,
        "demographics": demographic_block,
        "ipa": _ipa(instrument, statistics),
        "notes": _notes(instrument, n_responses, single_item, constant, ikm, demographic_block),
    }


def _mean_of_dimension_means(overall: dict, dimensions: list[dict], low: int, high: int, classifier) -> None:
    """overall.mean = the mean of the dimension means (each dimension weighs the same), exactly,
    with its % of the ideal score and category; the pooled figures stay in pooled_*."""
    means = [Fraction(_total(d["counts"], low), d["n_answers"]) for d in dimensions if d["n_answers"]]
    if not means:
        return
    mean = sum(means, Fraction(0)) / len(means)
    overall["mean"], overall["percent_ideal"] = number(mean), number(100 * mean / high)
    if classifier.basis != "ikm_converted":  # IKM methods keep the IKM's verdict (set below)
        overall["category"], overall["category_index"] = classifier.classify_mean(mean)


def _ipa(instrument: Instrument, statistics: Statistics) -> dict | None:
    """The importance-performance block of a paired study; None for a study asked once."""
    if instrument.pairing is None:
        return None
    names = {side: instrument.pairing.side(side).name for side in ("importance", "performance")}
    pairs, importance_totals, performance_totals = statistics.ipa
    return ipa_from_totals(instrument, pairs, importance_totals, performance_totals, names=names)


def _ticked(scored_counts: list[int], reverse: bool) -> list[int]:
    """What respondents ticked, in label order: a reverse item's scored counts flipped back."""
    return list(reversed(scored_counts)) if reverse else list(scored_counts)


def _total(counts: list[int], low: int) -> int:
    return sum((low + i) * c for i, c in enumerate(counts))


def _validity_rule(instrument: Instrument) -> dict:
    rule, language = instrument.analysis.validity_rule, instrument.language
    minimum = decimal(instrument.analysis.r_minimum, language)
    return {"rule": rule, "description": say(f"rule_{rule}", language, r_minimum=minimum),
            "alpha": 0.05, "r_minimum": float(instrument.analysis.r_minimum)}


def _notes(instrument: Instrument, n_responses: int, single_item: list[str], constant: list[str],
           ikm: dict | None, demographic_block: dict) -> list[str]:
    language, low, high = instrument.language, instrument.scale.min, instrument.scale.max
    notes = []
    if n_responses == 0:
        notes.append(say("note_no_responses", language))
    reverse = [item.code for item in instrument.items if item.reverse]
    if reverse:
        notes.append(say("note_reverse", language, count=len(reverse), codes=", ".join(reverse)))
    if instrument.method == "ideal_percent":
        notes.append(say("note_ideal_floor", language, low=low, high=high,
                         floor=decimal(100 * low / high, language)))
    if single_item:
        notes.append(say("note_single_item_dimensions", language, codes=", ".join(single_item)))
    if constant:
        notes.append(say("note_constant_items", language, codes=", ".join(constant)))
    if ikm and n_responses and ikm["value"] is None:
        empty = [row["code"] for row in ikm["unsur"] if row["nrr"] is None]
        notes.append(say("note_ikm_missing_unsur", language, codes=", ".join(empty)))
    if any(b["hidden_groups"] for b in demographic_block["breakdowns"]):
        notes.append(say("note_hidden_groups", language, minimum=MIN_GROUP))
    return notes
