"""Play-testing a draft game in the real engine, and its balance table, over HTTP: a play-test
stores nothing (no run, no pupil data, no metric event); the table shows what
``leergang.simulation.balance`` computes and flags games that cannot be won or are too generous."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select
from sqlmodel import SQLModel

from leergang.auth.models import StaffUser
from leergang.authoring.game_editor import BALANCE_SEEDS
from leergang.authoring.models import ContentKind
from leergang.authoring.services import save_draft
from leergang.content.scenarios import parse_scenario_text
from leergang.db import new_session
from leergang.simulation.balance import table, verdicts
from tests.helpers import AUTHOR_EMAIL, LESSONS_DIR, Actor, author_of

GAME = "sparen-voor"
GOAL = "amount: 25.00\n  by_turn"  # the goal of sparen-voor
TEXT = (LESSONS_DIR / GAME / "scenario.yaml").read_text(encoding="utf-8")
BUTTON = re.compile(r'<button type="submit" name="option" value="([^"]+)"(?![^>]*disabled)')
FIELD = re.compile(r'<input type="hidden" name="(seed|moves|turn|card)" value="([^"]*)"')


@pytest.fixture
def author(app, demo):
    author_of(app, "Wijzer in Geldzaken")
    actor = Actor(app.test_client())
    actor.sign_in_staff(AUTHOR_EMAIL)
    return actor


def draft(app, text=TEXT, content_id=GAME):
    with app.app_context(), new_session(write=True) as session:
        user = session.exec(select(StaffUser).where(StaffUser.email == AUTHOR_EMAIL)).scalar_one()
        save_draft(session=session, kind=ContentKind.GAME, content_id=content_id, yaml_text=text,
                   author=user, expected_revision=None)  # fmt: skip


def row_counts(app) -> dict[str, int]:
    with app.app_context(), new_session() as session:
        return {
            t.name: session.execute(select(func.count()).select_from(t)).scalar_one()
            for t in SQLModel.metadata.sorted_tables
        }


def test_a_play_test_plays_the_draft_to_the_end_and_stores_nothing(app, author):
    draft(app)
    before = row_counts(app)
    response = author.get(f"/author/games/{GAME}/playtest")
    assert response.status_code == 302 and "seed=" in response.headers["Location"]
    page = author.get(response.headers["Location"]).get_data(as_text=True)
    assert "Week 1 van 10" in page and "Waar spaar je voor?" in page
    for _ in range(60):
        if "Hoe ging het?" in page:
            break
        fields = dict(FIELD.findall(page))
        option = BUTTON.search(page)[1]
        response = author.post(f"/author/games/{GAME}/playtest", {**fields, "option": option})
        assert response.status_code == 303, response.get_data(as_text=True)[:300]
        page = author.get(response.headers["Location"]).get_data(as_text=True)
    assert "Hoe ging het?" in page and "Alles wat er gebeurde" in page
    assert row_counts(app) == before  # no game run, no choice, no metric event, no audit
    for table_name in ("game_run", "game_choice", "game_outcome", "activity_event"):
        assert row_counts(app)[table_name] == before[table_name]


def test_a_play_test_refuses_made_up_moves(app, author):
    draft(app)
    url = f"/author/games/{GAME}/playtest?seed=5"
    assert author.get(url + "&moves=bestaat-niet").status_code == 400
    assert author.get(url + "&moves=<script>").status_code == 400
    assert author.get(url + "&moves=" + ".".join(["bal"] * 700)).status_code == 400
    assert author.get(url + "&moves=" + ".".join(["bal"] * 50)).status_code == 400  # game over
    response = author.post(f"/author/games/{GAME}/playtest",
                           {"seed": "5", "moves": "", "turn": "1", "card": "doel",
                            "option": "bestaat-niet"})  # fmt: skip
    assert response.status_code == 303 and "refused=1" in response.headers["Location"]
    assert "Die keuze kan nu niet." in author.get(response.headers["Location"]).get_data(
        as_text=True
    )


def test_a_draft_with_problems_says_what_to_fix_instead_of_playing(app, author):
    draft(app, TEXT.replace("per_turn: -3", "per_turn: 4"))
    for page in ("playtest", "balance"):
        response = author.get(f"/author/games/{GAME}/{page}")
        assert response.status_code == 409
        assert "mag hoogstens 0 zijn" in response.get_data(as_text=True)


def _shown_rows(page: str) -> dict[str, list[str]]:
    rows = re.findall(r'<tr data-strategy="([a-z_]+)">(.*?)</tr>', page, re.S)
    return {
        name: re.findall(r'<td class="game-amount">([^<]*)</td>', cells) for name, cells in rows
    }


def _euros(shown: str) -> float:
    number = shown.replace("\xa0", " ").replace("€", "").replace(".", "").replace(",", ".")
    return float(number.replace("−", "-").replace(" ", ""))


def _pct(share: float) -> str:
    return f"{round(share * 100)}%"


def test_the_balance_table_shows_what_the_simulation_computes(app, author):
    draft(app)
    page = author.get(f"/author/games/{GAME}/balance").get_data(as_text=True)
    scenario, _problems = parse_scenario_text(TEXT)
    expected = table(scenario, BALANCE_SEEDS)
    shown = _shown_rows(page)
    assert list(shown) == [row.strategy for row in expected]
    for row in expected:
        goal, debt, money, fees, feel = shown[row.strategy]
        assert (goal, debt, feel) == (_pct(row.goal), _pct(row.in_debt), _pct(row.wellbeing_ok))
        assert abs(_euros(money) - row.mean_net) <= 0.0051, (money, row.mean_net)
        assert abs(_euros(fees) - row.mean_fees) <= 0.0051, (fees, row.mean_fees)
    assert "De balans ziet er eerlijk uit" in page
    assert "Spaart en koopt" in page  # every strategy has a name, none shows its code


@pytest.mark.parametrize("game", ["sparen-voor", "je-eerste-bijbaan", "bijna-18"])
def test_every_shipped_game_gets_the_verdict_ci_gives(app, author, game):
    """The editor's table judges with ``balance.verdicts`` over the balance tests' runs: a
    shipped game (which passes tests/simulation/test_balance.py) is fair here too."""
    text = (LESSONS_DIR / game / "scenario.yaml").read_text(encoding="utf-8")
    draft(app, text, content_id=game)
    scenario, _problems = parse_scenario_text(text)
    assert verdicts(scenario, table(scenario, BALANCE_SEEDS)) == []
    page = author.get(f"/author/games/{game}/balance").get_data(as_text=True)
    assert "De balans ziet er eerlijk uit" in page and "Te gul" not in page
    assert f"Uitkomsten per speler over {len(BALANCE_SEEDS)} spellen" in page


def test_a_generous_game_is_flagged_with_the_reasons_of_the_rule(app, author):
    """Four times the pocket money in sparen-voor: what the balance tests refuse, the author sees
    with the same reasons, word for word."""
    pocket = "amount: 2.50\n    source: nibud-zakgeld"
    assert TEXT.count(pocket) == 1
    text = TEXT.replace(pocket, "amount: 10.00\n    source: nibud-zakgeld")
    draft(app, text)
    page = author.get(f"/author/games/{GAME}/balance").get_data(as_text=True)
    scenario, _problems = parse_scenario_text(text)
    found = verdicts(scenario, table(scenario, BALANCE_SEEDS))
    assert {v.rule for v in found} >= {"tight", "temptations"}
    assert "De balans ziet er eerlijk uit" not in page
    shown = re.findall(r'<li class="balance-(\w+)"><strong>([^<]*)</strong> ([^<]*)</li>', page)
    assert [kind for kind, _label, _reason in shown] == [v.kind for v in found]
    assert all(label == "Te gul:" for _kind, label, _reason in shown)
    reasons = [html.unescape(reason).replace("\xa0", " ") for _kind, _label, reason in shown]
    assert any(
        r.startswith("Wie zorgvuldig speelt, eindigt gemiddeld met € ")
        and "meer dan twee keer het doel (€ 25,00)" in r
        for r in reasons
    ), reasons
    assert any(r.startswith("Een speler die spaart maar elke verleiding koopt") for r in reasons)
    # A strategy is named as in the table, never by its code.
    assert 'De speler "Spaart en koopt" doet het even goed' in " ".join(reasons)
    assert "spend_and_save" not in " ".join(reasons)


def test_a_game_that_cannot_be_won_is_flagged(app, author):
    assert GOAL in TEXT
    draft(app, TEXT.replace(GOAL, "amount: 90.00\n  by_turn"))
    page = author.get(f"/author/games/{GAME}/balance").get_data(as_text=True)
    assert "Niet te winnen" in page and "haalt het doel maar in 0%" in page


def test_a_game_won_without_saving_is_flagged_as_too_generous(app, author):
    assert GOAL in TEXT
    draft(app, TEXT.replace(GOAL, "amount: 1.00\n  pot: cash\n  by_turn"))
    page = author.get(f"/author/games/{GAME}/balance").get_data(as_text=True)
    assert "Te gul" in page and "zonder ooit te sparen" in page


AMOUNT = re.compile(r'<input type="text" id="amount-([a-z0-9-]+)"[^>]*value="([^"]+)"')


def _play_test_pages(author, game: str) -> list[str]:
    """Every page of one play-test of ``game``, taking the first possible option (or the lowest
    amount) on every card, up to the debrief."""
    response = author.get(f"/author/games/{game}/playtest")
    pages = [author.get(response.headers["Location"]).get_data(as_text=True)]
    while "Hoe ging het?" not in pages[-1] and len(pages) < 200:
        page = pages[-1]
        fields = dict(FIELD.findall(page))
        button, amount = BUTTON.search(page), AMOUNT.search(page)
        choice = {"option": button[1]} if button else {"option": amount[1], "amount": amount[2]}
        response = author.post(f"/author/games/{game}/playtest", {**fields, **choice})
        assert response.status_code == 303 and "refused" not in response.headers["Location"]
        pages.append(author.get(response.headers["Location"]).get_data(as_text=True))
    return pages


def test_a_play_test_shows_the_payslips_history_and_debrief_a_pupil_sees(app, author):
    """The play-test shows the pupil's own turn and debrief: an author checks a payslip, the
    earlier turns and the whole debrief before any pupil plays the game."""
    game = "je-eerste-bijbaan"
    draft(app, (LESSONS_DIR / game / "scenario.yaml").read_text(encoding="utf-8"), game)
    pages = _play_test_pages(author, game)
    turns, debrief = pages[:-1], pages[-1]
    slips = [p for p in turns if "Je loonstrook: Loon van de supermarkt" in p]
    assert slips and "Bruto is wat je verdient" in slips[0]
    assert "Eerdere beurten" not in turns[0] and "Eerdere beurten" in turns[-1]
    assert "Al je keuzes, met uitleg" in debrief and "Alles wat er gebeurde" in debrief
    assert "Je had ook plezier" in debrief or "je miste veel leuke dingen" in debrief
    assert "Nog een keer testspelen" in debrief


def test_a_play_test_refuses_an_amount_as_a_pupil_is_told(app, author):
    draft(app)
    url = f"/author/games/{GAME}/playtest"
    page = author.get(url + "?seed=5&moves=bal").get_data(as_text=True)
    fields = {**dict(FIELD.findall(page)), "option": "zelf"}
    assert fields["card"] == "spaarpot-1"
    for typed, message in (
        ("7", "Dat bedrag kan niet. Van €\xa00,50 tot €\xa0"),
        ("twee", "Typ een bedrag in euro, bijvoorbeeld 2,50."),
    ):
        response = author.post(url, {**fields, "amount": typed})
        assert response.status_code == 303
        page = author.get(response.headers["Location"]).get_data(as_text=True)
        assert message in page, typed
        assert 'aria-invalid="true"' in page and 'name="moves" value="bal"' in page
