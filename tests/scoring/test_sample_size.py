"""Slovin and Krejcie-Morgan sample sizes."""
from __future__ import annotations

import pytest

from survey.scoring import sample_size


@pytest.mark.parametrize("population, e, expected", [
    (1000, 0.05, 286), (100, 0.05, 80), (400, 0.05, 200), (500, 0.1, 84), (1, 0.05, 1)])
def test_slovin_rounds_up(population, e, expected):
    assert sample_size.slovin(population, e) == expected


@pytest.mark.parametrize("population, expected", [
    (10, 10), (100, 80), (500, 217), (1000, 278), (10_000, 370), (1_000_000, 384)])
def test_krejcie_morgan_matches_the_table(population, expected):
    assert sample_size.krejcie_morgan(population) == expected


def test_krejcie_morgan_never_exceeds_384():
    assert max(sample_size.krejcie_morgan(n) for n in (10**k for k in range(1, 10))) == 384


def test_both_sizes_and_bad_input():
    assert sample_size.sample_sizes(1000) == {"population": 1000, "margin": 0.05, "slovin": 286,
                                              "krejcie_morgan": 278}
    for bad in (0, -5, 2.5):
        with pytest.raises(ValueError):
            sample_size.slovin(bad)
    with pytest.raises(ValueError):
        sample_size.slovin(100, 0)
