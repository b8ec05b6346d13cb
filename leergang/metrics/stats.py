"""The evaluator's figures: pure functions over plain numbers, no Flask, no database.

Method (five lines the README can quote):
- Knowledge gain: post − pre of pupils with both tests; mean, 95% interval clustered by class.
- Effect sizes: d_z (mean / SD of the differences) and Hedges' g (mean / pre-test SD, corrected).
- Comparison classes: difference in mean gains, class-clustered (CR1) errors, t with G − 1 df.
- No comparison group: the gain is an upper bound, the test itself teaches (Cash Quiz: 6.2 → 6.8).
- Figures on fewer than k pupils (default 10, never below 5) are hidden, with complementary cells.

School programmes typically move knowledge by about +0.25 SD (Kaiser & Menkhoff), the scale of
Hedges' g here. In Nibud's Cash Quiz study the lesson group rose 6.0 → 7.1 and the control group
without lessons 6.2 → 6.8: over half of that gain came without the lessons, hence comparisons.

SciPy and statsmodels are imported inside the functions that need them: a pupil's request never
loads them. Results are frozen dataclasses of plain ints and floats; a figure that cannot be
computed is ``None`` with a ``reason`` (one of the ``REASON_*`` codes), never NaN.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

CONFIDENCE = 0.95

REASON_TOO_FEW_PUPILS = "too_few_pupils"
REASON_NO_VARIATION = "no_variation"
REASON_NO_TREATED_GROUP = "no_treated_group"
REASON_NO_COMPARISON_GROUP = "no_comparison_group"
REASON_ONE_CLASS_IN_GROUP = "one_class_in_group"

# Fewer classes than this in either group: the clustered interval is likely too narrow even with
# the CR1 correction and t(G - 1) (Cameron & Miller 2015, "A Practitioner's Guide to
# Cluster-Robust Inference", J. Human Resources 50(2), §VI). The report says so beside the figure.
FEW_CLASSES = 10


@dataclass(frozen=True)
class PairedGain:
    """Pre/post scores of the same pupils, and what the difference post − pre amounts to."""

    n: int
    mean_pre: float | None
    mean_post: float | None
    mean_diff: float | None
    sd_pre: float | None
    sd_post: float | None
    sd_diff: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    d_z: float | None
    d_pre: float | None
    hedges_g: float | None
    reason: str | None = None  # why the interval (and what depends on it) is missing
    # With ``classes`` given: the interval again, with errors clustered by class (CR1, t(G − 1)).
    n_classes: int | None = None
    clustered_ci_low: float | None = None
    clustered_ci_high: float | None = None


def paired_gain(
    pre: Sequence[float], post: Sequence[float], *, classes: Sequence[object] | None = None
) -> PairedGain:
    """The paired gain of pupils who took both tests (``pre[i]`` and ``post[i]`` are one pupil).

    - CI: ``mean_diff ± t(0.975, n − 1) · sd_diff / √n``; p: two-sided paired t-test
      (``scipy.stats.ttest_rel``).
    - ``d_z = mean_diff / sd_diff`` (Cohen 1988, §2.3.5): the standardised mean of the
      differences, what the t-test sees.
    - ``d_pre = mean_diff / sd_pre``: the gain in pre-test standard deviations, the scale of the
      literature's "+0.25 SD" (Becker 1988, "Synthesizing standardized mean-change measures",
      Brit. J. Math. Stat. Psych. 41, 257–278).
    - ``hedges_g = J(n − 1) · d_pre`` with Hedges' exact small-sample correction
      ``J(m) = Γ(m / 2) / (√(m / 2) · Γ((m − 1) / 2))`` (Hedges 1981, "Distribution theory for
      Glass's estimator of effect size and related estimators", J. Educ. Stat. 6(2), 107–128,
      eq. 6e; m = n − 1 degrees of freedom of the pre-test SD as in Becker 1988). J(m) is close
      to the familiar ``1 − 3 / (4m − 1)``; it needs n ≥ 3.

    With n < 2 or no variation in the differences, the interval, p and d_z are None
    (``reason`` says why); an SD of 0 gives None for the effect size divided by it.

    ``classes`` (each pupil's class key, same order) adds the number of classes and a second
    interval that allows for pupils of one class being alike: OLS ``diff ~ 1`` with class-
    clustered CR1 errors and t(G − 1), as in ``comparison``; None below two classes.
    """
    if len(pre) != len(post) or (classes is not None and len(classes) != len(pre)):
        raise ValueError("pre, post and classes must hold one entry per pupil, in the same order")
    pre_f, post_f = _finite(pre), _finite(post)
    diffs = [b - a for a, b in zip(pre_f, post_f, strict=True)]
    n = len(diffs)
    if n == 0:
        return PairedGain(0, *([None] * 12), reason=REASON_TOO_FEW_PUPILS)
    mean_pre, mean_post, mean_diff = _mean(pre_f), _mean(post_f), _mean(diffs)
    sd_pre, sd_post, sd_diff = _sd(pre_f), _sd(post_f), _sd(diffs)
    d_pre = None if _negligible(sd_pre, mean_pre) else mean_diff / sd_pre
    hedges_g = d_pre * hedges_j(n - 1) if d_pre is not None and n >= 3 else None
    ci_low = ci_high = p_value = d_z = None
    reason = None
    if n < 2:
        reason = REASON_TOO_FEW_PUPILS
    elif _negligible(sd_diff, mean_diff):
        reason = REASON_NO_VARIATION
    else:
        from scipy import stats

        se = sd_diff / math.sqrt(n)
        half = float(stats.t.ppf(0.5 + CONFIDENCE / 2, n - 1)) * se
        ci_low, ci_high = mean_diff - half, mean_diff + half
        p_value = float(2 * stats.t.sf(abs(mean_diff / se), n - 1))
        d_z = mean_diff / sd_diff
    clustered: dict[str, float | int | None] = {}
    if classes is not None:
        n_classes = len(set(classes))
        clustered["n_classes"] = n_classes
        if reason is None and n_classes >= 2:
            fit = _clustered_ols(diffs, None, list(classes))
            low, high = (float(x) for x in fit.conf_int(alpha=1 - CONFIDENCE)[0])
            clustered |= {"clustered_ci_low": low, "clustered_ci_high": high}
    return PairedGain(
        n=n,
        mean_pre=mean_pre,
        mean_post=mean_post,
        mean_diff=mean_diff,
        sd_pre=sd_pre,
        sd_post=sd_post,
        sd_diff=sd_diff,
        ci_low=ci_low,
        ci_high=ci_high,
        p_value=p_value,
        d_z=d_z,
        d_pre=d_pre,
        hedges_g=hedges_g,
        reason=reason,
        **clustered,
    )


@dataclass(frozen=True)
class MeanDifference:
    """The mean of paired differences (after − before) with its 95% interval."""

    n: int
    mean: float | None
    sd: float | None
    ci_low: float | None
    ci_high: float | None
    reason: str | None = None


def mean_difference(n: int, total: float, total_squares: float) -> MeanDifference:
    """The paired difference from its sums, so the database can add up 40,000 pupils.

    ``n`` pupils with both measurements, ``total`` = Σd and ``total_squares`` = Σd² of their
    differences d. Mean Σd / n, SD √((Σd² − (Σd)² / n) / (n − 1)), interval
    ``mean ± t(0.975, n − 1) · SD / √n``: the same as a paired t-test on the pupils' own values
    (``scipy.stats.ttest_rel(after, before).confidence_interval()``). Ratings are small numbers
    (1–5), so the one-pass variance loses nothing that matters.
    """
    if n < 1:
        return MeanDifference(0, None, None, None, None, REASON_TOO_FEW_PUPILS)
    mean = total / n
    if n < 2:
        return MeanDifference(n, mean, None, None, None, REASON_TOO_FEW_PUPILS)
    variance = (total_squares - total * total / n) / (n - 1)
    # Equal differences leave rounding noise of the order of Σd² · 1e-16 in the subtraction.
    if variance <= 1e-9 * max(1.0, total_squares / n):
        return MeanDifference(n, mean, 0.0, None, None, REASON_NO_VARIATION)
    sd = math.sqrt(variance)
    from scipy import stats

    half = float(stats.t.ppf(0.5 + CONFIDENCE / 2, n - 1)) * sd / math.sqrt(n)
    return MeanDifference(n, mean, sd, mean - half, mean + half)


def hedges_j(m: int) -> float:
    """Hedges' (1981) exact small-sample correction for ``m`` degrees of freedom (m ≥ 2)."""
    if m < 2:
        raise ValueError("Hedges' correction needs at least 2 degrees of freedom")
    return math.exp(math.lgamma(m / 2) - math.lgamma((m - 1) / 2)) / math.sqrt(m / 2)


@dataclass(frozen=True)
class Comparison:
    """Mean gain of treated classes minus that of comparison classes, clustered by class."""

    estimate: float | None  # mean gain treated − mean gain comparison
    se: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    df: int | None  # of the t reference: number of classes − 1
    mean_gain_treated: float | None
    mean_gain_comparison: float | None
    pupils_treated: int
    pupils_comparison: int
    classes_treated: int
    classes_comparison: int
    few_classes: bool  # fewer than FEW_CLASSES classes in a group: read the interval with care
    reason: str | None = None


def comparison(rows: Iterable[tuple[object, bool, float]]) -> Comparison:
    """Difference in mean gains between treated and comparison pupils, rows ``(class, treated,
    gain)``, with a standard error clustered by class.

    The estimate is the OLS coefficient of ``gain ~ 1 + treated``, which equals the difference in
    mean gains. Its variance is the cluster-robust sandwich by class with statsmodels' default
    small-sample correction (``cov_type="cluster"``, ``use_correction=True``: CR1, factor
    ``G / (G − 1) · (N − 1) / (N − 2)``) and a t reference with G − 1 degrees of freedom
    (``use_t=True``, ``df_correction=True``), G = number of classes (Cameron & Miller 2015,
    §VI.C). A mixed model would assume normal class effects; the sandwich assumes nothing about
    them, only that classes are independent. With few classes even this is too optimistic, so
    ``few_classes`` marks the result when a group has fewer than FEW_CLASSES classes.

    A class is either treated or comparison as a whole (ValueError otherwise). With a group
    missing there is no estimate; with one class in a group the estimate stands but the interval
    is None (``reason``): one class gives no information about between-class variation.
    """
    clusters: list[object] = []
    treated: list[float] = []
    gains: list[float] = []
    class_group: dict[object, bool] = {}
    for cluster, is_treated, gain in rows:
        is_treated = bool(is_treated)
        if class_group.setdefault(cluster, is_treated) != is_treated:
            raise ValueError(f"class {cluster!r} is both treated and comparison")
        clusters.append(cluster)
        treated.append(1.0 if is_treated else 0.0)
        gains.append(_finite([gain])[0])
    t_gains = [g for g, t in zip(gains, treated, strict=True) if t]
    c_gains = [g for g, t in zip(gains, treated, strict=True) if not t]
    g_treated = sum(class_group.values())
    g_comparison = len(class_group) - g_treated
    counts = {
        "mean_gain_treated": _mean(t_gains) if t_gains else None,
        "mean_gain_comparison": _mean(c_gains) if c_gains else None,
        "pupils_treated": len(t_gains),
        "pupils_comparison": len(c_gains),
        "classes_treated": g_treated,
        "classes_comparison": g_comparison,
        "few_classes": min(g_treated, g_comparison) < FEW_CLASSES,
    }
    missing = dict.fromkeys(("se", "ci_low", "ci_high", "p_value", "df"))
    if not t_gains or not c_gains:
        reason = REASON_NO_TREATED_GROUP if not t_gains else REASON_NO_COMPARISON_GROUP
        return Comparison(estimate=None, **missing, **counts, reason=reason)
    estimate = _mean(t_gains) - _mean(c_gains)
    if min(g_treated, g_comparison) < 2:
        return Comparison(estimate, **missing, **counts, reason=REASON_ONE_CLASS_IN_GROUP)
    fit = _clustered_ols(gains, treated, clusters)
    import numpy as np

    # Only the treated coefficient is read. When the comparison group's gains are all equal,
    # the intercept's variance is 0 and may come out as -1e-33 by rounding: its square root is
    # NaN, which numpy would announce with a warning although nothing here uses it.
    with np.errstate(invalid="ignore"):
        se = float(fit.bse[1])
        # Gains identical within each group leave only rounding noise in the residuals.
        if not math.isfinite(se) or _negligible(se, estimate):
            return Comparison(estimate, **missing, **counts, reason=REASON_NO_VARIATION)
        low, high = (float(x) for x in fit.conf_int(alpha=1 - CONFIDENCE)[1])
        p_value = float(fit.pvalues[1])
    return Comparison(
        estimate=estimate,
        se=se,
        ci_low=low,
        ci_high=high,
        p_value=p_value,
        df=int(fit.df_resid_inference),
        **counts,
    )


def _clustered_ols(gains: list[float], treated: list[float] | None, clusters: list[object]):
    """statsmodels' OLS ``gain ~ 1 (+ treated)`` with CR1 class-clustered errors and t(G − 1)."""
    import numpy as np
    import statsmodels.api as sm

    codes = {c: i for i, c in enumerate(dict.fromkeys(clusters))}
    groups = np.array([codes[c] for c in clusters], dtype=int)
    if treated is None:
        x = np.ones((len(gains), 1))
    else:
        x = sm.add_constant(np.array(treated), has_constant="add")
    return sm.OLS(np.array(gains), x).fit(
        cov_type="cluster",
        cov_kwds={"groups": groups, "use_correction": True, "df_correction": True},
        use_t=True,
    )


def wilson_interval(successes: int, n: int) -> tuple[float, float]:
    """95% Wilson score interval of a share ``successes / n`` (Wilson 1927), e.g. completion.

    ``(p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n)`` with z = Φ⁻¹(0.975); unlike the
    Wald interval it stays within 0–1 and keeps its coverage near 0 % and 100 %. Equals
    ``statsmodels.stats.proportion.proportion_confint(successes, n, method="wilson")``.
    """
    if n < 1 or not 0 <= successes <= n:
        raise ValueError("need 0 ≤ successes ≤ n and n ≥ 1")
    from scipy import stats

    z = float(stats.norm.ppf(0.5 + CONFIDENCE / 2))
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


Outcome = Literal["met", "not_met", "undecided"]


@dataclass(frozen=True)
class Verdict:
    """A Go/No-Go criterion against its figure.

    ``basis`` says what the outcome rests on: "interval" (the 95% interval lies wholly on one
    side of the threshold, or straddles it: undecided), "estimate" (no interval: only the figure
    itself was compared, the report must say so), "no_data" (no figure: undecided).
    """

    outcome: Outcome
    basis: Literal["interval", "estimate", "no_data"]


def verdict(
    estimate: float | None,
    ci_low: float | None,
    ci_high: float | None,
    threshold: float,
    *,
    higher_is_better: bool = True,
) -> Verdict:
    """Met, not met or undecided: a criterion "figure ≥ threshold" (or "≤" when lower is better).

    Met when the whole interval meets the criterion (a bound on the threshold counts as meeting
    it), not met when the whole interval fails it, undecided when it straddles the threshold.
    """
    if (ci_low is None) != (ci_high is None):
        raise ValueError("give both interval bounds or neither")
    if estimate is None:
        return Verdict("undecided", "no_data")
    sign = 1 if higher_is_better else -1
    if ci_low is None or ci_high is None:
        return Verdict("met" if sign * (estimate - threshold) >= 0 else "not_met", "estimate")
    if ci_low > ci_high:
        raise ValueError("the interval's lower bound is above its upper bound")
    worst, best = (ci_low, ci_high) if higher_is_better else (ci_high, ci_low)
    if sign * (worst - threshold) >= 0:
        return Verdict("met", "interval")
    if sign * (best - threshold) < 0:
        return Verdict("not_met", "interval")
    return Verdict("undecided", "interval")


def _finite(values: Sequence[float]) -> list[float]:
    out = [float(v) for v in values]
    if not all(math.isfinite(v) for v in out):
        raise ValueError("scores must be finite numbers")
    return out


def _negligible(spread: float | None, level: float) -> bool:
    """No spread, or only floating-point noise (scores like 0.1 + 0.2 leave some)."""
    return spread is None or spread <= 1e-12 * max(1.0, abs(level))


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def _sd(values: Sequence[float]) -> float | None:
    """Sample standard deviation (n − 1), None below two values."""
    if len(values) < 2:
        return None
    mean = _mean(values)
    return math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (len(values) - 1))
