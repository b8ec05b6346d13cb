"""The evaluator's report: every figure of a programme in one object, small cells already hidden.

Pages, the printable report and the CSV/JSON exports all read ``build_report``'s result, so
suppression is applied once and the same way everywhere: a figure on fewer than k pupils is a
``Figure`` with ``hidden`` set, count tables go through ``suppress`` (complementary cells too).
Knowledge gains count only lesson-group pupils; comparison classes enter the comparison.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlmodel import Session

from leergang.metrics import readings, services, use
from leergang.metrics.models import Group, Measure, Programme
from leergang.metrics.stats import (
    Comparison,
    PairedGain,
    Verdict,
    mean_difference,
    verdict,
    wilson_interval,
)
from leergang.metrics.sums import (
    comparison_from_sums,
    merge,
    paired_gain_from_sums,
    paired_gain_from_totals,
)
from leergang.metrics.suppression import (
    DEFAULT_K,
    MIN_K,
    Figure,
    SuppressedTable,
    figure,
    suppress,
)

MEASURE_LABELS = {
    Measure.REACH_PUPILS: _l("Pupils reached"),
    Measure.COMPLETION_SHARE: _l("Share of started modules finished"),
    Measure.KNOWLEDGE_GAIN_D: _l("Knowledge gain (Hedges' g)"),
    Measure.COMPARISON_DIFFERENCE: _l("Extra gain over comparison classes (share of questions)"),
}
PHASE_LABELS = {
    "ontwikkelen": _l("Develop"),
    "valideren": _l("Validate"),
    "experimenteren": _l("Experiment"),
    "realiseren": _l("Implement"),
}


def min_cell() -> int:
    """k: ``METRICS_MIN_CELL`` (default 10), never below 5."""
    return max(MIN_K, int(current_app.config.get("METRICS_MIN_CELL", DEFAULT_K)))


@dataclass
class FunnelRow:
    item_id: str
    title: str
    started: Figure
    pre_test: Figure
    post_test: Figure
    finished: Figure


@dataclass
class GainRow:
    item_id: str
    title: str
    questions: int | None
    gain: PairedGain
    shown: bool  # n ≥ k
    reading: str
    effect_reading: str


@dataclass
class EfficacyRow:
    module_id: str
    title: str
    before: Figure
    after: Figure
    change: Figure  # mean paired difference after − before (lesson pupils who rated both times)
    change_ci: tuple[float | None, float | None]  # its 95% interval; (None, None) when hidden
    change_reading: str


@dataclass
class GameRow:
    scenario_id: str
    title: str
    first_run: bool
    pupils: Figure
    in_debt: Figure  # share of runs
    fees_euros: Figure
    goal_reached: Figure  # share of runs with a goal


@dataclass
class CriterionRow:
    phase: str
    measure: str
    threshold: float
    value: float | None
    ci_low: float | None
    ci_high: float | None
    verdict: Verdict
    reading: str


@dataclass
class Report:
    programme: Programme
    scope: services.Scope
    k: int
    reach_pupils: Figure
    reach_schools: int | None  # None when the pupils behind it are fewer than k
    reach_classes: int | None
    completing: Figure
    modules: list[FunnelRow]
    games: list[FunnelRow]
    levels: list[str]
    level_modules: list[str]
    level_table: SuppressedTable | None
    gains: list[GainRow]
    overall: GainRow | None
    comparison: Comparison
    comparison_reading: str
    comparison_shown: bool
    efficacy: list[EfficacyRow]
    game_runs: list[GameRow]
    criteria: list[CriterionRow] = field(default_factory=list)
    cost_per_pupil: float | None = None  # euros
    cost_per_completing: float | None = None
    # (module starts, finishes) over all pupil–module pairs, before suppression: the completion
    # criterion's share rests on the starts (never shown on their own).
    completion: tuple[int, int] = (0, 0)


def build_report(
    *, session: Session, programme: Programme, scope: services.Scope, modules: dict,
    scenarios: dict,
) -> Report:  # fmt: skip
    """Every figure for ``scope``; ``modules``/``scenarios`` are the library's, for titles and
    the number of test questions."""
    k = min_cell()

    def fig(value, n):
        return figure(value, n=n, k=k)

    def title(items, item_id):
        item = items.get(item_id)
        return item.title if item is not None else item_id

    reach = use.reach(session=session, scope=scope)
    reach_pupils = fig(reach.pupils, reach.pupils)
    totals = use.use(session=session, scope=scope)
    module_funnels = totals.module_funnels
    funnels = [
        FunnelRow(
            f.item_id,
            title(modules, f.item_id),
            fig(f.started, f.started),
            fig(f.pre_test, f.pre_test),
            fig(f.post_test, f.post_test),
            fig(f.finished, f.finished),
        )  # fmt: skip
        for f in module_funnels
    ]
    game_funnels = [
        FunnelRow(
            f.item_id,
            title(scenarios, f.item_id),
            fig(f.started, f.started),
            fig(None, 0),
            fig(None, 0),
            fig(f.finished, f.finished),
        )  # fmt: skip
        for f in totals.game_funnels
    ]
    level_modules, levels, table = totals.modules, totals.levels, totals.level_table
    items = {
        mid: (len(m.knowledge_check_steps("pre")), len(m.knowledge_check_steps("post")))
        for mid, m in modules.items()
    }
    # Sums per module and per class (``sums``): the database adds up the pupils.
    per_module, per_class = services.gain_sums(session=session, scope=scope, items=items)
    gains = [
        _gain_row(m.module_id, title(modules, m.module_id), paired_gain_from_totals(
            m.total, m.classes, m.diff_squares, m.n_diff, m.n_squares),
            items[m.module_id][0], k)  # fmt: skip
        for m in sorted(per_module, key=lambda m: m.module_id)
    ]
    pooled = merge(sums for group, sums in per_class if group == Group.LESSON)
    name = gettext("All modules (share of questions right)")
    overall = _gain_row("", name, paired_gain_from_sums(pooled), None, k) if pooled else None
    contrast = [(s.key, group == Group.LESSON, s.n, s.diff) for group, s in per_class]
    compared = comparison_from_sums(contrast)
    comparison_shown = min(compared.pupils_treated, compared.pupils_comparison) >= k
    efficacy = [
        _efficacy_row(e, title(modules, e.module_id), k)
        for e in totals.efficacy
    ]
    game_runs = [
        GameRow(
            g.scenario_id,
            title(scenarios, g.scenario_id),
            g.first_run,
            fig(g.pupils, g.pupils),
            fig(g.in_debt / g.runs if g.runs else None, g.pupils),
            fig(g.mean_fees_cents / 100, g.pupils),
            fig(
                g.goal_reached / g.with_goal if g.with_goal else None,
                g.pupils if g.with_goal else 0,
            ),  # fmt: skip
        )
        for g in services.game_outcomes(session=session, scope=scope)
    ]
    report = Report(
        programme=programme,
        scope=scope,
        k=k,
        reach_pupils=reach_pupils,
        reach_schools=reach.schools if not reach_pupils.hidden else None,
        reach_classes=reach.classes if not reach_pupils.hidden else None,
        completing=fig(reach.pupils_completing, reach.pupils_completing),
        modules=funnels,
        games=game_funnels,
        levels=levels,
        level_modules=[title(modules, m) for m in level_modules],
        level_table=suppress(table, k) if table else None,
        gains=gains,
        overall=overall,
        comparison=compared,
        comparison_reading=readings.describe_comparison(compared, k=k),
        comparison_shown=comparison_shown,
        efficacy=efficacy,
        game_runs=game_runs,
    )
    report.completion = (sum(f.started for f in module_funnels),
                         sum(f.finished for f in module_funnels))  # fmt: skip
    report.criteria = _criteria(session=session, programme=programme, scope=scope, report=report)
    if programme.cost_cents:
        euros = programme.cost_cents / 100
        if not report.reach_pupils.hidden:
            report.cost_per_pupil = euros / reach.pupils
        if not report.completing.hidden:
            report.cost_per_completing = euros / reach.pupils_completing
    return report


def _efficacy_row(e: use.Efficacy, name: str, k: int) -> EfficacyRow:
    change = mean_difference(e.pairs, e.diff_sum, e.diff_squares)
    shown = change.n >= k and change.mean is not None
    return EfficacyRow(
        module_id=e.module_id,
        title=name,
        before=figure(e.mean_before, n=e.pupils_before, k=k),
        after=figure(e.mean_after, n=e.pupils_after, k=k),
        change=figure(change.mean, n=change.n, k=k),
        change_ci=(change.ci_low, change.ci_high) if shown else (None, None),
        change_reading=readings.describe_efficacy_change(change, k=k),
    )


def _gain_row(item_id, name, gain: PairedGain, questions, k) -> GainRow:
    return GainRow(
        item_id=item_id,
        title=name,
        questions=questions,
        gain=gain,
        shown=gain.n >= k,
        reading=readings.describe_gain(gain, questions=questions, k=k),
        effect_reading=readings.describe_effect_size(gain, k=k),
    )


def gain_interval(gain: PairedGain) -> tuple[float | None, float | None]:
    """The class-clustered interval when there is one, else the plain paired one."""
    if gain.clustered_ci_low is not None:
        return gain.clustered_ci_low, gain.clustered_ci_high
    return gain.ci_low, gain.ci_high


def _criteria(*, session, programme, scope, report: Report) -> list[CriterionRow]:
    """Each Go/No-Go criterion against its figure: a figure under k counts as no figure."""
    rows = []
    started, finished = report.completion  # a module's hidden finishes count, not as 0
    for criterion in services.criteria(session=session, programme=programme):
        value = low = high = None
        if criterion.measure == Measure.REACH_PUPILS:
            value = report.reach_pupils.value
        elif criterion.measure == Measure.COMPLETION_SHARE and started >= report.k:
            value = finished / started
            low, high = wilson_interval(finished, started)
        elif criterion.measure == Measure.KNOWLEDGE_GAIN_D and report.overall is not None:
            gain = report.overall.gain
            if report.overall.shown and gain.hedges_g is not None:
                value = gain.hedges_g
                # The mean gain's (class-clustered) interval on the same scale: divided by the
                # pre-test SD with Hedges' correction, the SD taken as known.
                ci = gain_interval(gain)
                if ci[0] is not None and gain.d_pre:
                    scale = gain.hedges_g / gain.mean_diff if gain.mean_diff else None
                    if scale:
                        low, high = sorted((ci[0] * scale, ci[1] * scale))
        elif criterion.measure == Measure.COMPARISON_DIFFERENCE and report.comparison_shown:
            value = report.comparison.estimate
            low, high = report.comparison.ci_low, report.comparison.ci_high
        result = verdict(value, low, high, criterion.threshold)
        rows.append(
            CriterionRow(
                criterion.phase,
                criterion.measure,
                criterion.threshold,
                value,
                low,
                high,
                result,
                readings.describe_verdict(result),
            )  # fmt: skip
        )
    return rows


def export_rows(report: Report) -> list[dict]:
    """The report as flat rows for CSV and JSON; hidden figures carry "< k" and no number."""
    rows: list[dict] = []

    def add(section, item, measure, fig_or_value, n=None, ci=(None, None)):
        if isinstance(fig_or_value, Figure):
            value = None if fig_or_value.hidden else fig_or_value.value
            n = fig_or_value.n
            hidden = fig_or_value.mark if fig_or_value.hidden else ""
        else:
            value, hidden = fig_or_value, ""
        rows.append({
            "section": section, "item": item, "measure": measure,
            "value": _round(value), "n_pupils": n, "ci_low": _round(ci[0]),
            "ci_high": _round(ci[1]), "suppressed": hidden,
        })  # fmt: skip

    add("reach", "", "pupils", report.reach_pupils)
    add("reach", "", "schools", report.reach_schools)
    add("reach", "", "classes", report.reach_classes)
    add("reach", "", "pupils_completing", report.completing)
    for row in report.modules:
        for stage in ("started", "pre_test", "post_test", "finished"):
            add("module_funnel", row.item_id, stage, getattr(row, stage))
    for row in report.games:
        add("game_funnel", row.item_id, "started", row.started)
        add("game_funnel", row.item_id, "finished", row.finished)
    for row in [*report.gains, *([report.overall] if report.overall else [])]:
        item = row.item_id or "all"
        g = row.gain
        if not row.shown:
            add("knowledge_gain", item, "pupils", figure(None, n=0, k=report.k))
            continue
        for measure, value in (("mean_pre", g.mean_pre), ("mean_post", g.mean_post),
                               ("d_z", g.d_z), ("d_pre", g.d_pre), ("hedges_g", g.hedges_g),
                               ("classes", g.n_classes)):  # fmt: skip
            add("knowledge_gain", item, measure, value, g.n)
        add("knowledge_gain", item, "mean_difference", g.mean_diff, g.n, gain_interval(g))
    c = report.comparison
    if report.comparison_shown:
        add("comparison", "all", "difference_in_gain", c.estimate,
            c.pupils_treated + c.pupils_comparison, (c.ci_low, c.ci_high))  # fmt: skip
        add("comparison", "all", "classes_lesson", c.classes_treated)
        add("comparison", "all", "classes_comparison", c.classes_comparison)
    for row in report.efficacy:
        add("self_efficacy", row.module_id, "mean_before", row.before)
        add("self_efficacy", row.module_id, "mean_after", row.after)
        add("self_efficacy", row.module_id, "mean_difference", row.change, ci=row.change_ci)
    for row in report.game_runs:
        item = f"{row.scenario_id}:{'first' if row.first_run else 'later'}"
        add("game_outcome", item, "pupils", row.pupils)
        add("game_outcome", item, "share_in_debt", row.in_debt)
        add("game_outcome", item, "mean_fees_euros", row.fees_euros)
        add("game_outcome", item, "share_goal_reached", row.goal_reached)
    for row in report.criteria:
        add("go_no_go", f"{row.phase}:{row.measure}", f"threshold {row.threshold:g}",
            row.value, None, (row.ci_low, row.ci_high))  # fmt: skip
        rows[-1]["verdict"] = row.verdict.outcome
    if report.cost_per_pupil is not None:
        add("cost", "", "euros_per_pupil_reached", report.cost_per_pupil)
    if report.cost_per_completing is not None:
        add("cost", "", "euros_per_pupil_completing", report.cost_per_completing)
    return rows


def _round(value):
    return round(value, 4) if isinstance(value, float) else value


DICTIONARY = (
    (
        "section",
        _l(
            "Which part of the report: reach, module_funnel, game_funnel, knowledge_gain, "
            "comparison, self_efficacy, game_outcome, go_no_go, cost."
        ),
    ),
    (
        "item",
        _l(
            "Module or game id; 'all' for every module together; game outcomes add ':first' "
            "or ':later' (first run or later runs)."
        ),
    ),
    ("measure", _l("What the value is, e.g. pupils, mean_pre, mean_difference, hedges_g.")),
    ("value", _l("The figure; empty when it is suppressed.")),
    ("n_pupils", _l("Number of pupils the figure rests on.")),
    (
        "ci_low",
        _l(
            "Lower bound of the 95-percent confidence interval (clustered by class where the "
            "method says so)."
        ),
    ),
    ("ci_high", _l("Upper bound of the 95-percent confidence interval.")),
    ("suppressed", _l("'< k' when the figure rests on fewer than k pupils and is hidden.")),
    ("verdict", _l("Go/No-Go rows only: met, not_met or undecided.")),
)
