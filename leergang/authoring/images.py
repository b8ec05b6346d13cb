"""Images of versions made in the browser: the checks an uploaded image must pass, its type read
from its first bytes, and which images a version's text shows.

The rules are those of image files beside ``module.yaml`` (``content.assets``: suffix, size cap,
SVG that may only draw), plus two that only matter once a file comes over the network: the name is
a plain file name, and the bytes must be what the suffix says (a "PNG" that is really HTML is
refused, and is never served with a type the browser could run). Pure logic: no Flask, no database.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from pathlib import Path, PurePosixPath
from typing import Any

from leergang.content import N_
from leergang.content.assets import (
    IMAGE_SUFFIXES,
    MAX_IMAGE_BYTES,
    NOT_UTF8_SVG,
    TOO_BIG,
    UNSAFE_SVG,
    is_local_image,
    svg_danger,
)
from leergang.content.loader import MAX_MODULE_IMAGE_BYTES, NOT_A_MODULE
from leergang.content.markdown import check_plain_text, image_references
from leergang.content.yamlfile import SourceFile, read_yaml

MEDIA_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}
MAX_IMAGES = 40  # per version; a module shows a handful
MAX_ALT_CHARS = 250
# What an uploaded file may be called: it becomes ``![alt](name)`` in a lesson text.
UPLOAD_NAME = re.compile(r"^[a-z0-9](?:[a-z0-9_-]{0,58}[a-z0-9])?\.(?:svg|png|jpe?g|webp)$")

BAD_NAME = N_(
    'The file name "%(src)s" cannot be used. Use small letters, digits and dashes, ending in '
    ".png, .jpg, .webp or .svg, for example piggy-bank.png."
)
WRONG_TYPE = N_('Image "%(src)s" has an unsupported file type. Use %(allowed)s.')
NOT_WHAT_IT_SAYS = N_(
    'Image "%(src)s" is not a real %(type)s file inside. Open it in a drawing program and save '
    "it again as PNG, JPEG, WebP or SVG."
)
ALL_TOO_BIG = N_(
    "The images of this module are %(size)d kB together; the limit is %(max)d kB. Make the "
    "pictures smaller or use fewer."
)
TOO_MANY = N_("A lesson can have at most %(max)d images. Remove images you no longer use.")
ALT_MISSING = N_(
    "Describe what the picture shows (alt text). Pupils who cannot see it hear this text."
)
ALT_TOO_LONG = N_("Make the description shorter: at most %(max)d characters (now %(num)d).")
ALT_ONE_LINE = N_("Write the description on one line, without square brackets.")

Problem = tuple[str, dict[str, Any]]


def media_type(data: bytes) -> str | None:
    """The image type the bytes really are (by their first bytes), or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"<svg", b"<?xml", b"<!--")) and b"<svg" in head:
        return "image/svg+xml"
    return None


def image_problem(src: str, data: bytes) -> Problem | None:
    """What is wrong with image bytes called ``src``, or None when they may be stored and served.

    The same rules as an image file in a module folder (``content.assets``), with the bytes'
    real type checked against the suffix."""
    suffix = PurePosixPath(src).suffix.lower()
    if not is_local_image(src) or "\\" in src:
        return BAD_NAME, {"src": src}
    if suffix not in IMAGE_SUFFIXES:
        return WRONG_TYPE, {"src": src, "allowed": ", ".join(sorted(IMAGE_SUFFIXES))}
    if len(data) > MAX_IMAGE_BYTES:
        return TOO_BIG, {"src": src, "size": -(-len(data) // 1024), "max": MAX_IMAGE_BYTES // 1024}
    if media_type(data) != MEDIA_TYPES[suffix]:
        return NOT_WHAT_IT_SAYS, {"src": src, "type": suffix.lstrip(".").upper()}
    if suffix == ".svg":
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return NOT_UTF8_SVG, {"src": src}
        found = svg_danger(text)
        if found:
            return UNSAFE_SVG, {"src": src, "found": found}
    return None


def upload_name(filename: str) -> str:
    """The name an uploaded file gets: its own name in small letters, spaces as dashes."""
    name = PurePosixPath(filename.replace("\\", "/")).name.strip().lower()
    return re.sub(r"\s+", "-", name)


def upload_problem(name: str, data: bytes, others: dict[str, int]) -> Problem | None:
    """A problem with a new image ``name`` beside ``others`` ({name: size} already stored)."""
    if not UPLOAD_NAME.match(name):
        return BAD_NAME, {"src": name}
    problem = image_problem(name, data)
    if problem is not None:
        return problem
    rest = {key: size for key, size in others.items() if key != name}
    if len(rest) >= MAX_IMAGES:
        return TOO_MANY, {"max": MAX_IMAGES}
    total = sum(rest.values()) + len(data)
    if total > MAX_MODULE_IMAGE_BYTES:
        return ALL_TOO_BIG, {"size": -(-total // 1024), "max": MAX_MODULE_IMAGE_BYTES // 1024}
    return None


def alt_problem(alt: str) -> Problem | None:
    """Alt text is required, short, one line, and plain text (it goes between ``[`` and ``]``)."""
    if not alt.strip():
        return ALT_MISSING, {}
    if len(alt) > MAX_ALT_CHARS:
        return ALT_TOO_LONG, {"max": MAX_ALT_CHARS, "num": len(alt)}
    if any(char in alt for char in "[]\r\n"):
        return ALT_ONE_LINE, {}
    issues = check_plain_text(alt)
    return (issues[0].msgid, issues[0].params) if issues else None


def shown_images(yaml_text: str) -> dict[str, str]:
    """{file name: alt text} of every image the texts in ``yaml_text`` show (a draft's text need
    not be valid: whatever reads as YAML is searched). Do not change the dict.

    Each image request asks this, so results are kept by the text's digest (not by the text:
    hundreds of texts of up to 256 kB would stay in memory)."""
    digest = hashlib.sha256(yaml_text.encode("utf-8")).hexdigest()
    with _LOCK:
        found = _SHOWN.get(digest)
        if found is not None:
            _SHOWN.move_to_end(digest)
            return found
    found = {}
    data = read_yaml(SourceFile(path=Path("module.yaml")), NOT_A_MODULE, yaml_text)
    for text in _strings(data):
        if "![" in text:
            for src, alt in image_references(text):
                if is_local_image(src):
                    found.setdefault(src, alt)
    with _LOCK:
        _SHOWN[digest] = found
        while len(_SHOWN) > 256:
            _SHOWN.popitem(last=False)
    return found


_SHOWN: OrderedDict[str, dict[str, str]] = OrderedDict()
_LOCK = threading.Lock()


def _strings(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
