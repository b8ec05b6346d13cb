"""The twelve pictures of a picture password. Each has a name a screen reader can say."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Picture:
    key: str
    name: object  # a lazy string: the picture's name in the pupil's language

    @property
    def file(self) -> str:
        return f"img/pictures/{self.key}.svg"


PICTURES: tuple[Picture, ...] = (
    Picture("sun", _l("sun")),
    Picture("tree", _l("tree")),
    Picture("cat", _l("cat")),
    Picture("fish", _l("fish")),
    Picture("apple", _l("apple")),
    Picture("bike", _l("bike")),
    Picture("star", _l("star")),
    Picture("house", _l("house")),
    Picture("ball", _l("ball")),
    Picture("moon", _l("moon")),
    Picture("boat", _l("boat")),
    Picture("flower", _l("flower")),
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
