"""Markdown in lessons: a safe renderer and the checks the validator runs on every Markdown field.

Rendering never trusts the checks: markdown-it runs with raw HTML off, and nh3 cleans the output
against a small allow-list. The checks exist so authors learn about a problem while writing, with a
line number, instead of seeing text silently vanish.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Literal, get_args

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from .messages import N_, Issue

IMAGE_SUFFIXES = frozenset({".svg", ".png", ".jpg", ".jpeg", ".webp"})

_ALLOWED_TAGS = {
    "p", "em", "strong", "ul", "ol", "li", "a", "img", "h2", "h3", "h4", "blockquote", "code",
    "pre", "br", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}

_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

# Help placeholders (``local_help.py`` builds the list they become): anything in double square
# brackets is meant as one, so it is checked; only a known one alone on its line is expanded.
Topic = Literal["geldzorgen", "thuis", "praten", "rechten"]
TOPICS: tuple[str, ...] = get_args(Topic)
_PLACEHOLDER_NAME = "lokale-hulp"
ANY_PLACEHOLDER = re.compile(r"\[\[(.*?)\]\]")
PLACEHOLDER_TEXT = re.compile(rf"\s*{_PLACEHOLDER_NAME}\s*(?::\s*([a-z-]+)\s*)?")
HELP_PLACEHOLDER = re.compile(
    rf"^[ \t]*\[\[\s*{_PLACEHOLDER_NAME}\s*(?::\s*([a-z-]+)\s*)?\]\][ \t]*$", re.M
)
UNKNOWN_PLACEHOLDER = N_(
    'Unknown placeholder "%(found)s". Write [[lokale-hulp]], or [[lokale-hulp: topic]] with a '
    "topic from: %(topics)s."
)
NOT_ON_ITS_LINE = N_(
    'Put "%(found)s" on a line of its own: it becomes a list of places where pupils find help.'
)

_SCRIPT = re.compile(r"<\s*script\b", re.IGNORECASE)
_EVENT_HANDLER = re.compile(r"<[^>]*?\s(on[a-z]+)\s*=", re.IGNORECASE | re.DOTALL)
_JAVASCRIPT_URL = re.compile(r"(?:java|vb)script\s*:", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def render_markdown(text: str, asset_url: Callable[[str], str] | None = None) -> str:
    """Render lesson Markdown to safe HTML; relative image sources go through ``asset_url``."""
    tokens = _md.parse(text or "")
    if asset_url is not None:
        for image in _images(tokens):
            src = image.attrGet("src") or ""
            if is_local_image(src):
                image.attrSet("src", asset_url(src))
    html = _md.renderer.render(tokens, _md.options, {})
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener",
    )


def is_local_image(src: str) -> bool:
    """True for a plain file name or relative path inside the module folder."""
    path = PurePosixPath(src)
    return (
        bool(src) and not _SCHEME.match(src) and not path.is_absolute() and ".." not in path.parts
    )


def image_sources(text: str) -> list[str]:
    """The image sources a Markdown text refers to (the app may list a module's assets with it)."""
    return [image.attrGet("src") or "" for image in _images(_md.parse(text or ""))]


def check_placeholders(text: str) -> list[Issue]:
    """Problems with ``[[…]]`` placeholders in one Markdown text."""
    issues = []
    lines = text.split("\n")
    for match in ANY_PLACEHOLDER.finditer(text):
        line = text.count("\n", 0, match.start())
        found = match.group(0)
        known = PLACEHOLDER_TEXT.fullmatch(match.group(1))
        if known is None or (known.group(1) and known.group(1) not in TOPICS):
            params = {"found": found, "topics": ", ".join(TOPICS)}
            issues.append(Issue(UNKNOWN_PLACEHOLDER, params, text_line=line))
        elif lines[line].strip() != found:
            issues.append(Issue(NOT_ON_ITS_LINE, {"found": found}, text_line=line))
    return issues


def check_markdown(text: str, folder: Path | None) -> list[Issue]:
    """Problems in one Markdown text: unsafe HTML or links, images that will not show, and
    unknown placeholders."""
    issues = check_placeholders(text) + [
        Issue(msgid, {"found": m.group(group).strip()}, text_line=text.count("\n", 0, m.start()))
        for pattern, group, msgid in (
            (_SCRIPT, 0, N_('Remove "%(found)s": scripts are not allowed in lesson texts.')),
            (
                _EVENT_HANDLER,
                1,
                N_(
                    'Remove the "%(found)s=" attribute: HTML and scripts are not allowed in lesson '
                    "texts."
                ),
            ),
            (
                _JAVASCRIPT_URL,
                0,
                N_(
                    'Remove "%(found)s": links must start with https:// (or be an image file in '
                    "the module folder)."
                ),
            ),
        )
        for m in pattern.finditer(text)
    ]
    lines = text.split("\n")
    for image in _images(_md.parse(text)):
        src = image.attrGet("src") or ""
        line = _find_line(lines, "(" + src, image.map[0] if image.map else 0)
        if not image.content.strip():
            issues.append(Issue(
                N_('Image "%(src)s" has no alt text. Describe the picture between the brackets: '
                   "![what the picture shows](%(src)s)."),
                {"src": src}, text_line=line,
            ))  # fmt: skip
        if not is_local_image(src):
            if not _JAVASCRIPT_URL.match(src):
                issues.append(Issue(
                    N_('Image "%(src)s" must be a file in the module folder, for example '
                       "![alt text](piggy-bank.svg)."),
                    {"src": src}, text_line=line,
                ))  # fmt: skip
        elif PurePosixPath(src).suffix.lower() not in IMAGE_SUFFIXES:
            issues.append(Issue(
                N_('Image "%(src)s" has an unsupported file type. Use %(allowed)s.'),
                {"src": src, "allowed": ", ".join(sorted(IMAGE_SUFFIXES))}, text_line=line,
            ))  # fmt: skip
        elif folder is not None and not (folder / src).is_file():
            issues.append(Issue(
                N_('Image file "%(src)s" was not found next to module.yaml. Add the file or fix '
                   "the name (upper and lower case count)."),
                {"src": src}, text_line=line,
            ))  # fmt: skip
    return sorted(issues, key=lambda i: i.text_line or 0)


def _images(tokens: list[Token]) -> Iterator[Token]:
    """Image tokens with the ``map`` of their enclosing block (inline children have none)."""
    for token in tokens:
        for child in token.children or ():
            if child.type == "image":
                child.map = child.map or token.map
                yield child


def _find_line(lines: list[str], needle: str, start: int) -> int:
    for number in range(start, len(lines)):
        if needle in lines[number]:
            return number
    return start
