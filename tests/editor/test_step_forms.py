"""The editor's forms come from the step registry: a step type registered only in this test gets
a working form (text, Markdown, numbers, yes/no, a choice, entries with their own fields) without
any change to the editor, and every registered type renders a form that saves."""

from __future__ import annotations

from typing import Literal

import pytest
from pydantic import Field

from leergang.authoring.editor import read_text
from leergang.authoring.stepforms import spec_for
from leergang.content import STEP_TYPES
from leergang.content.fields import ContentModel, Markdown, Slug, Text
from leergang.content.stepbase import QuestionStep, register
from leergang.db import new_session
from tests.editor.helpers import NEW, create_module, editor_fields, press, signed_in

EDIT = f"/author/modules/{NEW['id']}/edit"


class Tally(ContentModel):
    id: Slug
    text: Text
    weight: int = 1


def _saved_steps(app):
    from sqlmodel import select

    from leergang.authoring.models import ContentVersion

    with app.app_context(), new_session() as session:
        row = session.exec(select(ContentVersion)).one()
    return read_text(row.yaml_text)["steps"]


@pytest.fixture
def estimate():
    """A step type that exists only during this test."""

    @register
    class Estimate(QuestionStep):
        type: Literal["estimate"]
        unit: Literal["euro", "week"]
        low: int
        high: int = Field(default=100, ge=0)
        rounded: bool = False
        explanation: Markdown
        tallies: list[Tally] = Field(min_length=2)

    yield Estimate
    STEP_TYPES.pop("estimate")


def test_a_new_step_type_gets_its_form_from_the_registry(app, people, estimate):
    author = signed_in(app, "author")
    create_module(author)
    assert '<option value="estimate">estimate</option>' in author.get(EDIT).text
    press(author, "add:s", new_type="estimate")
    page = author.get(EDIT).text
    for name in ("prompt", "hint", "knowledge_check.test", "unit", "low", "high", "explanation",
                 "tallies.0.id", "tallies.1.weight"):  # fmt: skip
        assert f'name="s.0.{name}"' in page, name
    assert 'type="checkbox" name="s.0.rounded"' in page
    saved = press(
        author, "save", extra=[("s.0.rounded", "true")], s__0__prompt="Hoeveel **weken**?",
        s__0__unit="week", s__0__low="3", s__0__explanation="Tel de weken.",
        s__0__tallies__0__id="kort", s__0__tallies__0__text="Kort", s__0__tallies__1__id="lang",
        s__0__tallies__1__text="Lang", s__0__tallies__1__weight="2",
    )  # fmt: skip
    assert saved.status_code == 303
    (step,) = _saved_steps(app)
    assert step == {
        "id": "estimate-1", "type": "estimate", "prompt": "Hoeveel **weken**?", "unit": "week",
        "low": 3, "rounded": True, "explanation": "Tel de weken.",
        "tallies": [{"id": "kort", "text": "Kort"}, {"id": "lang", "text": "Lang", "weight": 2}],
    }  # fmt: skip
    again = author.get(EDIT).text
    assert 'value="week" selected' in again and "Tel de weken." in again
    assert "<strong>weken</strong>" in again  # the Markdown preview


@pytest.mark.parametrize("step_type", list(STEP_TYPES))
def test_every_step_type_renders_a_form_that_saves(app, people, step_type):
    author = signed_in(app, "author")
    create_module(author)
    press(author, "add:s", new_type=step_type)
    page = author.get(EDIT)
    names = {name for name, _value in editor_fields(page.text)}
    for spec in spec_for(STEP_TYPES[step_type]):
        found = {n for n in names if n == f"s.0.{spec.name}" or n.startswith(f"s.0.{spec.name}.")}
        if spec.kind == "yes_no" and not spec.required:
            assert f'name="s.0.{spec.name}"' in page.text, spec.name  # an unticked box
        elif spec.kind == "entries" and not spec.min_entries:
            assert f'value="add:s.0.{spec.name}"' in page.text, spec.name
        else:
            assert found, spec.name
    assert press(author, "save", page).status_code == 303
    (step,) = _saved_steps(app)
    assert step["type"] == step_type and step["id"] == f"{step_type.replace('_', '-')}-1"
