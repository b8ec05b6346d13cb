"""Two figures of the evaluator's report against hand-computed examples and the libraries' own
routines: the paired self-efficacy difference and the Wilson interval behind the completion
Go/No-Go criterion."""

from __future__ import annotations

import random

import pytest

from leergang.metrics.stats import (
    REASON_NO_VARIATION,
    REASON_TOO_FEW_PUPILS,
    mean_difference,
    verdict,
    wilson_interval,
)

approx = pytest.approx


def _sums(before, after):
    diffs = [b - a for a, b in zip(before, after, strict=True)]
    return len(diffs), sum(diffs), sum(d * d for d in diffs)


# ---------------------------------------------------------------- self-efficacy before/after


def test_mean_difference_by_hand():
    # before 2 3 3 4 2, after 3 3 5 5 3: d = 1 0 2 1 1, n 5, Σd 5, Σd² 7
    # mean 1; variance (7 − 25/5) / 4 = 0.5; sd 0.707107; se = 0.707107 / √5 = 0.316228
    # t(0.975, 4) = 2.776445; half width 0.877989 -> interval 0.122011 to 1.877989
    change = mean_difference(*_sums([2, 3, 3, 4, 2], [3, 3, 5, 5, 3]))
    assert change.n == 5
    assert change.mean == approx(1.0)
    assert change.sd == approx(0.707107, abs=1e-6)
    assert change.ci_low == approx(0.122011, abs=1e-6)
    assert change.ci_high == approx(1.877989, abs=1e-6)
    assert change.reason is None


def test_mean_difference_matches_scipy_ttest_rel():
    from scipy import stats

    rng = random.Random(10)
    for n in (2, 3, 12, 200):
        # Mean ratings of one to four statements on the 1–5 scale, as the summaries hold them.
        before = [rng.randint(4, 20) / 4 for _ in range(n)]
        after = [min(5.0, b + rng.choice((-0.5, 0, 0.25, 0.5, 1.0))) for b in before]
        if len({b - a for a, b in zip(before, after, strict=True)}) < 2:
            continue
        ours = mean_difference(*_sums(before, after))
        reference = stats.ttest_rel(after, before).confidence_interval(0.95)
        assert ours.ci_low == approx(reference.low, rel=1e-9, abs=1e-9)
        assert ours.ci_high == approx(reference.high, rel=1e-9, abs=1e-9)


def test_mean_difference_without_an_interval():
    assert mean_difference(0, 0.0, 0.0).reason == REASON_TOO_FEW_PUPILS
    one = mean_difference(1, 2.0, 4.0)
    assert one.mean == 2.0 and one.ci_low is None and one.reason == REASON_TOO_FEW_PUPILS
    # Everyone 0.1 surer: rounding in Σd² − (Σd)²/n must not become a spurious interval.
    same = mean_difference(*_sums([3.0] * 30, [3.1] * 30))
    assert same.mean == approx(0.1) and same.ci_low is None and same.reason == REASON_NO_VARIATION


# ---------------------------------------------------------------- completion: Wilson interval


def test_wilson_interval_by_hand():
    # 11 of 12 finished: p̂ = 0.916667, z = 1.959964, z² = 3.841459
    # denominator 1 + z²/n = 1.320122; centre (p̂ + z²/2n) / denominator
    #   = (0.916667 + 0.160061) / 1.320122 = 0.815627
    # half width z·√(p̂(1 − p̂)/n + z²/4n²) / denominator
    #   = 1.959964 · √(0.00636574 + 0.00666907) / 1.320122 = 0.169507
    # -> 0.646120 to 0.985135 (the Wald interval would reach 1.073: above 100 %)
    low, high = wilson_interval(11, 12)
    assert low == approx(0.646120, abs=1e-6)
    assert high == approx(0.985135, abs=1e-6)
    # Nobody finished: the interval starts at 0 and still has width (Wald's would be 0 to 0).
    # 0 of 10: (z²/2n ± z·√(z²/4n²)) / (1 + z²/n) = 0 to (z²/n) / (1 + z²/n) = 0.277533
    assert wilson_interval(0, 10) == approx((0.0, 0.277533), abs=1e-6)


def test_wilson_interval_matches_statsmodels():
    from statsmodels.stats.proportion import proportion_confint

    for successes, n in ((11, 12), (45, 50), (0, 10), (10, 10), (1, 1), (517, 1000)):
        reference = proportion_confint(successes, n, alpha=0.05, method="wilson")
        assert wilson_interval(successes, n) == approx(reference, abs=1e-12)


def test_wilson_interval_refuses_impossible_counts():
    for successes, n in ((1, 0), (-1, 5), (6, 5)):
        with pytest.raises(ValueError):
            wilson_interval(successes, n)


@pytest.mark.parametrize(
    ("threshold", "outcome"),
    [
        (0.60, "met"),  # the whole interval 0.646–0.985 lies above 60 %
        (0.99, "not_met"),  # the whole interval lies below 99 %
        (0.80, "undecided"),  # 80 % lies inside the interval; the figure itself (92 %) is above
        (0.65, "undecided"),  # just above the lower bound 0.646
    ],
)
def test_completion_criterion_against_the_wilson_interval(threshold, outcome):
    low, high = wilson_interval(11, 12)
    result = verdict(11 / 12, low, high, threshold)
    assert (result.outcome, result.basis) == (outcome, "interval")
