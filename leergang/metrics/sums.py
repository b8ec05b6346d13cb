"""The knowledge-gain figures from per-class sums: what the database adds up, not 40,000 rows.

``stats.paired_gain`` and ``stats.comparison`` take one row per pupil and fit statsmodels' OLS;
on a million events that costs seconds. Every figure they give depends on the pupils only
through a few sums per class (number of pupils, Σpre, Σpost, Σpre², Σpost², Σpre·post), which
the database computes in one ``GROUP BY``. This module gives the same ``PairedGain`` and
``Comparison`` from those sums (tests check both ways agree with each other and with
statsmodels):

- means and SDs: ``(Σx² − (Σx)² / n) / (n − 1)``; the scores are small numbers, so nothing of
  note is lost against the two-pass formula;
- the class-clustered (CR1) variance of a mean: with residual sums ``S_c = Σd_c − n_c · mean``
  per class, ``G / (G − 1) · (N − 1) / (N − K) · Σ S_c² / N²`` (K = 1 for a mean, 2 for the
  difference between groups, where each group's part is divided by its own N²), with t(G − 1):
  the sandwich statsmodels computes for ``cov_type="cluster"`` when every regressor is constant
  within a class (Cameron & Miller 2015, §II.C and §VI.C).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from dataclasses import dataclass

from leergang.metrics.stats import (
    CONFIDENCE,
    FEW_CLASSES,
    REASON_NO_COMPARISON_GROUP,
    REASON_NO_TREATED_GROUP,
    REASON_NO_VARIATION,
    REASON_ONE_CLASS_IN_GROUP,
    REASON_TOO_FEW_PUPILS,
    Comparison,
    PairedGain,
    hedges_j,
)


@dataclass(frozen=True)
class ClassSums:
    """The pre/post scores of one class's pupils (in one module, or pooled), as sums."""

    key: object  # the class key
    n: int
    pre: float
    post: float
    pre2: float  # Σpre²
    post2: float  # Σpost²
    prepost: float  # Σpre·post

    def scaled(self, a: float, b: float) -> ClassSums:
        """The sums of ``a · pre`` and ``b · post`` (e.g. scores as shares of the questions)."""
        return ClassSums(self.key, self.n, a * self.pre, b * self.post, a * a * self.pre2,
                         b * b * self.post2, a * b * self.prepost)  # fmt: skip

    def __add__(self, other: ClassSums) -> ClassSums:
        return ClassSums(self.key, self.n + other.n, self.pre + other.pre,
                         self.post + other.post, self.pre2 + other.pre2,
                         self.post2 + other.post2, self.prepost + other.prepost)  # fmt: skip

    @property
    def diff(self) -> float:
        return self.post - self.pre

    @property
    def diff2(self) -> float:
        return self.post2 - 2 * self.prepost + self.pre2


def merge(rows: Iterable[ClassSums]) -> list[ClassSums]:
    """One ``ClassSums`` per class key (e.g. a class's modules pooled), in first-seen order."""
    out: dict[object, ClassSums] = {}
    for row in rows:
        out[row.key] = out[row.key] + row if row.key in out else row
    return list(out.values())


def _spread(n: int, total: float, squares: float) -> float | None:
    """Sample SD from sums; 0 when what is left is only rounding noise; None below two."""
    if n < 2:
        return None
    variance = (squares - total * total / n) / (n - 1)
    # Equal values leave noise of the order of Σx² · 1e-16 in the subtraction.
    return 0.0 if variance <= 1e-10 * max(1.0, squares / n) else math.sqrt(variance)


def paired_gain_from_sums(classes: list[ClassSums]) -> PairedGain:
    """``stats.paired_gain(pre, post, classes=...)`` from the classes' sums."""
    if not classes:
        return paired_gain_from_totals(ClassSums("", 0, 0, 0, 0, 0, 0), 0, 0.0, 0.0, 0.0)
    total = merge(dataclasses.replace(c, key="") for c in classes)[0]
    return paired_gain_from_totals(
        total,
        len(classes),
        math.fsum(c.diff * c.diff for c in classes),
        math.fsum(c.n * c.diff for c in classes),
        math.fsum(c.n * c.n for c in classes),
    )


