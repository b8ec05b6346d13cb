"""Synthetic history for the demo school: anonymous events of earlier classes, so that a newcomer
sees a real evaluator's report and real item statistics after ``./dev start``.

Only anonymous event rows are written (no pupil, class or name rows): every synthetic pupil is a
random pseudonym, as a deleted pupil's events would be. The events are deterministic for a seed:
each synthetic pupil has an ability (standard normal); a question of difficulty b is answered
right with probability 1 / (1 + exp(-1.3 (ability - b))), a wrong answer picks a distractor with
fixed per-question weights (so some distractors are popular and some hardly picked). The post-test
is answered with the ability plus a gain: about +0.3 standard deviations of the pre-test score in
the lesson classes, a small retest effect in the comparison class.

The comparison class. Its events carry the group "comparison" and each synthetic class its own
class key, as real events do. Before events had a group, the comparison class was a
separate set of pseudonyms: ``history_classes()`` (and ``DemoHistory.classes``) names each
synthetic class, whether it is the comparison group, and its pseudonyms. Its pupils take the
pre-test and the post-test of each module without its lesson steps ("test only"): they start a
module but never finish it, answer only the knowledge-check questions, and rate self-efficacy
before and after.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import insert
from sqlmodel import Session, select

from leergang.content.steps import MultipleChoice, SingleChoice, TrueFalse
from leergang.metrics.models import (
    ActivityEvent,
    ActivityKind,
    AnswerEvent,
    GameOutcome,
    SelfEfficacyEvent,
)
from leergang.metrics.record import iso_week

SEED = 20261129
SLOPE = 1.3  # how sharply a question separates pupils of different ability
LESSON_GAIN = 0.6  # on the ability scale: about +0.3 SD of the pre-test score
RETEST_GAIN = 0.12  # the comparison class: taking the test a second time
# (name, level, pupils, comparison group)
CLASSES = (
    ("Groep 8A (demo-geschiedenis)", "po-8", 28, False),
    ("Groep 8B (demo-geschiedenis)", "po-8", 26, False),
    ("Groep 7 (demo-geschiedenis)", "po-7", 27, False),
    ("Groep 8 vergelijkingsgroep (demo-geschiedenis)", "po-8", 27, True),
    ("VMBO 3A (demo-geschiedenis)", "vmbo-kb", 25, False),
    ("VMBO 3C (demo-geschiedenis)", "vmbo-bb", 24, False),
)


@dataclass(frozen=True)
class HistoryClass:
    name: str
    level: str
    comparison: bool
    pseudonyms: tuple[str, ...]


@dataclass
class DemoHistory:
    classes: list[HistoryClass]
    created: bool  # False when the history was already there
    rows: dict[str, int] = field(default_factory=dict)  # events written, by table


def seed_history(
    *, session: Session, school_key: str, school_year: str, library, seed: int = SEED
) -> DemoHistory:
    """Write the history once (for ``seed``); running it again writes nothing."""
    rng = random.Random(seed)
    classes = _classes(rng)
    first = classes[0].pseudonyms[0]
    if session.exec(select(ActivityEvent.id).where(ActivityEvent.pseudonym == first)).first():
        return DemoHistory(classes=classes, created=False)
    writer = _Writer(rng, school_key, school_year, _school_year_start(school_year))
    modules = sorted(library.modules.values(), key=lambda m: m.id)
    scenarios = sorted(library.scenarios.values(), key=lambda s: s.id)
    for number, group in enumerate(classes):
        weeks = writer.class_weeks(number)
        fitting = [m for m in modules if group.level in m.levels]
        for pseudonym in group.pseudonyms:
            ability = rng.gauss(0, 1)
            for index, module in enumerate(fitting):
                week = weeks[index % len(weeks)]
                writer.module(pseudonym, group, module, ability, week)
            if not group.comparison:
                for scenario in (s for s in scenarios if group.level in s.levels):
                    writer.game(pseudonym, group, scenario, ability, weeks[-1])
    connection = session.connection()
    for table, rows in writer.rows.items():
        if rows:  # executemany, in batched multi-row statements where the driver can
            connection.execute(insert(table.__table__), rows)
    session.commit()
    return DemoHistory(
        classes=classes,
        created=True,
        rows={table.__tablename__: len(rows) for table, rows in writer.rows.items()},
    )


def history_classes(seed: int = SEED) -> list[HistoryClass]:
    """The synthetic classes and their pseudonyms, without writing anything: how a report can
    tell the comparison class's events apart until events carry a group of their own."""
    return _classes(random.Random(seed))


