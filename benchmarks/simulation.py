"""Time the budget-game engine: per turn and per full game, for every shipped scenario.

Run: ``.venv/bin/python benchmarks/simulation.py [games per scenario]``. Prints figures; not a
test. The goal is a turn well under 5 ms, since the web app replays a run from its seed and
choices on every request.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from leergang.content import load_library
from leergang.simulation import Game, debrief, replay

LESSONS = Path(__file__).parents[1] / "lessons"


def play(scenario, seed: int) -> Game:
    rng = random.Random(seed)
    game = Game.start(scenario, seed)
    while not game.finished:
        options = [o for o in game.card.options if o.available]
        game.choose(game.card.id, rng.choice(options).id)
    return game


def main(games: int) -> None:
    library = load_library(LESSONS)
    print(f"{'scenario':<20} {'turns':>5} {'per turn':>10} {'per game':>10} "
          f"{'replay':>10} {'debrief':>10}")  # fmt: skip
    for scenario in library.scenarios.values():
        start = time.perf_counter()
        played = [play(scenario, seed) for seed in range(games)]
        per_game = (time.perf_counter() - start) / games
        start = time.perf_counter()
        for game in played:
            replay(scenario, game.seed, [(c.turn, c.card_id, c.option_id) for c in game.choices])
        per_replay = (time.perf_counter() - start) / games
        start = time.perf_counter()
        for game in played[: max(1, games // 10)]:
            debrief(game)
        per_debrief = (time.perf_counter() - start) / max(1, games // 10)
        turns = scenario.turns.count
        print(
            f"{scenario.id:<20} {turns:>5} {per_game / turns * 1000:>8.3f}ms "
            f"{per_game * 1000:>8.3f}ms {per_replay * 1000:>8.3f}ms {per_debrief * 1000:>8.3f}ms"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
