"""The nine pictures of a picture password. Each has a name a screen reader can say."""

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
)
BY_KEY = {picture.key: picture for picture in PICTURES}
SECRET_LENGTH = 3


def new_picture_secret() -> str:
    """Three different pictures in order: 9 × 8 × 7 = 504 possibilities, guarded by the lock."""
    keys = [picture.key for picture in PICTURES]
    chosen = []
    for _step in range(SECRET_LENGTH):
        key = secrets.choice([k for k in keys if k not in chosen])
        chosen.append(key)
    return "-".join(chosen)


def new_pin() -> str:
    return f"{secrets.randbelow(10_000):04d}"


def parse_picked(value: str) -> list[str]:
    """The pictures tapped so far, from the form; anything unknown is dropped."""
    keys = [key for key in value.split("-") if key in BY_KEY]
    return keys[:SECRET_LENGTH]
