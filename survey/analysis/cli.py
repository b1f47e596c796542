"""`flask --app wsgi study scores SLUG [--json]` and `study sample-size N`."""
from __future__ import annotations

import json

import click

from ..extensions import db
from ..narrative.numbers import format_number, format_percent
from ..scoring import sample_size
from ..studies.cli import find_study_or_fail, study_cli
from .service import study_results


@study_cli.command("scores")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print the scores document (docs/scores.md).")
def scores_command(slug: str, as_json: bool) -> None:
    """Perception scores, validity and reliability of a study."""
    study = find_study_or_fail(slug)
    try:
        scores, _ = study_results(db.session, study)
    except ValueError as exc:  # e.g. an IKM method on a scale that is not 1-4
        raise click.ClickException(str(exc))
    if as_json:
        click.echo(json.dumps(scores, ensure_ascii=False, allow_nan=False))
        return
    lang = study.language
    num = lambda v, d=2: format_number(v, d, lang)  # noqa: E731
    click.echo(f"{study.title} — {study.institution}")
    click.echo(f"method {scores['method']}, {scores['n_responses']} responses, "
               f"validity rule: {scores['validity_rule']['description']}")
    overall = scores["overall"]
    click.echo(f"overall: mean {num(overall['mean'])}, {format_percent(overall['percent_ideal'], 1, lang)} "
               f"of ideal, {overall['category'] or '-'}, alpha {num(overall['alpha'], 3)}")
    if scores.get("ikm"):
        ikm = scores["ikm"]
        click.echo(f"IKM {num(ikm['value'])} (NI {num(ikm['value_1_4'], 4)}), grade {ikm['grade']} — {ikm['label']}")
    click.echo("")
    click.echo(f"{'code':<14}{'n':>7}{'mean':>7}{'% ideal':>9}  {'category':<20}{'alpha':>7}{'r':>7}{'valid':>7}")
    for dimension in scores["dimensions"]:
        click.echo(f"{dimension['code']:<14}{dimension['n']:>7}{num(dimension['mean']):>7}"
                   f"{format_percent(dimension['percent_ideal'], 1, lang):>9}  "
                   f"{(dimension['category'] or '-'):<20}{num(dimension['alpha'], 3):>7}")
        for indicator in dimension["indicators"]:
            click.echo(f"  {indicator['code']:<12}{'':>7}{num(indicator['mean']):>7}"
                       f"{format_percent(indicator['percent_ideal'], 1, lang):>9}  {(indicator['category'] or '-'):<20}")
            for item in indicator["items"]:
                valid = {True: "yes", False: "NO", None: "-"}[item["valid"]]
                click.echo(f"    {item['code'] + ('*' if item['reverse'] else ''):<10}{item['n']:>7}"
                           f"{num(item['mean']):>7}{format_percent(item['percent_ideal'], 1, lang):>9}  "
                           f"{(item['category'] or '-'):<20}{'':>7}{num(item['r_item_total'], 3):>7}{valid:>7}")
    click.echo("\n* reverse-keyed (scored min + max - value)")


@study_cli.command("sample-size")
@click.argument("population", type=click.IntRange(min=1))
@click.option("--error", "margin", default=0.05, show_default=True, help="Slovin's margin of error e.")
def sample_size_command(population: int, margin: float) -> None:
    """Sample size for a population N: Slovin and Krejcie-Morgan."""
    click.echo(f"Slovin (e = {margin}): {sample_size.slovin(population, margin)}")
    click.echo(f"Krejcie-Morgan: {sample_size.krejcie_morgan(population)}")
