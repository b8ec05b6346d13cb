"""Which option(s) a pupil chose is kept on the anonymous answer event (item statistics need it);
the text of any other answer, a reflection above all, never is."""

from __future__ import annotations

from sqlmodel import select

from leergang.content.steps import MultipleChoice, SingleChoice, TrueFalse
from leergang.db import new_session
from leergang.learn.models import StepAnswer
from leergang.metrics.models import AnswerEvent
from leergang.metrics.record import chosen_options
from tests.answers import right_answer, wrong_answer
from tests.helpers import play

MODULE = "nodig-of-willen"  # single choice, true/false, other questions and a reflection


def _events(app):
    with app.app_context(), new_session() as session:
        return {e.step_id: e for e in session.exec(select(AnswerEvent))}


def test_each_choice_question_records_the_option_ids_the_pupil_picked(app, pupil_actor, library):
    module = library.modules[MODULE]
    play(pupil_actor, module, lambda step: wrong_answer(step) or right_answer(step))

    events = _events(app)
    choice_steps = [s for s in module.question_steps
                    if isinstance(s, SingleChoice | MultipleChoice | TrueFalse)]  # fmt: skip
    assert choice_steps and set(events) == {s.id for s in module.question_steps}
    for step in module.question_steps:
        form = wrong_answer(step) or right_answer(step)
        if isinstance(step, SingleChoice | TrueFalse):
            assert events[step.id].chosen == form["choice"], step.id
        elif isinstance(step, MultipleChoice):
            assert events[step.id].chosen == ",".join(
                o.id for o in step.options if o.id in form["choice"]
            )
        else:
            assert events[step.id].chosen is None, step.id


def test_a_reflection_text_never_reaches_an_event(app, pupil_actor, library):
    module = library.modules[MODULE]
    reflection = next(s for s in module.steps if s.type == "reflection")
    secret = "mijn-geheim-thuis"  # even text shaped like an option id stays with the pupil

    def answers(step):
        return {"text": secret} if step.id == reflection.id else right_answer(step)

    play(pupil_actor, module, answers)
    with app.app_context(), new_session() as session:
        stored = session.exec(select(StepAnswer).where(StepAnswer.step_id == reflection.id)).one()
        assert stored.answer == {"text": secret}
        events = list(session.exec(select(AnswerEvent)))
    assert reflection.id not in {e.step_id for e in events}
    assert all(secret not in (e.chosen or "") for e in events)


def test_only_choice_shapes_with_option_ids_are_read():
    assert chosen_options({"choice": "spaar-eerst"}) == "spaar-eerst"
    assert chosen_options({"choice": False}) == "false"
    assert chosen_options({"choices": ["a", "c"]}) == "a,c"
    assert chosen_options({"text": "ik koop het meteen"}) is None
    assert chosen_options({"choice": "Ik koop het meteen"}) is None  # not an option id
    assert chosen_options({"choices": ["a", 3]}) is None
    assert chosen_options({"cents": 1250}) is None
    assert chosen_options({"order": ["a", "b"]}) is None
