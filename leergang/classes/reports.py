"""What a teacher reads about their class: the questions most pupils got wrong (with the answers
they chose), and one pupil's answers and reflections. The progress grid is in assignments/."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlmodel import Session, select

from leergang.classes.models import Classroom, Pupil
from leergang.classes.services import name_key
from leergang.content import Module, StepBase
from leergang.content.steps import Wording
from leergang.learn.models import ModuleProgress, StepAnswer
from leergang.web import money


def _wording() -> Wording:
    """The reader's language and money format, for the step types' own wording."""
    return Wording(gettext=_, money=money)


def describe_answer(step: StepBase, answer: dict) -> str:
    """A pupil's answer in words, as they saw the choices."""
    return step.describe(answer, _wording())


def right_answer(step: StepBase) -> str:
    """The right answer in words, for the teacher's preview and the class discussion."""
    return step.right_answer_text(_wording())


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
    progresses = list(
        session.exec(
            select(ModuleProgress)
            .where(ModuleProgress.pupil_id == pupil.id)
            .order_by(ModuleProgress.started_at)
        )
    )
    # All answers in one query, not one per module.
    by_progress: dict[int, list[StepAnswer]] = {p.id: [] for p in progresses}
    if progresses:
        for answer in session.exec(
            select(StepAnswer)
            .where(StepAnswer.progress_id.in_(list(by_progress)))
            .order_by(StepAnswer.id)
        ):
            by_progress[answer.progress_id].append(answer)
    for progress in progresses:
        module = library.modules.get(progress.module_id)
        answers = by_progress[progress.id]
        if module is not None:
            order = {step.id: i for i, step in enumerate(module.steps)}
            answers.sort(key=lambda a: order.get(a.step_id, len(order)))
            steps = {step.id: step for step in module.steps}
            pairs = [(steps.get(a.step_id), a) for a in answers]
        else:
            pairs = [(None, a) for a in answers]
        work.append(PupilModuleWork(module, progress.module_id, progress, pairs))
    return work
