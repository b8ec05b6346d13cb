"""Progress through a module: start, answer (once per step), move on, finish, sum up.

Progress lives on the server after every step, so a closed tab, lost wifi or another
Chromebook resumes at the same step.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import bindparam
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from leergang.classes.models import Pupil
from leergang.content import Module, Outcome
from leergang.learn.models import ModuleProgress, StepAnswer
from leergang.metrics import record
from leergang.timeutil import utcnow


def arrange_test_only(module: Module) -> Module:
    """The module as a pupil of a comparison class takes it: the pre-test, then the post-test,
    and only then the lesson steps ("test only" mode).

    The pre-test block is every pre-test question and the self-efficacy step before; the post-test
    block the post-test questions and the self-efficacy step after; the other steps follow in the
    author's order. Step ids stay the same, so answers and events are those of the normal module.
    A module without a knowledge check is returned as it is.
    """
    pre = module.knowledge_check_steps("pre")
    post = module.knowledge_check_steps("post")
    if not pre and not post:
        return module

    def block(moment: str, questions: list) -> list:
        efficacy = module.self_efficacy_step(moment)  # type: ignore[arg-type]
        ids = {s.id for s in questions} | ({efficacy.id} if efficacy else set())
        return [s for s in module.steps if s.id in ids]

    first, second = block("pre", pre), block("post", post)
    tested = {s.id for s in first + second}
    steps = first + second + [s for s in module.steps if s.id not in tested]
    arranged = module.model_copy(update={"steps": steps})
    arranged.__dict__.pop("_step_positions", None)  # a cached index of the author's order
    return arranged


def module_for(*, pupil: Pupil, module: Module) -> Module:
    """``module`` in the order this pupil takes it: test only first in a comparison class."""
    return arrange_test_only(module) if pupil.classroom.comparison else module


# Built once: every step page asks both (SQLAlchemy then only binds the values).
_PROGRESS = select(ModuleProgress).where(
    ModuleProgress.pupil_id == bindparam("pupil_id"),
    ModuleProgress.module_id == bindparam("module_id"),
)
_ANSWER = select(StepAnswer).where(
    StepAnswer.progress_id == bindparam("progress_id"), StepAnswer.step_id == bindparam("step_id")
)


def get_progress(*, session: Session, pupil: Pupil, module: Module) -> ModuleProgress | None:
    params = {"pupil_id": pupil.id, "module_id": module.id}
    return session.exec(_PROGRESS, params=params).first()


def start(*, session: Session, pupil: Pupil, module: Module) -> ModuleProgress:
    """The pupil's progress in ``module``, created on first visit (a double click makes one).

    The progress pins ``module.version``: the player shows that version to the end, even after
    a newer one is published (``library.get_module_version``)."""
    progress = get_progress(session=session, pupil=pupil, module=module)
    if progress is not None:
        return progress
    progress = ModuleProgress(
        pupil_id=pupil.id,
        module_id=module.id,
        module_version=module.version,
        current_step_id=module.steps[0].id,
    )
    try:
        with session.begin_nested():
            session.add(progress)
            record.module_started(session=session, pupil=pupil, progress=progress)
        session.commit()
    except IntegrityError:
        session.rollback()
        progress = get_progress(session=session, pupil=pupil, module=module)
    return progress


def current_index(*, progress: ModuleProgress, module: Module) -> int:
    """Where the pupil is. If authors removed that step since, resume at the first open one."""
    try:
        return module.step_index(progress.current_step_id)
    except (KeyError, ValueError):
        return 0


def answers_for(*, session: Session, progress: ModuleProgress) -> dict[str, StepAnswer]:
    rows = session.exec(select(StepAnswer).where(StepAnswer.progress_id == progress.id))
    return {row.step_id: row for row in rows}


def get_answer(*, session: Session, progress: ModuleProgress, step_id: str) -> StepAnswer | None:
    params = {"progress_id": progress.id, "step_id": step_id}
    return session.exec(_ANSWER, params=params).first()


def record_answer(
    *, session: Session, progress: ModuleProgress, step, answer: dict
) -> tuple[StepAnswer, Outcome]:
    """Check ``answer`` on the server and store it; the first answer to a step is the one kept.

    A second submission (double click, re-sent form after a timeout) stores nothing and gets the
    first answer's outcome back, so the pupil sees the same feedback.
    """
    existing = get_answer(session=session, progress=progress, step_id=step.id)
    if existing is not None:
        return existing, step.check(existing.answer)
    outcome = step.check(answer)
    row = StepAnswer(
        progress_id=progress.id,
        step_id=step.id,
        answer=answer,
        correct=outcome.correct,
        score=outcome.score,
    )
    try:
        with session.begin_nested():
            session.add(row)
            pupil = session.get(Pupil, progress.pupil_id)
            record.step_answered(
                session=session, pupil=pupil, progress=progress, step=step, row=row
            )
        progress.updated_at = utcnow()
        session.add(progress)
        session.commit()
    except IntegrityError:
        session.rollback()
        row = get_answer(session=session, progress=progress, step_id=step.id)
        return row, step.check(row.answer)
    return row, outcome


def step_done(*, step, answer: StepAnswer | None) -> bool:
    return answer is not None or not step.needs_answer


def advance(
    *, session: Session, progress: ModuleProgress, module: Module, from_step_id: str
) -> bool:
    """Move on from ``from_step_id`` if that is where the pupil is and the step is done.

    Returns True when the module is now finished. Repeating the same request is harmless.
    """
    index = current_index(progress=progress, module=module)
    step = module.steps[index]
    if progress.finished_at is not None or step.id != from_step_id:
        return progress.finished_at is not None
    answer = get_answer(session=session, progress=progress, step_id=step.id)
    if not step_done(step=step, answer=answer):
        return False
    now = utcnow()
    try:
        with session.begin_nested():
            if index + 1 < len(module.steps):
                progress.current_step_id = module.steps[index + 1].id
            else:
                progress.finished_at = now
                pupil = session.get(Pupil, progress.pupil_id)
                record.module_finished(session=session, pupil=pupil, progress=progress)
            progress.updated_at = now
            session.add(progress)
        session.commit()
    except IntegrityError:  # the same last step was finished twice at the same moment
        session.rollback()
        session.refresh(progress)
    return progress.finished_at is not None


@dataclass(frozen=True)
class Confidence:
    """One self-efficacy sentence with the pupil's rating (1–5) before and after the lesson."""

    text: str
    before: int | None
    after: int | None


