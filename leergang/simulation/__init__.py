"""The budget-game engine: pure Python (no Flask), deterministic by seed, money in cents.

``Game.start(scenario, seed)`` begins a run; ``replay`` rebuilds one from its choices;
``debrief`` explains it afterwards. Scenarios are read by ``leergang.content.scenarios``.
"""

from leergang.content.effects import EFFECT_TYPES

from .debrief import Debrief, debrief
from .engine import Choice, Game, InvalidChoice, OfferedCard, Outcome, replay

__all__ = [
    "EFFECT_TYPES",
    "Choice",
    "Debrief",
    "Game",
    "InvalidChoice",
    "OfferedCard",
    "Outcome",
    "debrief",
    "replay",
]
