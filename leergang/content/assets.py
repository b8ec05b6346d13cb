"""Images beside a module: which files may be shown, and the checks an image file must pass.

A module folder may hold anything, but only a regular file (never a symlink, never a file reached
through a symlinked folder) with an image suffix, below the size cap, and (for SVG) without script,
event handlers, foreignObject or references to other files or sites is ever checked as good or
served. The same rules run in ``lessons check`` and in the app's asset route.
"""

from __future__ import annotations

import html
import re
import stat
from pathlib import Path, PurePosixPath

from .messages import N_

# An SVG is a document that could run script: served so that it cannot, even opened on its own.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
IMAGE_SUFFIXES = frozenset({".svg", ".png", ".jpg", ".jpeg", ".webp"})
MAX_IMAGE_BYTES = 1024 * 1024
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)

# Anything in an SVG that can run script, embed HTML or fetch another file or site. An element
# may carry a namespace prefix (<s:script xmlns:s="http://www.w3.org/2000/svg"> is a script too).
_PREFIX = r"<\s*(?:[\w.-]+:)?"
_SVG_DANGERS = (
    (re.compile(_PREFIX + r"script\b", re.I), "<script"),
    (re.compile(_PREFIX + r"foreignObject\b", re.I), "<foreignObject"),
    (re.compile(_PREFIX + r"(?:iframe|embed|object|handler|listener)\b", re.I),
     "<iframe/embed/object"),
    (re.compile(r"[\s/\"'](on[a-z]+)\s*=", re.I), "on…="),
    (re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.I), "<!DOCTYPE/<!ENTITY"),
    (re.compile(r"(?:java|vb)\s*script\s*:", re.I), "javascript:"),
    (re.compile(r"href\s*=\s*[\"']?\s*(?!#)[^\s\"'>]", re.I), "href"),
    (re.compile(r"url\(\s*[\"']?\s*(?!#)", re.I), "url("),
    (re.compile(r"@import", re.I), "@import"),
)

NOT_A_FILE = N_(
    'Image "%(src)s" is not an ordinary file (for example a link to another file). Put the image '
    "file itself in the module folder."
)
TOO_BIG = N_(
    'Image "%(src)s" is %(size)s kB; the limit is %(max)s kB. Make the picture smaller (fewer '
    "pixels, or save it as JPEG or WebP)."
)
UNSAFE_SVG = N_(
    'Image "%(src)s" contains "%(found)s". An SVG may only draw: remove scripts, event handlers, '
    "foreignObject and links to other files or websites."
)
NOT_UTF8_SVG = N_('Image "%(src)s" is not an SVG saved as UTF-8 text. Save it again as UTF-8.')


def is_local_image(src: str) -> bool:
    """True for a plain file name or relative path inside the module folder."""
    path = PurePosixPath(src)
    return (
        bool(src) and not _SCHEME.match(src) and not path.is_absolute() and ".." not in path.parts
    )


def regular_file_in(folder: Path, src: str) -> Path | None:
    """``folder/src`` when it is a regular file reached without any symlink; otherwise None."""
    if not is_local_image(src):
        return None
    path = folder
    for part in PurePosixPath(src).parts:
        path = path / part
        try:
            mode = path.lstat().st_mode
        except OSError:
            return None
        if stat.S_ISLNK(mode):
            return None
    return path if stat.S_ISREG(mode) else None


def image_file_problem(folder: Path, src: str) -> tuple[str, dict[str, object]] | None:
    """What is wrong with the image file ``src`` in ``folder``, or None when it may be shown.

    A missing file is the caller's message (it knows the wording); this covers symlinks and
    special files, size and SVG contents.
    """
    path = regular_file_in(folder, src)
    if path is None:
        return NOT_A_FILE, {"src": src}
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        return TOO_BIG, {"src": src, "size": -(-size // 1024), "max": MAX_IMAGE_BYTES // 1024}
    if path.suffix.lower() == ".svg":
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            return NOT_UTF8_SVG, {"src": src}
        found = svg_danger(text)
        if found:
            return UNSAFE_SVG, {"src": src, "found": found}
    return None


def svg_danger(text: str) -> str | None:
    """The first thing in SVG text that could run script or load something else; None if clean.
    Character references count as what they stand for (``&#106;avascript:`` is ``javascript:``)."""
    decoded = html.unescape(text)
    for pattern, label in _SVG_DANGERS:
        match = pattern.search(text) or pattern.search(decoded)
        if match:
            return match.group(1) + "=" if label == "on…=" else label
    return None
