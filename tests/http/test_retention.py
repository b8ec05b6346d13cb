"""`flask retention run`: archived classes' pupil data goes after the retention period."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from leergang.classes.models import Classroom, Pupil
from leergang.classes.schoolyear import deletion_date
from leergang.db import new_session
from leergang.learn.models import ModuleProgress, StepAnswer
from leergang.metrics.models import AnswerEvent
from tests.answers import right_answer
from tests.helpers import play


@pytest.mark.parametrize(
    ("archived", "extra", "first_deletion_day"),
    [
        (date(2027, 7, 10), 1, date(2028, 8, 1)),  # archived in 2026-2027: kept through 2027-2028
        (date(2027, 8, 1), 1, date(2029, 8, 1)),  # 1 August starts the next school year
        (date(2026, 12, 20), 0, date(2027, 8, 1)),
    ],
)
def test_deletion_date(archived, extra, first_deletion_day):
    assert deletion_date(archived, extra) == first_deletion_day


def _archive(app, code, on):
    with app.app_context(), new_session(write=True) as session:
        classroom = session.exec(select(Classroom).where(Classroom.code == code)).one()
        classroom.archived_on = on
        session.add(classroom)
        session.commit()


def _count(app, model, *where):
    with app.app_context(), new_session() as session:
        return len(list(session.exec(select(model).where(*where))))


def test_retention_run_deletes_only_classes_past_their_period(app, demo, pupil_actor, library):
    play(pupil_actor, library.modules["nodig-of-willen"], right_answer)
    events = _count(app, AnswerEvent)
    assert events
    _archive(app, "KTR947", date(2027, 7, 10))  # groep 8: due from 1 August 2028
    _archive(app, "HMW374", date(2028, 6, 30))  # VMBO 3B: due from 1 August 2029
    runner = app.test_cli_runner()

    result = runner.invoke(args=["retention", "run", "--today", "2028-07-31"])
    assert result.exit_code == 0, result.output
    assert "Deleted 0 archived classes, 0 pupils" in result.output
    assert _count(app, Pupil) == 9

    result = runner.invoke(args=["retention", "run", "--today", "2028-08-01", "--dry-run"])
    assert "Would delete class 'Groep 8 De Regenboog' (archived 2027-07-10): 5 pupils" in (
        result.output
    )
    assert _count(app, Pupil) == 9

    result = runner.invoke(args=["retention", "run", "--today", "2028-08-01"])
    assert result.exit_code == 0, result.output
    assert "Deleted class 'Groep 8 De Regenboog' (archived 2027-07-10): 5 pupils" in result.output
    assert "Deleted 1 archived classes, 5 pupils" in result.output
    assert "Noor" not in result.output  # never a pupil's name
    assert _count(app, Classroom, Classroom.code == "KTR947") == 0
    assert _count(app, Pupil) == 4  # VMBO 3B stays until its own date
    assert _count(app, ModuleProgress) == 0 and _count(app, StepAnswer) == 0
    assert _count(app, AnswerEvent) == events  # anonymous metrics stay


def test_active_classes_are_never_deleted(app, demo):
    result = app.test_cli_runner().invoke(args=["retention", "run", "--today", "2099-01-01"])
    assert result.exit_code == 0 and "Deleted 0 archived classes" in result.output
    assert _count(app, Pupil) == 9


def test_retention_period_is_configurable(app_config, demo):
    from leergang import create_app

    strict = create_app({**app_config, "RETENTION_EXTRA_SCHOOL_YEARS": 0})
    _archive(strict, "HMW374", date(2027, 3, 1))
    result = strict.test_cli_runner().invoke(args=["retention", "run", "--today", "2027-08-01"])
    assert "Deleted class 'VMBO 3B'" in result.output
    strict.extensions["leergang.engine"].dispose()
