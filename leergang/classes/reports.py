"""What a teacher reads about their class: the questions most pupils got wrong (with the answers
they chose), and one pupil's answers and reflections. The progress grid is in assignments/."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlmodel import Session, select

from leergang.classes.models import Classroom, Pupil
from leergang.classes.services import name_key
from leergang.content import Module
from leergang.learn.models import ModuleProgress, StepAnswer


def describe_answer(step, answer: dict) -> str:
    """A pupil's answer in words, as they saw the choices."""
    kind = step.type
    if kind == "single_choice":
        return next((o.text for o in step.options if o.id == answer.get("choice")), "?")
    if kind == "multiple_choice":
        texts = [o.text for o in step.options if o.id in answer.get("choices", [])]
        return ", ".join(texts) or _("(nothing chosen)")
    if kind == "true_false":
        return _("True") if answer.get("choice") else _("False")
    if kind == "numeric":
        from leergang.web import money

        return money(answer.get("cents", 0))
    if kind == "ordering":
        texts = {item.id: item.text for item in step.items}
        return " → ".join(texts.get(i, "?") for i in answer.get("order", []))
    if kind == "categorise":
        labels = {c.id: c.label for c in step.categories}
        given = answer.get("categories", {})
        return "; ".join(f"{i.text}: {labels.get(given.get(i.id), '?')}" for i in step.items)
    if kind == "reflection":
        return answer.get("text", "")
    return str(answer)


def right_answer(step) -> str:
    """The right answer in words, for the teacher's preview and the class discussion."""
    kind = step.type
    if kind == "single_choice":
        return next(o.text for o in step.options if o.correct)
    if kind == "multiple_choice":
        return ", ".join(o.text for o in step.options if o.correct)
    if kind == "true_false":
        return _("True") if step.answer else _("False")
    if kind == "numeric":
        from leergang.web import money

        return money(step.answer)
    if kind == "ordering":
        return " → ".join(item.text for item in step.items)
    if kind == "categorise":
        labels = {c.id: c.label for c in step.categories}
        return "; ".join(f"{i.text}: {labels[i.category]}" for i in step.items)
    return ""


@dataclass(frozen=True)
class DifficultQuestion:
    step: object
    answered: int
    wrong: int
    chosen: list[tuple[str, int, list[str]]]  # wrong answer in words, how many, which pupils

    @property
    def wrong_percentage(self) -> int:
        return round(100 * self.wrong / self.answered) if self.answered else 0


def difficult_questions(
    *, session: Session, classroom: Classroom, module: Module
) -> list[DifficultQuestion]:
    """The module's questions for this class, the most often wrong first (one query)."""
    rows = session.exec(
        select(StepAnswer, Pupil.display_name)
        .join(ModuleProgress, StepAnswer.progress_id == ModuleProgress.id)
        .join(Pupil, ModuleProgress.pupil_id == Pupil.id)
        .where(Pupil.classroom_id == classroom.id, ModuleProgress.module_id == module.id)
    )
    by_step: dict[str, list[tuple[StepAnswer, str]]] = {}
    for answer, name in rows:
        by_step.setdefault(answer.step_id, []).append((answer, name))
    found = []
    for step in module.question_steps:
        answers = by_step.get(step.id, [])
        wrong = [(a, name) for a, name in answers if a.correct is False]
        counts: Counter[str] = Counter()
        names: dict[str, list[str]] = {}
        for answer, name in wrong:
            text = describe_answer(step, answer.answer)
            counts[text] += 1
            names.setdefault(text, []).append(name)
        chosen = [
            (text, count, sorted(names[text], key=name_key)) for text, count in counts.most_common()
        ]
        found.append(DifficultQuestion(step, len(answers), len(wrong), chosen))
    found.sort(key=lambda q: (-q.wrong_percentage, -q.wrong))
    return found


@dataclass(frozen=True)
class PupilModuleWork:
    module: Module | None
    module_id: str
    progress: ModuleProgress
    answers: list[tuple[object, StepAnswer]]  # (step or None, answer) in lesson order


def pupil_work(*, session: Session, pupil: Pupil, library) -> list[PupilModuleWork]:
    """Every module the pupil started, with their answers and reflections."""
    work = []
    progresses = session.exec(
        select(ModuleProgress)
        .where(ModuleProgress.pupil_id == pupil.id)
        .order_by(ModuleProgress.started_at)
    )
    for progress in progresses:
        module = library.modules.get(progress.module_id)
        answers = list(
            session.exec(select(StepAnswer).where(StepAnswer.progress_id == progress.id))
        )
        if module is not None:
            order = {step.id: i for i, step in enumerate(module.steps)}
            answers.sort(key=lambda a: order.get(a.step_id, len(order)))
            steps = {step.id: step for step in module.steps}
            pairs = [(steps.get(a.step_id), a) for a in answers]
        else:
            pairs = [(None, a) for a in answers]
        work.append(PupilModuleWork(module, progress.module_id, progress, pairs))
    return work
