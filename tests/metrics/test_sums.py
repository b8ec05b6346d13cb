"""The knowledge-gain figures from per-class sums equal those from one row per pupil (which are
themselves checked by hand and against SciPy / statsmodels in test_stats.py)."""

from __future__ import annotations

import dataclasses
import warnings
from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leergang.metrics.stats import (
    REASON_NO_COMPARISON_GROUP,
    REASON_NO_VARIATION,
    REASON_ONE_CLASS_IN_GROUP,
    REASON_TOO_FEW_PUPILS,
    comparison,
    paired_gain,
)
from leergang.metrics.sums import ClassSums, comparison_from_sums, merge, paired_gain_from_sums
from tests.metrics.examples import FEW_CLASS_ROWS


def _sums(pupils: list[tuple[str, float, float]]) -> list[ClassSums]:
    """Per-class sums of (class, pre, post) rows, as the database's GROUP BY gives them."""
    rows = [ClassSums(c, 1, a, b, a * a, b * b, a * b) for c, a, b in pupils]
    return merge(rows)


def _same(ours, reference, tol=1e-9):
    for name, value in dataclasses.asdict(reference).items():
        mine = getattr(ours, name)
        if isinstance(value, float):
            assert mine == pytest.approx(value, rel=tol, abs=tol), name
        else:
            assert mine == value, name


pupil = st.tuples(st.sampled_from("ABCDEFG"), st.integers(0, 4), st.integers(0, 4))


@settings(max_examples=150, deadline=None)
@given(st.lists(pupil, min_size=0, max_size=60))
def test_paired_gain_from_sums_equals_the_per_pupil_figures(pupils):
    ours = paired_gain_from_sums(_sums(pupils))
    reference = paired_gain(
        [p[1] for p in pupils], [p[2] for p in pupils], classes=[p[0] for p in pupils]
    )
    _same(ours, reference)


def test_paired_gain_from_sums_on_shares_pooled_over_modules():
    # Shares of 3 and 4 questions, one class over two modules: the sums scale and pool.
    first = [("A", 1, 2), ("A", 0, 3), ("B", 2, 2), ("B", 1, 3), ("C", 0, 1)]
    second = [("A", 2, 4), ("B", 1, 3), ("C", 3, 4), ("C", 0, 2)]
    pooled = merge(
        [s.scaled(1 / 3, 1 / 3) for s in _sums(first)]
        + [s.scaled(1 / 4, 1 / 4) for s in _sums(second)]
    )
    rows = [(c, a / 3, b / 3) for c, a, b in first] + [(c, a / 4, b / 4) for c, a, b in second]
    pre, post, classes = ([r[i] for r in rows] for i in (1, 2, 0))
    reference = paired_gain(pre, post, classes=classes)
    _same(paired_gain_from_sums(pooled), reference)
    assert reference.clustered_ci_low is not None


def test_paired_gain_from_sums_without_an_interval():
    assert paired_gain_from_sums([]).reason == REASON_TOO_FEW_PUPILS
    same = paired_gain_from_sums(_sums([("A", 0.1, 0.3)] * 7 + [("B", 0.2, 0.4)] * 5))
    assert same.mean_diff == pytest.approx(0.2)
    assert same.reason == REASON_NO_VARIATION and same.clustered_ci_low is None


def test_comparison_from_sums_by_hand():
    """The five-class example of test_stats (hand-computed in tests/metrics/examples.py)."""
    classes = defaultdict(lambda: [None, 0, 0.0])
    for key, treated, gain in FEW_CLASS_ROWS:
        classes[key][0] = treated
        classes[key][1] += 1
        classes[key][2] += gain
    result = comparison_from_sums((key, t, n, g) for key, (t, n, g) in classes.items())
    assert result.estimate == pytest.approx(1.5)
    assert result.se == pytest.approx(0.996522, abs=1e-6)
    assert (result.ci_low, result.ci_high) == pytest.approx((-1.266788, 4.266788), abs=1e-6)
    assert result.p_value == pytest.approx(0.206717, abs=1e-6)
    assert result.df == 4 and result.few_classes
    _same(result, comparison(FEW_CLASS_ROWS))


gain_row = st.tuples(st.sampled_from("ABCDEF"), st.integers(-3, 3))


@settings(max_examples=150, deadline=None)
@given(st.lists(gain_row, min_size=0, max_size=50))
def test_comparison_from_sums_equals_the_per_pupil_figures(rows):
    # Classes A–C are lesson classes, D–F comparison classes.
    pupils = [(c, c in "ABC", float(g)) for c, g in rows]
    with warnings.catch_warnings():
        # Without variation in one group, the intercept's variance can come out as -1e-18:
        # statsmodels warns on its square root; the difference's own SE is unaffected.
        warnings.simplefilter("ignore", RuntimeWarning)
        reference = comparison(pupils)
    # One sums row per pupil is the finest split the database could give; it must add up.
    ours = comparison_from_sums((c, t, 1, g) for c, t, g in pupils)
    _same(ours, reference, tol=1e-7)


def test_comparison_from_sums_reasons_and_a_mixed_class():
    assert comparison_from_sums([("A", True, 5, 2.0)]).reason == REASON_NO_COMPARISON_GROUP
    one = comparison_from_sums([("A", True, 5, 5.0), ("B", True, 5, 2.0), ("C", False, 5, 1.0)])
    assert one.reason == REASON_ONE_CLASS_IN_GROUP and one.estimate == pytest.approx(0.5)
    with pytest.raises(ValueError):
        comparison_from_sums([("A", True, 5, 5.0), ("A", False, 5, 2.0)])
    assert merge([]) == []
