"""The evaluator's figures against hand-computed examples and SciPy's / statsmodels' routines."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from leergang.metrics.stats import (
    REASON_NO_COMPARISON_GROUP,
    REASON_NO_TREATED_GROUP,
    REASON_NO_VARIATION,
    REASON_ONE_CLASS_IN_GROUP,
    REASON_TOO_FEW_PUPILS,
    comparison,
    hedges_j,
    paired_gain,
    verdict,
)
from tests.metrics.examples import FEW_CLASS_ROWS

approx = pytest.approx

# ---------------------------------------------------------------- paired gain


def test_paired_gain_by_hand():
    # pre  1 2 2 3 2   mean 2, deviations -1 0 0 1 0 -> SS 2, var 0.5, sd 0.70711
    # post 2 3 3 3 4   mean 3, deviations -1 0 0 0 1 -> sd 0.70711
    # diff 1 1 1 0 2   mean 1, deviations  0 0 0 -1 1 -> sd 0.70711
    # se = 0.70711 / sqrt 5 = 0.316228; t(0.975, 4) = 2.776445; half width 0.877989
    # d_z = d_pre = 1 / 0.70711 = 1.414214
    # J(4) = Gamma(2) / (sqrt 2 * Gamma(1.5)) = 1 / (1.414214 * 0.886227) = 0.797885
    # g = 1.414214 * 0.797885 = 1.128379 (= 2 / sqrt(pi))
    # t = 1 / 0.316228 = 3.162278, two-sided p with 4 df = 0.034109
    gain = paired_gain([1, 2, 2, 3, 2], [2, 3, 3, 3, 4])
    assert gain.n == 5
    assert (gain.mean_pre, gain.mean_post, gain.mean_diff) == (2.0, 3.0, 1.0)
    assert gain.sd_pre == approx(0.707107, abs=1e-6)
    assert gain.sd_post == approx(0.707107, abs=1e-6)
    assert gain.sd_diff == approx(0.707107, abs=1e-6)
    assert gain.ci_low == approx(1 - 0.877989, abs=1e-6)
    assert gain.ci_high == approx(1 + 0.877989, abs=1e-6)
    assert gain.d_z == approx(1.414214, abs=1e-6)
    assert gain.d_pre == approx(1.414214, abs=1e-6)
    assert gain.hedges_g == approx(2 / math.sqrt(math.pi), abs=1e-12)
    assert gain.p_value == approx(0.034109, abs=1e-6)
    assert gain.reason is None


def test_paired_gain_matches_scipy_ttest_rel():
    from scipy import stats

    rng = random.Random(7)
    for n in (3, 12, 250):
        pre = [rng.randint(0, 6) for _ in range(n)]
        post = [min(6, p + rng.choice((-1, 0, 1, 1, 2))) for p in pre]
        gain = paired_gain(pre, post)
        reference = stats.ttest_rel(post, pre)
        low, high = reference.confidence_interval(0.95)
        assert gain.p_value == approx(reference.pvalue, rel=1e-9)
        assert (gain.ci_low, gain.ci_high) == (approx(low, rel=1e-9), approx(high, rel=1e-9))
        # d_z is t / sqrt(n)
        assert gain.d_z == approx(reference.statistic / math.sqrt(n), rel=1e-9)


def test_paired_gain_clustered_by_class_by_hand():
    # diff by class: X 1 1 1, Y 0 2, Z 3 1 2; N 8, mean 11/8 = 1.375
    # residual sums: X -1.125, Y -0.75, Z +1.875 -> squares 1.265625 + 0.5625 + 3.515625
    # V0 = 5.34375 / 64 = 0.083496; CR1 factor G/(G-1) * (N-1)/(N-1) = 1.5 -> se 0.353898
    # t(0.975, 2) = 4.302653 -> CI 1.375 -+ 1.522702 = -0.147702 .. 2.897702
    # (the unclustered t interval, 0.609 .. 2.141, is far narrower)
    gain = paired_gain([0] * 8, [1, 1, 1, 0, 2, 3, 1, 2], classes=list("XXXYYZZZ"))
    assert gain.n_classes == 3
    assert gain.clustered_ci_low == approx(-0.147702, abs=1e-6)
    assert gain.clustered_ci_high == approx(2.897702, abs=1e-6)
    assert gain.ci_low == approx(0.609100, abs=1e-6)


def test_paired_gain_clustered_matches_statsmodels():
    import numpy as np
    import statsmodels.api as sm

    rng = random.Random(5)
    classes = [f"c{rng.randint(1, 7)}" for _ in range(90)]
    pre = [rng.randint(0, 5) for _ in classes]
    post = [
        p + rng.choice((0, 1, 1, 2)) + int(c[1:]) % 2 for p, c in zip(pre, classes, strict=True)
    ]
    gain = paired_gain(pre, post, classes=classes)
    diff = np.array(post, dtype=float) - np.array(pre)
    groups = np.unique(classes, return_inverse=True)[1]
    reference = sm.OLS(diff, np.ones((len(diff), 1))).fit(
        cov_type="cluster", cov_kwds={"groups": groups}, use_t=True
    )
    low, high = reference.conf_int(alpha=0.05)[0]
    assert gain.clustered_ci_low == approx(low, rel=1e-9)
    assert gain.clustered_ci_high == approx(high, rel=1e-9)
    assert gain.n_classes == len(set(classes))


def test_one_class_gives_no_clustered_interval():
    gain = paired_gain([0, 1, 2], [1, 1, 3], classes=["A", "A", "A"])
    assert gain.n_classes == 1 and gain.ci_low is not None
    assert gain.clustered_ci_low is None and gain.clustered_ci_high is None


def test_hedges_correction_is_the_gamma_formula_and_near_the_usual_approximation():
    # J(2) = Gamma(1) / (1 * Gamma(0.5)) = 1 / sqrt(pi) = 0.564190
    assert hedges_j(2) == approx(1 / math.sqrt(math.pi), abs=1e-12)
    for m in (5, 20, 100):
        assert hedges_j(m) == approx(1 - 3 / (4 * m - 1), abs=2e-3)
    with pytest.raises(ValueError):
        hedges_j(1)


@pytest.mark.parametrize(
    ("pre", "post", "reason"),
    [([], [], REASON_TOO_FEW_PUPILS), ([2], [3], REASON_TOO_FEW_PUPILS)],
)
def test_too_few_pupils_gives_none_not_nan(pre, post, reason):
    gain = paired_gain(pre, post)
    assert gain.reason == reason
    assert gain.ci_low is gain.ci_high is gain.p_value is gain.d_z is gain.hedges_g is None
    if pre:
        assert (gain.mean_pre, gain.mean_post, gain.mean_diff) == (2.0, 3.0, 1.0)


def test_everyone_gaining_the_same_gives_no_interval_but_keeps_d_pre():
    # diff 1 1 1: sd_diff 0, so no t interval and no d_z; pre 1 2 3 has sd 1 -> d_pre 1
    # J(2) = 1 / sqrt(pi) -> g = 0.564190
    gain = paired_gain([1, 2, 3], [2, 3, 4])
    assert gain.reason == REASON_NO_VARIATION
    assert gain.mean_diff == 1.0 and gain.sd_diff == 0.0
    assert gain.ci_low is None and gain.d_z is None and gain.p_value is None
    assert gain.d_pre == 1.0
    assert gain.hedges_g == approx(0.564190, abs=1e-6)


def test_rounding_noise_is_no_variation():
    # 0.4 - 0.1 = 0.30000000000000004 but 0.5 - 0.2 = 0.3: an SD of ~2e-17, not a real spread.
    gain = paired_gain([0.1, 0.2, 0.3], [0.4, 0.5, 0.6])
    assert gain.reason == REASON_NO_VARIATION and gain.ci_low is None and gain.d_z is None


def test_no_spread_before_gives_no_pre_based_effect_size():
    gain = paired_gain([2, 2, 2], [2, 3, 4])
    assert gain.d_pre is None and gain.hedges_g is None
    assert gain.d_z == approx(1.0)  # diff 0 1 2: mean 1, sd 1


def test_paired_gain_refuses_unpaired_or_broken_scores():
    with pytest.raises(ValueError):
        paired_gain([1, 2], [1])
    with pytest.raises(ValueError):
        paired_gain([1, float("nan")], [1, 2])
    with pytest.raises(ValueError):
        paired_gain([1, 2], [1, 2], classes=["A"])


# ---------------------------------------------------------------- comparison


def test_comparison_with_two_against_three_classes_by_hand():
    result = comparison(FEW_CLASS_ROWS)
    assert result.estimate == 1.5
    assert (result.mean_gain_treated, result.mean_gain_comparison) == (3.0, 1.5)
    assert (result.pupils_treated, result.pupils_comparison) == (6, 6)
    assert (result.classes_treated, result.classes_comparison) == (2, 3)
    assert result.se == approx(0.996522, abs=1e-6)
    assert result.df == 4
    assert result.ci_low == approx(-1.266788, abs=1e-6)
    assert result.ci_high == approx(4.266788, abs=1e-6)
    assert result.p_value == approx(0.206717, abs=1e-6)
    assert result.few_classes is True
    assert result.reason is None


def _statsmodels_reference(rows):
    import pandas as pd
    import statsmodels.formula.api as smf

    frame = pd.DataFrame(rows, columns=["cls", "treated", "gain"])
    frame["treated"] = frame["treated"].astype(int)
    return smf.ols("gain ~ treated", data=frame).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(frame["cls"])[0]}, use_t=True
    )


def _random_rows(rng, n_treated, n_comparison):
    rows = []
    for c in range(n_treated + n_comparison):
        treated = c < n_treated
        class_effect = rng.gauss(0, 0.5)
        for _ in range(rng.randint(8, 28)):
            rows.append((f"class-{c}", treated, 0.3 * treated + class_effect + rng.gauss(0.8, 1)))
    return rows


@pytest.mark.parametrize("sizes", [(2, 3), (6, 5), (40, 45)])
def test_comparison_matches_statsmodels_reference_call(sizes):
    rows = FEW_CLASS_ROWS if sizes == (2, 3) else _random_rows(random.Random(sum(sizes)), *sizes)
    result = comparison(rows)
    reference = _statsmodels_reference(rows)
    low, high = reference.conf_int(alpha=0.05).loc["treated"]
    assert result.estimate == approx(reference.params["treated"], rel=1e-9)
    assert result.se == approx(reference.bse["treated"], rel=1e-9)
    assert (result.ci_low, result.ci_high) == (approx(low, rel=1e-9), approx(high, rel=1e-9))
    assert result.p_value == approx(reference.pvalues["treated"], rel=1e-9)
    assert result.df == sum(sizes) - 1
    assert result.few_classes is (min(sizes) < 10)


def test_clustering_widens_the_interval_when_classes_differ():
    rows = _random_rows(random.Random(3), 6, 6)
    clustered = comparison(rows)
    naive = comparison([(i, t, g) for i, (_c, t, g) in enumerate(rows)])  # each pupil a class
    assert clustered.se > naive.se


def test_one_class_in_a_group_gives_the_estimate_without_interval():
    rows = [("A", True, 2), ("A", True, 4), ("C", False, 1), ("D", False, 2)]
    result = comparison(rows)
    assert result.estimate == 3.0 - 1.5
    assert result.ci_low is result.ci_high is result.se is result.p_value is None
    assert result.reason == REASON_ONE_CLASS_IN_GROUP
    assert (result.classes_treated, result.classes_comparison) == (1, 2)


@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        ([("C", False, 1.0), ("D", False, 2.0)], REASON_NO_TREATED_GROUP),
        ([("A", True, 1.0), ("B", True, 2.0)], REASON_NO_COMPARISON_GROUP),
        ([], REASON_NO_TREATED_GROUP),
    ],
)
def test_a_missing_group_gives_no_estimate(rows, reason):
    result = comparison(rows)
    assert result.estimate is None and result.ci_low is None
    assert result.reason == reason


def test_identical_gains_give_no_interval():
    rows = [("A", True, 2), ("B", True, 2), ("C", False, 1), ("D", False, 1)]
    result = comparison(rows)
    assert result.estimate == 1.0
    assert result.ci_low is None and result.reason == REASON_NO_VARIATION


def test_a_class_cannot_be_both_treated_and_comparison():
    with pytest.raises(ValueError, match="both"):
        comparison([("A", True, 1), ("A", False, 2)])


# ---------------------------------------------------------------- verdict


@pytest.mark.parametrize(
    ("estimate", "low", "high", "threshold", "higher", "outcome", "basis"),
    [
        (0.40, 0.30, 0.50, 0.25, True, "met", "interval"),
        (0.40, 0.25, 0.55, 0.25, True, "met", "interval"),  # bound on the threshold meets "≥"
        (0.30, 0.10, 0.50, 0.25, True, "undecided", "interval"),
        (0.10, 0.00, 0.20, 0.25, True, "not_met", "interval"),
        (0.10, 0.05, 0.15, 0.20, False, "met", "interval"),  # share in debt ≤ 20 %
        (0.25, 0.15, 0.35, 0.20, False, "undecided", "interval"),
        (0.30, 0.25, 0.35, 0.20, False, "not_met", "interval"),
        (900, None, None, 800, True, "met", "estimate"),  # reach ≥ 800 pupils: a count
        (700, None, None, 800, True, "not_met", "estimate"),
        (None, None, None, 800, True, "undecided", "no_data"),
    ],
)
def test_verdict(estimate, low, high, threshold, higher, outcome, basis):
    result = verdict(estimate, low, high, threshold, higher_is_better=higher)
    assert (result.outcome, result.basis) == (outcome, basis)


def test_verdict_refuses_half_or_reversed_intervals():
    with pytest.raises(ValueError):
        verdict(1.0, 0.5, None, 1.0)
    with pytest.raises(ValueError):
        verdict(1.0, 2.0, 0.5, 1.0)


# ---------------------------------------------------------------- never NaN

scores = st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=25)


def _all_finite_or_none(result):
    for name, value in vars(result).items():
        if isinstance(value, float):
            assert math.isfinite(value), (name, value)


@settings(max_examples=150, deadline=None)
@given(pairs=scores, n_classes=st.integers(1, 4))
def test_paired_gain_never_returns_nan(pairs, n_classes):
    classes = [i % n_classes for i in range(len(pairs))]
    result = paired_gain([a for a, _ in pairs], [b for _, b in pairs], classes=classes)
    _all_finite_or_none(result)
    assert result.n == len(pairs)


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(0, 5), st.integers(-3, 3)), max_size=30))
# Found by Hypothesis: the comparison group's gains are all equal, so the intercept's variance
# rounds to a tiny negative number, and its square root warned (an error under pytest).
@example(rows=[(0, 0), (3, 1), (0, 0), (0, 0), (0, 1), (1, 1), (4, 1)])
def test_comparison_never_returns_nan(rows):
    # Classes 0-2 are treated, 3-5 comparison.
    result = comparison([(c, c < 3, float(g)) for c, g in rows])
    _all_finite_or_none(result)
    if result.ci_low is not None:
        assert result.ci_low <= result.estimate <= result.ci_high