def _classes(rng: random.Random) -> list[HistoryClass]:
    return [
        HistoryClass(name, level, comparison, tuple(_pseudonym(rng) for _ in range(size)))
        for name, level, size, comparison in CLASSES
    ]


def _pseudonym(rng: random.Random) -> str:
    return f"{rng.getrandbits(96):024x}"  # shaped like Pupil.pseudonym


def _school_year_start(school_year: str) -> date:
    return date(int(school_year[:4]), 9, 1)


def _right(ability: float, difficulty: float) -> float:
    return 1 / (1 + math.exp(-SLOPE * (ability - difficulty)))


class _Writer:
    """Collects the event rows of all synthetic pupils, then they are inserted in bulk."""

    def __init__(self, rng: random.Random, school_key: str, school_year: str, start: date):
        self.rng, self.start = rng, start
        self.base = {"school_key": school_key, "school_year": school_year, "research_use": True}
        self.rows: dict[type, list[dict]] = {
            AnswerEvent: [], SelfEfficacyEvent: [], ActivityEvent: [], GameOutcome: []
        }  # fmt: skip
        # Per question: difficulty and distractor weights, the same for every pupil.
        self.questions: dict[tuple[str, str], tuple[float, list[float]]] = {}

    def class_weeks(self, number: int) -> list[str]:
        """The ISO weeks a class works in: from the third week of the school year, one module
        a week, each class starting a little later."""
        first = self.start + timedelta(weeks=2 + number % 3)
        return [iso_week(first + timedelta(weeks=w)) for w in range(10)]

    def _context(self, pseudonym: str, group: HistoryClass, week: str) -> dict:
        """The event context, with the synthetic class's own key and group (lesson/comparison)."""
        class_key = hashlib.sha256(f"demo-history:{group.name}".encode()).hexdigest()[:16]
        return {
            **self.base, "pseudonym": pseudonym, "level": group.level, "iso_week": week,
            "class_key": class_key, "group": "comparison" if group.comparison else "lesson",
        }  # fmt: skip

    def _activity(self, context: dict, kind: str, item, run_number: int = 1) -> None:
        self.rows[ActivityEvent].append(
            {**context, "kind": kind, "item_id": item.id, "item_version": item.version,
             "run_number": run_number}
        )  # fmt: skip

    def module(self, pseudonym: str, group: HistoryClass, module, ability: float, week: str):
        rng = self.rng
        if rng.random() > 0.95:
            return  # never started
        context = self._context(pseudonym, group, week)
        finished = not group.comparison and rng.random() < 0.88
        # The comparison class takes both tests in "test only" mode; lesson pupils who stop
        # early never reach the post-test.
        took_post = group.comparison or finished
        self._activity(context, ActivityKind.MODULE_STARTED, module)
        if finished:
            self._activity(context, ActivityKind.MODULE_FINISHED, module)
        gain = (RETEST_GAIN if group.comparison else LESSON_GAIN) + rng.gauss(0, 0.3)
        for step in module.question_steps:
            check = step.knowledge_check
            if check is None and (group.comparison or not finished and rng.random() < 0.5):
                continue
            if check is not None and check.test == "post" and not took_post:
                continue
            after = check is None or check.test == "post"
            self._answer(context, module, step, ability + (gain if after else 0))
        for moment in ("pre", "post"):
            step = module.self_efficacy_step(moment)
            if step is None or (moment == "post" and not took_post):
                continue
            lift = 0.0 if moment == "pre" else (0.15 if group.comparison else 0.45)
            for statement in step.statements:
                rating = round(3 + 0.7 * ability + lift + rng.gauss(0, 0.8))
                self.rows[SelfEfficacyEvent].append(
                    {**context, "module_id": module.id, "module_version": module.version,
                     "moment": moment, "statement_id": statement.id,
                     "rating": max(1, min(5, rating))}
                )  # fmt: skip

    def _question(self, module, step) -> tuple[float, list[float]]:
        key = (module.id, step.id)
        if key not in self.questions:
            rng = random.Random(f"{module.id}/{step.id}")  # stable across runs and modules
            check = step.knowledge_check
            # Pre- and post-test questions on one construct are parallel: nearly as hard.
            difficulty = (
                random.Random(f"{module.id}/{check.construct_id}").gauss(-0.4, 0.9)
                + rng.gauss(0, 0.15)
                if check
                else rng.gauss(-0.6, 1.0)
            )
            options = len(getattr(step, "options", ())) or 2
            self.questions[key] = (difficulty, [rng.random() ** 2 for _ in range(options)])
        return self.questions[key]

    def _answer(self, context: dict, module, step, ability: float) -> None:
        difficulty, weights = self._question(module, step)
        correct = self.rng.random() < _right(ability, difficulty)
        chosen = None
        if isinstance(step, TrueFalse):
            chosen = "true" if step.answer == correct else "false"
        elif isinstance(step, SingleChoice):
            right = [o.id for o in step.options if o.correct]
            wrong = [o.id for o in step.options if not o.correct]
            pick = right[0] if correct else self.rng.choices(wrong, weights[: len(wrong)])[0]
            chosen = pick
        elif isinstance(step, MultipleChoice):
            picked = {o.id for o in step.options if o.correct}
            if not correct:  # one option too many or too few
                flip = self.rng.choices([o.id for o in step.options], weights)[0]
                picked ^= {flip}
                if not picked:
                    picked = {flip}
                    correct = {o.id for o in step.options if o.correct} == picked
            chosen = ",".join(o.id for o in step.options if o.id in picked)
        check = step.knowledge_check
        self.rows[AnswerEvent].append(
            {**context, "module_id": module.id, "module_version": module.version,
             "step_id": step.id, "correct": correct, "score": float(correct), "chosen": chosen,
             "knowledge_check_test": check.test if check else None,
             "knowledge_check_construct": check.construct_id if check else None}
        )  # fmt: skip

    def game(self, pseudonym: str, group: HistoryClass, scenario, ability: float, week: str):
        rng = self.rng
        if rng.random() > 0.9:
            return
        context = self._context(pseudonym, group, week)
        runs = rng.choices((1, 2, 3), (0.4, 0.4, 0.2))[0]
        goal = scenario.goal
        for run_number in range(1, runs + 1):
            self._activity(context, ActivityKind.GAME_STARTED, scenario, run_number)
            if rng.random() < 0.1:
                continue  # left the game before the end
            self._activity(context, ActivityKind.GAME_FINISHED, scenario, run_number)
            # Pupils learn from the debrief: later runs end in debt less often.
            skill = ability + (0.6 if run_number > 1 else 0.0)
            in_debt = rng.random() < _right(-skill, 0.2)
            debt = rng.randrange(500, 6000, 50) if in_debt else 0
            savings = 0 if in_debt else rng.randrange(0, (goal.amount if goal else 5000) * 2, 50)
            self.rows[GameOutcome].append(
                {**context, "scenario_id": scenario.id, "scenario_version": scenario.version,
                 "run_number": run_number,
                 "goal_reached": (savings >= goal.amount) if goal else None,
                 "ended_in_debt": in_debt,
                 "fees_cents": rng.randrange(100, 1500, 50) if in_debt else 0,
                 "cash_cents": rng.randrange(0, 2000, 10), "bank_cents": rng.randrange(0, 4000, 10),
                 "savings_cents": savings, "debt_cents": debt,
                 "wellbeing": max(0, min(100, round(60 + 15 * skill - (20 if in_debt else 0)))),
                 "turns": scenario.turns.count}
            )  # fmt: skip