def paired_gain_from_totals(
    total: ClassSums, classes: int, diff_squares: float, n_diff: float, n_squares: float
) -> PairedGain:
    """The same from sums over the classes, which one SQL ``GROUP BY`` can give: ``total`` (all
    pupils), the number of classes, Σ_c (Σd_c)², Σ_c n_c · Σd_c and Σ_c n_c².

    The clustered variance needs Σ_c S_c² with S_c = Σd_c − n_c · mean, which is
    Σ(Σd_c)² − 2 · mean · Σ n_c Σd_c + mean² · Σ n_c².
    """
    n = total.n
    if n == 0:
        return PairedGain(0, *([None] * 12), reason=REASON_TOO_FEW_PUPILS)
    diff = total.diff
    mean_pre, mean_post, mean_diff = total.pre / n, total.post / n, diff / n
    sd_pre = _spread(n, total.pre, total.pre2)
    sd_post = _spread(n, total.post, total.post2)
    sd_diff = _spread(n, diff, total.diff2)
    d_pre = mean_diff / sd_pre if sd_pre else None
    hedges_g = d_pre * hedges_j(n - 1) if d_pre is not None and n >= 3 else None
    ci_low = ci_high = p_value = d_z = None
    reason = None
    clustered: dict[str, float | int | None] = {"n_classes": classes}
    if n < 2:
        reason = REASON_TOO_FEW_PUPILS
    elif not sd_diff:
        reason = REASON_NO_VARIATION
    else:
        from scipy import stats

        se = sd_diff / math.sqrt(n)
        half = float(stats.t.ppf(0.5 + CONFIDENCE / 2, n - 1)) * se
        ci_low, ci_high = mean_diff - half, mean_diff + half
        p_value = float(2 * stats.t.sf(abs(mean_diff / se), n - 1))
        d_z = mean_diff / sd_diff
        if classes >= 2:
            residuals = diff_squares - 2 * mean_diff * n_diff + mean_diff * mean_diff * n_squares
            variance = classes / (classes - 1) * max(0.0, residuals) / (n * n)
            half = float(stats.t.ppf(0.5 + CONFIDENCE / 2, classes - 1)) * math.sqrt(variance)
            clustered["clustered_ci_low"] = mean_diff - half
            clustered["clustered_ci_high"] = mean_diff + half
    return PairedGain(
        n=n, mean_pre=mean_pre, mean_post=mean_post, mean_diff=mean_diff, sd_pre=sd_pre,
        sd_post=sd_post, sd_diff=sd_diff, ci_low=ci_low, ci_high=ci_high, p_value=p_value,
        d_z=d_z, d_pre=d_pre, hedges_g=hedges_g, reason=reason, **clustered,
    )  # fmt: skip


def comparison_from_sums(rows: Iterable[tuple[object, bool, int, float]]) -> Comparison:
    """``stats.comparison`` from rows ``(class, treated, pupils, Σgain)``, one or more per class
    (a class's modules are added up)."""
    classes: dict[object, list] = {}
    for key, treated, n, gain in rows:
        found = classes.setdefault(key, [bool(treated), 0, 0.0])
        if found[0] != bool(treated):
            raise ValueError(f"class {key!r} is both treated and comparison")
        found[1] += n
        found[2] += gain
    groups = {
        side: [(n, gain) for is_treated, n, gain in classes.values() if is_treated == side]
        for side in (True, False)
    }
    pupils = {side: sum(n for n, _gain in groups[side]) for side in groups}
    means = {
        side: math.fsum(g for _n, g in groups[side]) / pupils[side] if pupils[side] else None
        for side in groups
    }
    g_treated, g_comparison = len(groups[True]), len(groups[False])
    counts = {
        "mean_gain_treated": means[True],
        "mean_gain_comparison": means[False],
        "pupils_treated": pupils[True],
        "pupils_comparison": pupils[False],
        "classes_treated": g_treated,
        "classes_comparison": g_comparison,
        "few_classes": min(g_treated, g_comparison) < FEW_CLASSES,
    }
    missing = dict.fromkeys(("se", "ci_low", "ci_high", "p_value", "df"))
    if not pupils[True] or not pupils[False]:
        reason = REASON_NO_TREATED_GROUP if not pupils[True] else REASON_NO_COMPARISON_GROUP
        return Comparison(estimate=None, **missing, **counts, reason=reason)
    estimate = means[True] - means[False]
    if min(g_treated, g_comparison) < 2:
        return Comparison(estimate, **missing, **counts, reason=REASON_ONE_CLASS_IN_GROUP)
    n, g = pupils[True] + pupils[False], g_treated + g_comparison
    parts = [
        math.fsum((gain - m * means[side]) ** 2 for m, gain in groups[side]) / pupils[side] ** 2
        for side in (True, False)
    ]
    se = math.sqrt(g / (g - 1) * (n - 1) / (n - 2) * sum(parts))
    if not math.isfinite(se) or se <= 1e-12 * max(1.0, abs(estimate)):
        return Comparison(estimate, **missing, **counts, reason=REASON_NO_VARIATION)
    from scipy import stats

    half = float(stats.t.ppf(0.5 + CONFIDENCE / 2, g - 1)) * se
    return Comparison(
        estimate=estimate, se=se, ci_low=estimate - half, ci_high=estimate + half,
        p_value=float(2 * stats.t.sf(abs(estimate / se), g - 1)), df=g - 1, **counts,
    )  # fmt: skip
