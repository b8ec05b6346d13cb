"""Item statistics of lesson modules, read from the anonymous record for the partner authors.

One query reads the answer events (research use only, see ``services.research_events``) of every
module asked for, at the module's current version: option ids and right answers belong to one
version of the lesson file, so an older version's answers are not mixed in. The pure ``items``
core does the figures and leaves out any question with fewer than k responders.

Choice questions (single, multiple, true/false) get option counts and the option flags. The other
question types (amounts, ordering, sorting) count as right or wrong only: their difficulty and
item–rest correlation are shown, and they take part in the other questions' rest scores.
An event without ``chosen`` (a choice answer of a pupil deleted before options were recorded)
is left out, so that every figure of a question rests on the same pupils.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlmodel import Session

from leergang.content import Module
from leergang.content.steps import MultipleChoice, SingleChoice, TrueFalse
from leergang.metrics.items import (
    FLAG_DISTRACTOR_BEATS_ANSWER,
    FLAG_UNPICKED_OPTION,
    Item,
    ItemStatistics,
    Response,
    item_statistics,
)
from leergang.metrics.models import AnswerEvent
from leergang.metrics.suppression import DEFAULT_K, check_k

# Stand-in options of a question without options: right or wrong is all the record knows.
RIGHT, WRONG = "right", "wrong"
OPTION_FLAGS = frozenset({FLAG_UNPICKED_OPTION, FLAG_DISTRACTOR_BEATS_ANSWER})


@dataclass(frozen=True)
class OptionCount:
    id: str
    right: bool
    picked: int


@dataclass(frozen=True)
class QuestionFigures:
    """One question of a module with its statistics (``stats`` None: fewer than k responders)."""

    step: object  # the module's QuestionStep
    stats: ItemStatistics | None
    options: tuple[OptionCount, ...]  # empty for questions without options


@dataclass(frozen=True)
class ModuleFigures:
    module: Module
    questions: tuple[QuestionFigures, ...]

    @property
    def reported(self) -> int:
        return sum(q.stats is not None for q in self.questions)


def has_options(step) -> bool:
    return isinstance(step, SingleChoice | MultipleChoice | TrueFalse)


def question_item(step) -> Item:
    """The ``items.Item`` of a question step of the lesson file."""
    check = step.knowledge_check
    construct, test = (check.construct_id, check.test) if check else (None, None)
    if isinstance(step, TrueFalse):
        options, answer = ("true", "false"), frozenset({"true" if step.answer else "false"})
    elif isinstance(step, SingleChoice | MultipleChoice):
        options = tuple(o.id for o in step.options)
        answer = frozenset(o.id for o in step.options if o.correct)
    else:
        options, answer = (RIGHT, WRONG), frozenset({RIGHT})
    return Item(id=step.id, options=options, answer=answer, construct=construct, test=test)


def module_figures(
    *, session: Session, modules: Iterable[Module], k: int = DEFAULT_K
) -> list[ModuleFigures]:
    """Item statistics of every question of ``modules``, in the order given (one query)."""
    check_k(k)
    modules = list(modules)
    if not modules:
        return []
    rows = session.execute(
        select(
            AnswerEvent.module_id,
            AnswerEvent.step_id,
            AnswerEvent.pseudonym,
            AnswerEvent.correct,
            AnswerEvent.chosen,
        ).where(
            AnswerEvent.research_use.is_(True),
            or_(
                *(
                    and_(AnswerEvent.module_id == m.id, AnswerEvent.module_version == m.version)
                    for m in modules
                )
            ),
        )
    )
    by_module: dict[str, list] = defaultdict(list)
    for row in rows:
        by_module[row.module_id].append(row)
    return [_figures(module, by_module[module.id], k) for module in modules]


def _figures(module: Module, rows: list, k: int) -> ModuleFigures:
    steps = {step.id: step for step in module.question_steps}
    items = {step_id: question_item(step) for step_id, step in steps.items()}
    responses = []
    for _module_id, step_id, pseudonym, correct, chosen in rows:
        step = steps.get(step_id)
        if step is None:
            continue
        if has_options(step):
            picked = tuple(chosen.split(",")) if chosen else ()
            if not picked or not set(picked) <= set(items[step_id].options):
                continue
        else:
            picked = (RIGHT if correct else WRONG,)
        responses.append(Response(pseudonym, step_id, picked, bool(correct)))
    stats = {s.item_id: s for s in item_statistics(responses, items=items.values(), k=k)}
    questions = []
    for step_id, step in steps.items():
        stat = stats.get(step_id)
        options: tuple[OptionCount, ...] = ()
        if stat is not None and has_options(step):
            right = items[step_id].answer
            options = tuple(OptionCount(o, o in right, n) for o, n in stat.option_counts)
        elif stat is not None:
            stat = dataclasses.replace(
                stat,
                option_counts=(),
                unpicked_options=(),
                popular_distractors=(),
                flags=stat.flags - OPTION_FLAGS,
            )
        questions.append(QuestionFigures(step=step, stats=stat, options=options))
    return ModuleFigures(module=module, questions=tuple(questions))
