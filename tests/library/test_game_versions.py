"""A game run finishes on the version it started with: a newer version published in the browser
changes the rules only for runs started after it. The teacher's pages show runs of both."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from leergang import create_app
from leergang.content.scenarios import parse_scenario_text
from leergang.db import new_session
from leergang.games import services
from leergang.games.models import GameChoice, GameRun
from leergang.simulation.engine import replay
from tests.helpers import LESSONS_DIR, Actor, play_turn, start_game
from tests.library.helpers import publish_version

GAME = "sparen-voor"
OLD_TITLE, NEW_TITLE = "Naar de supermarkt", "Naar de bakker"  # the card of week 2
SEED = 20261129


SHIPPED = (LESSONS_DIR / GAME / "scenario.yaml").read_text(encoding="utf-8")
OLD = re.search(r'^version: "([0-9.]+)"$', SHIPPED, re.M).group(1)
NEW = f"{OLD}.1"


def game_text(version: str) -> str:
    """The shipped game with new rules: € 4 pocket money a week instead of € 2,50."""
    text = SHIPPED
    assert f"title: {OLD_TITLE}" in text, "the shipped game changed"
    assert text.count("    amount: 2.50\n    source: nibud-zakgeld") == 1
    text = text.replace(f'version: "{OLD}"', f'version: "{version}"', 1)
    text = text.replace(f"title: {OLD_TITLE}", f"title: {NEW_TITLE}", 1)
    return text.replace("    amount: 2.50\n    source: nibud-zakgeld",
                        "    amount: 4.00\n    source: nibud-zakgeld", 1)  # fmt: skip


@pytest.fixture(autouse=True)
def fixed_seed(monkeypatch):
    monkeypatch.setattr(services, "new_seed", lambda: SEED)


@pytest.fixture
def live_app(app_config):
    """Every request asks the database whether content changed (as if 2 s had passed)."""
    app = create_app({**app_config, "CONTENT_CHECK_SECONDS": 0})
    yield app
    app.extensions["leergang.engine"].dispose()


def pupil(live_app, demo, index: int) -> Actor:
    actor = Actor(live_app.test_client())
    actor.sign_in_pupil("KTR947", demo.pupils["KTR947"][index])
    return actor


def play_to_the_end(actor: Actor, url: str) -> list[str]:
    pages = []
    for _ in range(80):
        pages.append(actor.get(url).get_data(as_text=True))
        url = play_turn(actor, url)
        if url.endswith("/debrief"):
            pages.append(actor.get(url).get_data(as_text=True))
            return pages
    raise AssertionError("the game did not end")


def stored_runs(app) -> list[tuple[GameRun, list[tuple[int, str, str]]]]:
    with app.app_context(), new_session() as session:
        runs = list(session.exec(select(GameRun).order_by(GameRun.id)))
        return [
            (run, [(c.turn, c.card_id, c.option_id) for c in session.exec(
                select(GameChoice).where(GameChoice.run_id == run.id).order_by(GameChoice.id))])
            for run in runs
        ]  # fmt: skip


def test_a_run_finishes_on_its_version_and_a_new_run_gets_the_new_rules(
    live_app, app, demo, people
):
    early = pupil(live_app, demo, 0)
    url = play_turn(early, start_game(early, GAME))  # one choice played on the shipped version

    publish_version(app, people, game_text(NEW), content_id=GAME, kind="game")

    cover = early.get(f"/games/{GAME}/").get_data(as_text=True)
    assert "Ga verder waar je was" in cover  # the open run is still there
    pages = play_to_the_end(early, url)
    assert any(OLD_TITLE in page for page in pages)
    assert not any(NEW_TITLE in page for page in pages)

    late = pupil(live_app, demo, 1)
    new_pages = play_to_the_end(late, start_game(late, GAME))
    assert any(NEW_TITLE in page for page in new_pages)
    assert not any(OLD_TITLE in page for page in new_pages)

    (old_run, old_choices), (new_run, new_choices) = stored_runs(app)
    assert (old_run.scenario_version, new_run.scenario_version) == (OLD, NEW)
    old_rules = parse_scenario_text(SHIPPED)[0]
    new_rules = parse_scenario_text(game_text(NEW))[0]
    # The stored outcome is what the old rules give for these choices, not what the new give.
    old_end = replay(old_rules, old_run.seed, old_choices).outcome().net
    assert old_run.finished_at is not None and old_run.net_cents == old_end
    assert replay(new_rules, old_run.seed, old_choices).outcome().net != old_end
    assert new_run.net_cents == replay(new_rules, new_run.seed, new_choices).outcome().net

    # Replaying is over, and both debriefs still open on their own version.
    assert early.get(f"/games/run/{old_run.public_id}/debrief").status_code == 200
    assert late.get(f"/games/run/{new_run.public_id}/debrief").status_code == 200


def test_the_teachers_pages_show_runs_of_both_versions(live_app, app, demo, people):
    early, late = pupil(live_app, demo, 0), pupil(live_app, demo, 1)
    play_to_the_end(early, start_game(early, GAME))
    publish_version(app, people, game_text(NEW), content_id=GAME, kind="game")
    play_to_the_end(late, start_game(late, GAME))
    open_old = start_game(early, GAME)  # a second run, started on the new version

    teacher = Actor(live_app.test_client())
    teacher.sign_in_staff("leraar@demo.leergang.nl")
    groep8 = demo.classes[0]
    progress = teacher.get(f"/classes/{groep8.public_id}/progress")
    assert progress.status_code == 200
    for index, started in ((0, 2), (1, 1)):  # runs of the old and the new version side by side
        person = demo.pupils["KTR947"][index]
        page = teacher.get(f"/classes/{groep8.public_id}/pupils/{person.public_id}/")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert "Sparen voor" in text and f"{started} keer gestart." in text
        assert "Eerste spel" in text
    assert early.get(open_old).status_code == 200
    versions = [run.scenario_version for run, _choices in stored_runs(app)]
    assert versions == [OLD, NEW, NEW]
