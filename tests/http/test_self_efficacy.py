"""The self-efficacy step over HTTP: a Likert per sentence, never scored, compared on the result."""

from __future__ import annotations

import pytest

from leergang import create_app
from leergang.assignments.services import create_assignment
from leergang.classes.models import Classroom
from leergang.db import new_session
from tests.helpers import Actor

MODULE = """\
schema_version: 1
id: zeker-weten
version: "1"
title: Zeker weten
description: Een kleine les om het zelfvertrouwen te testen.
levels: [po-8]
themes: [vooruitzien]
learning_goals: [Ik kan sparen.]
minutes: 5
authors: [{name: Test}]
licence: CC0-1.0
sources: []
steps:
  - id: zeker-voor
    type: self_efficacy
    moment: pre
    statements:
      - {id: sparen, text: Ik kan sparen voor iets wat ik graag wil.}
      - {id: budget, text: Ik weet hoe ik een budget maak.}
  - id: vraag
    type: true_false
    prompt: Sparen is geld bewaren voor later.
    answer: true
    feedback: {correct: Ja!, incorrect: Toch wel.}
  - id: zeker-na
    type: self_efficacy
    moment: post
    statements:
      - {id: sparen, text: Ik kan sparen voor iets wat ik graag wil.}
      - {id: budget, text: Ik weet hoe ik een budget maak.}
"""


@pytest.fixture
def pupil(app_config, demo, noor, tmp_path):
    folder = tmp_path / "lessons" / "zeker-weten"
    folder.mkdir(parents=True)
    (folder / "module.yaml").write_text(MODULE, encoding="utf-8")
    app = create_app({**app_config, "LESSONS_DIR": str(folder.parent)})
    with app.app_context(), new_session(write=True) as session:
        classroom = session.get(Classroom, noor.classroom_id)
        create_assignment(
            session=session, classroom=classroom, kind="module", item_id="zeker-weten"
        )
    actor = Actor(app.test_client())
    actor.sign_in_pupil("KTR947", noor)
    yield actor
    app.extensions["leergang.engine"].dispose()


def test_pupil_rates_before_and_after_and_sees_both_on_the_result(pupil):
    base = "/learn/zeker-weten"
    pupil.post(f"{base}/start")
    page = pupil.get(f"{base}/zeker-voor").get_data(as_text=True)
    assert page.count("<fieldset") == 2
    assert "<legend>Ik weet hoe ik een budget maak.</legend>" in page
    labels = ("Klopt helemaal niet", "Klopt niet", "Klopt een beetje", "Klopt", "Klopt helemaal")
    for label in labels:
        assert f"<span>{label}</span>" in page
    assert page.count('type="radio" name="rating-sparen"') == 5

    # Half an answer is refused kindly and keeps what was chosen.
    refused = pupil.post(f"{base}/zeker-voor/answer", {"rating-sparen": "2"})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "Kies bij elke zin een antwoord." in html
    assert 'name="rating-sparen" value="2" checked' in html
    # Going on without an answer is not possible.
    pupil.post(f"{base}/zeker-voor/next")
    assert pupil.post(f"{base}/start").headers["Location"].endswith(f"{base}/zeker-voor")

    pupil.post(f"{base}/zeker-voor/answer", {"rating-sparen": "2", "rating-budget": "3"})
    answered = pupil.get(f"{base}/zeker-voor").get_data(as_text=True)
    assert "Hier is niets goed of fout." in answered
    assert "Niet helemaal" not in answered and "Goed zo" not in answered
    pupil.post(f"{base}/zeker-voor/next")
    pupil.post(f"{base}/vraag/answer", {"choice": "false"})
    pupil.post(f"{base}/vraag/next")
    pupil.post(f"{base}/zeker-na/answer", {"rating-sparen": "5", "rating-budget": "4"})
    done = pupil.post(f"{base}/zeker-na/next")
    assert done.headers["Location"].endswith(f"{base}/result")

    result = pupil.get(f"{base}/result").get_data(as_text=True)
    assert "0 van de 1 goed" in result  # the ratings do not count as questions
    assert "Hoe zeker je je voelt" in result
    sparen = result.split("Ik kan sparen voor iets wat ik graag wil.</th>")[1].split("</tr>")[0]
    assert "<td>Klopt niet</td>" in sparen and "<td>Klopt helemaal</td>" in sparen
    assert result.count("hoe zeker je je voelt") == 2
