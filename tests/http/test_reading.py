"""Easy reading: a pupil's choice, kept on the pupil row, works without JavaScript."""

from __future__ import annotations

import pytest

from leergang.classes.models import Pupil
from leergang.db import new_session

pytestmark = pytest.mark.db


def _reads_easy(app, pupil) -> bool:
    with app.app_context(), new_session() as session:
        return session.get(Pupil, pupil.id).reading_friendly


def test_pupil_turns_easy_reading_on_and_off(app, pupil_actor, noor):
    page = pupil_actor.get("/learn/").get_data(as_text=True)
    assert '<html lang="nl">' in page
    assert 'aria-pressed="false">Makkelijk lezen' in page

    response = pupil_actor.post("/reading", {"reading": "on", "next": "/learn/"})
    assert response.status_code == 302 and response.location == "/learn/"
    assert _reads_easy(app, noor)
    page = pupil_actor.get("/learn/").get_data(as_text=True)
    assert '<html lang="nl" class="reading">' in page
    assert 'aria-pressed="true">Makkelijk lezen' in page

    response = pupil_actor.post("/reading", {"reading": "off", "next": "//evil.example/"})
    assert response.status_code == 302 and response.location == "/"
    assert not _reads_easy(app, noor)


@pytest.mark.parametrize("who", ["anonymous", "teacher"])
def test_only_pupils_have_the_setting(actor, demo, who):
    if who == "teacher":
        actor.sign_in_staff("leraar@demo.leergang.nl")
    page = actor.get("/").get_data(as_text=True)
    assert "Makkelijk lezen" not in page
    assert actor.post("/reading", {"reading": "on"}).status_code == 403