@dataclass(frozen=True)
class Result:
    questions: int
    correct: int
    steps: list[tuple[object, StepAnswer | None]]
    confidence: list[Confidence] = field(default_factory=list)
    # The pre-test items with the pupil's answers: shown with the right answers at the end.
    pre_test: list[tuple[object, StepAnswer | None]] = field(default_factory=list)

    @property
    def percentage(self) -> int:
        return round(100 * self.correct / self.questions) if self.questions else 100


def result(*, session: Session, progress: ModuleProgress, module: Module) -> Result:
    answers = answers_for(session=session, progress=progress)
    questions = [s for s in module.steps if s.is_question]
    correct = sum(1 for s in questions if answers.get(s.id) and answers[s.id].correct)
    return Result(
        questions=len(questions),
        correct=correct,
        steps=[(s, answers.get(s.id)) for s in module.steps if s.needs_answer],
        confidence=_confidence(module=module, answers=answers),
        pre_test=[(s, answers.get(s.id)) for s in module.knowledge_check_steps("pre")],
    )


def _confidence(*, module: Module, answers: dict[str, StepAnswer]) -> list[Confidence]:
    """The self-efficacy sentences side by side: how sure the pupil felt before and after."""
    pre, post = module.self_efficacy_step("pre"), module.self_efficacy_step("post")
    if pre is None:
        return []

    def ratings(step) -> dict[str, int]:
        answer = answers.get(step.id) if step is not None else None
        return answer.answer.get("ratings", {}) if answer is not None else {}

    before, after = ratings(pre), ratings(post)
    return [Confidence(s.text, before.get(s.id), after.get(s.id)) for s in pre.statements]
