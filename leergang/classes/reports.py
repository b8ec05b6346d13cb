"""What a teacher reads about their class: the progress grid as CSV, the questions most pupils got
wrong (with the answers they chose), and one pupil's answers and reflections."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlmodel import Session, select

from leergang.assignments.services import Grid
from leergang.classes.models import Classroom, Pupil
from leergang.content import Module, StepBase
from leergang.content.steps import Wording
from leergang.learn.models import ModuleProgress, StepAnswer
from leergang.web import money


def state_label(state: str) -> str:
    return {
        "not_started": _("Not started"),
        "busy": _("Busy"),
        "done": _("Done"),
    }[state]


def minutes(seconds: int) -> int:
    """Time spent in whole minutes, rounded up so a started lesson never shows 0 after a minute."""
    return (seconds + 59) // 60


def item_title(column) -> str:
    return column.item.title if column.item is not None else column.assignment.item_id


def grid_rows(grid: Grid) -> list[list[str]]:
    """The grid as text, header first: exactly what the page shows, for the CSV."""
    header = [_("Pupil")]
    for column in grid.columns:
        title = item_title(column)
        header += [
            _("%(title)s: status", title=title),
            _("%(title)s: score (%%)", title=title),
            _("%(title)s: minutes", title=title),
        ]
    rows = [header]
    for pupil in grid.pupils:
        row = [pupil.display_name]
        for column in grid.columns:
            status = grid.cells[pupil.id][column.assignment.id]
            if status is None:
                row += [_("Not assigned"), "", ""]
            else:
                row += [
                    state_label(status.state),
                    "" if status.score is None else str(status.score),
                    str(minutes(status.seconds)) if status.seconds else "",
                ]
        rows.append(row)
    footer = [_("Done")]
    for column in grid.columns:
        footer += [done_count(grid, column), "", ""]
    rows.append(footer)
    return rows


def done_count(grid: Grid, column) -> str:
    """The grid's footer: how many of the pupils who have this assignment are done."""
    cells = [grid.cells[p.id][column.assignment.id] for p in grid.pupils]
    assigned = [cell for cell in cells if cell is not None]
    done = sum(1 for cell in assigned if cell.state == "done")
    return _("%(done)d of %(total)d", done=done, total=len(assigned))


def grid_csv(grid: Grid) -> bytes:
    """UTF-8 with a byte-order mark and ';' between fields: how Dutch Excel opens a CSV directly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in grid_rows(grid):
        # A name starting with = + - @ would be run as a formula by Excel.
        writer.writerow(["'" + cell if cell and cell[0] in "=+-@" else cell for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _wording() -> Wording:
    """The reader's language and money format, for the step types' own wording."""
    return Wording(gettext=_, money=money)


def describe_answer(step: StepBase, answer: dict, seed: str | None = None) -> str:
    """A pupil's answer in words, as they saw the choices (in their order: ``seed`` is the
    pupil's pseudonym, as the player uses it)."""
    return step.describe(answer, _wording(), seed=seed)


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
        chosen = [(text, count, sorted(names[text])) for text, count in counts.most_common()]
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
