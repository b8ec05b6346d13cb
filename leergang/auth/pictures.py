"""The twelve pictures of a picture password. Each has a name a screen reader can say."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask_babel import lazy_gettext

from leergang.content.messages import N_


@dataclass(frozen=True)
class Picture:
    key: str
    msgid: str  # the English name; templates say it with ``_(picture.msgid)``

    @property
    def name(self):
        """The picture's name in the pupil's language (a lazy string). Templates use
        ``_(picture.msgid)`` instead: the page's own gettext looks up twelve names faster."""
        return lazy_gettext(self.msgid)

    @property
    def file(self) -> str:
        return f"img/pictures/{self.key}.svg"


PICTURES: tuple[Picture, ...] = (
    Picture("sun", N_("sun")),
    Picture("tree", N_("tree")),
    Picture("cat", N_("cat")),
    Picture("fish", N_("fish")),
    Picture("apple", N_("apple")),
    Picture("bike", N_("bike")),
    Picture("star", N_("star")),
    Picture("house", N_("house")),
    Picture("ball", N_("ball")),
    Picture("moon", N_("moon")),
    Picture("boat", N_("boat")),
    Picture("flower", N_("flower")),
)
BY_KEY = {picture.key: picture for picture in PICTURES}
# New secrets: four different pictures of twelve, in order: 12 × 11 × 10 × 9 = 11,880
# possibilities (was three of nine, 504; those secrets keep working). Still one short story
# to remember ("sun, cat, boat, star"), and the card shows them.
SECRET_LENGTH = 4
MAX_SECRET_LENGTH = 4


def new_picture_secret() -> str:
    """Four different pictures in order, guarded by the growing wait after wrong tries."""
    keys = [picture.key for picture in PICTURES]
    chosen = []
    for _step in range(SECRET_LENGTH):
        key = secrets.choice([k for k in keys if k not in chosen])
        chosen.append(key)
    return "-".join(chosen)


def new_pin() -> str:
    return f"{secrets.randbelow(10_000):04d}"


def parse_picked(value: str, length: int = SECRET_LENGTH) -> list[str]:
    """The pictures tapped so far, from the form; anything unknown is dropped."""
    keys = [key for key in value[:200].split("-") if key in BY_KEY]
    return keys[: min(length, MAX_SECRET_LENGTH)]
