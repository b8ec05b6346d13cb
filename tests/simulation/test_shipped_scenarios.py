"""Every shipped scenario plays to the end along several seeds and strategies, and its debrief
can be made; a scenario whose choices all lead nowhere would show up here."""

from __future__ import annotations

import random

import pytest

from leergang.simulation import Game, debrief
from tests.helpers import LESSONS_DIR, shipped_library

from .test_engine import answer

LIBRARY = shipped_library()
STRATEGIES = ("always-yes", "always-no", "random")


def pick(strategy: str, options, rng: random.Random):
    available = [o for o in options if o.available]
    if strategy == "always-yes":  # temptations and the first option, paying every bill
        return next((o for o in available if o.temptation), available[0])
    if strategy == "always-no":  # declines temptations, leaves bills unpaid
        return next((o for o in available if not o.temptation and o.id != "pay"), available[-1])
    return rng.choice(available)


def test_the_three_games_ship_and_load_without_problems():
    assert not LIBRARY.problems, [p.format() for p in LIBRARY.problems]
    assert {"sparen-voor", "je-eerste-bijbaan", "bijna-18"} <= set(LIBRARY.scenarios)


@pytest.mark.parametrize("scenario_id", sorted(LIBRARY.scenarios))
@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize("seed", [0, 1, 42, 2024, 987654321])
def test_scenario_plays_to_the_end(scenario_id, strategy, seed):
    scenario = LIBRARY.scenarios[scenario_id]
    game = Game.start(scenario, seed)
    rng = random.Random(seed)
    for _ in range(500):
        if game.finished:
            break
        game.choose(game.card.id, answer(pick(strategy, game.card.options, rng)))

    assert game.finished and game.turn == scenario.turns.count
    report = debrief(game)
    assert report.outcome.turns == scenario.turns.count
    assert len(report.choices) >= len(scenario.cards)
    if report.costliest:
        assert report.alternative is not None


def test_declining_temptations_reaches_the_savings_goal_in_every_game():
    """Each game can be won: saving what you can at every chance (the amount field where there
    is one, not only the biggest button) and skipping temptations reaches the goal."""
    for scenario in LIBRARY.scenarios.values():
        game = Game.start(scenario, 1)
        while not game.finished:
            options = [o for o in game.card.options if o.available]
            typed = next((o for o in options if o.amounts is not None), None)
            if typed is not None:
                game.choose(game.card.id, answer(typed, most=True))
                continue
            chosen = next((o for o in options if o.id == "pay"), None) or max(
                (o for o in options if not o.temptation), key=lambda o: o.cost
            )
            game.choose(game.card.id, answer(chosen))
        assert game.outcome().goal_reached, scenario.id


def test_the_annotated_example_in_the_readme_loads_and_plays(tmp_path):
    from leergang.content.scenarios import load_scenario

    readme = (LESSONS_DIR / "README.md").read_text(encoding="utf-8")
    example = readme.split("### Een voorbeeld met uitleg")[1].split("```yaml\n")[1]
    folder = tmp_path / "zakgeld-weken"
    folder.mkdir()
    (folder / "scenario.yaml").write_text(example.split("```")[0], encoding="utf-8")

    scenario, problems = load_scenario(folder)

    assert [problem.format() for problem in problems] == []
    game = Game.start(scenario, seed=5)
    game.choose("snoep", "nee")
    game.choose("rest", "continue")
    game.choose("rest", "continue")
    assert game.finished and game.outcome().balances["savings"] == 200


TEXT_KEYS = {"title", "description", "text", "label", "explanation", "learning_goals"}


def _without_texts(value):
    if isinstance(value, dict):
        return {k: _without_texts(v) for k, v in value.items() if k not in TEXT_KEYS}
    if isinstance(value, list):
        return [_without_texts(v) for v in value]
    return value


def _texts(value, found=None):
    found = [] if found is None else found
    if isinstance(value, dict):
        for key, item in value.items():
            if key in TEXT_KEYS and key != "learning_goals" and isinstance(item, str):
                found.append(item)
            elif key != "sources":
                _texts(item, found)
    elif isinstance(value, list):
        for item in value:
            _texts(item, found)
    return found


@pytest.mark.parametrize("scenario_id", sorted(LIBRARY.scenarios))
def test_the_english_version_changes_only_texts_and_translates_them_all(scenario_id):
    dutch = LIBRARY.scenarios[scenario_id]
    english = dutch.for_language("en")

    assert english is not dutch and dutch.languages == ["nl", "en"]
    assert _without_texts(english.model_dump()) == _without_texts(dutch.model_dump())
    pairs = zip(_texts(dutch.model_dump()), _texts(english.model_dump()), strict=True)
    # A sentence left in Dutch; short names such as "Festival" may stay the same.
    untranslated = [(nl, en) for nl, en in pairs if nl == en and len(nl) > 20]
    assert untranslated == []

    def money(game):
        return [(e.turn, e.source, e.target, e.amount, e.kind, e.ref) for e in game.ledger]

    assert money(play_all(english, 3)) == money(play_all(dutch, 3))


def play_all(scenario, seed):
    game = Game.start(scenario, seed)
    while not game.finished:
        game.choose(game.card.id, game.card.options[-1].id)
    return game


def test_the_readme_documents_every_effect_type():
    from leergang.simulation import EFFECT_TYPES

    readme = (LESSONS_DIR / "README.md").read_text(encoding="utf-8")
    table = readme.split("**Effecten** (`type`):")[1].split("### ")[0]
    english = readme.split("**Effects:**")[1].split("**Translations:**")[0]

    for name in EFFECT_TYPES:
        assert f"`{name}`" in table, name
        assert f"`{name}`" in english, name
