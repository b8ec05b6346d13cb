"""Is each game fair? Print, per shipped scenario, how scripted strategies end over many seeds:
mean money at the end (cash + bank + savings − debts), share ending in debt, mean late fees, share
reaching the goal and share ending with wellbeing at or above the game's minimum. The saving
patterns show whether the goal can be reached in more than one way.

Run: ``.venv/bin/python benchmarks/game_balance.py [seeds] [scenario id …]``. Prints figures; the
balance tests (tests/simulation/test_balance.py) assert on the same numbers.
"""

from __future__ import annotations

import sys
from pathlib import Path

from leergang.content import load_library
from leergang.simulation.balance import SAVING_PATTERNS, Row, format_table, play, table

LESSONS = Path(__file__).parents[1] / "lessons"


def main(seeds: int, only: list[str]) -> None:
    library = load_library(LESSONS)
    for scenario in library.scenarios.values():
        if only and scenario.id not in only:
            continue
        print(format_table(scenario, table(scenario, range(seeds))))
        patterns = [
            Row.of(f"save {name}", [play(scenario, s, "responsible", pattern=name).outcome()
                                    for s in range(seeds)])
            for name in SAVING_PATTERNS
        ]  # fmt: skip
        print("\n".join(format_table(scenario, patterns).splitlines()[2:]))
        print()


if __name__ == "__main__":
    args = sys.argv[1:]
    count = int(args.pop(0)) if args and args[0].isdigit() else 1000
    main(count, args)
