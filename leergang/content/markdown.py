"""Markdown in lessons: a safe renderer and the checks the validator runs on every Markdown field.

Rendering never trusts the checks: markdown-it runs with raw HTML off, and nh3 cleans the output
against a small allow-list. The checks exist so authors learn about a problem while writing, with a
line number, instead of seeing text silently vanish.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Literal, get_args

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from .assets import IMAGE_SUFFIXES, image_file_problem, is_local_image
from .messages import N_, Issue

_ALLOWED_TAGS = {
    "p", "em", "strong", "ul", "ol", "li", "a", "img", "h2", "h3", "h4", "blockquote", "code",
    "pre", "br", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
_LINK_STARTS = ("http://", "https://", "mailto:")


def _web_links_only(tag: str, attribute: str, value: str) -> str | None:
    """A link goes to a web or e-mail address. Anything else (a relative path, or a URL whose
    scheme nh3 cannot read, such as "java%09script:…") loses its href and stays text."""
    if tag == "a" and attribute == "href" and not value.lower().startswith(_LINK_STARTS):
        return None
    return value

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
# After "<tag", an attribute starts after whitespace, a slash or a quote: <img/src=x/onerror=…>
_EVENT_HANDLER = re.compile(r"<[^>]*?[\s/\"'](on[a-z]+)\s*=", re.IGNORECASE | re.DOTALL)
# Browsers ignore tabs and newlines inside a URL scheme, so "java\tscript:" counts too.
_JAVASCRIPT_URL = re.compile(r"(?:j\s*a\s*v\s*a|v\s*b)\s*s\s*c\s*r\s*i\s*p\s*t\s*:", re.IGNORECASE)
_DATA_URL = re.compile(r"\bdata\s*:\s*[a-z-]+/[a-z0-9.+-]+", re.IGNORECASE)
# Any raw HTML: a start or end tag, a comment, a declaration or a processing instruction.
# Autolinks such as <https://nibud.nl> and <info@nibud.nl> are Markdown and not matched.
_HTML_TAG = re.compile(r"</?([a-z][a-z0-9-]*)(?=[\s/>])|<!--|<![a-z]|<\?[a-z]", re.IGNORECASE)
_RAW_HTML_IN_TEXT = N_('HTML does not work here; write plain text. Remove "%(found)s".')
_RAW_HTML = N_('HTML does not work here; use Markdown. Remove "%(found)s".')


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
        attribute_filter=_web_links_only,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener",
    )


def image_sources(text: str) -> list[str]:
    """The image sources a Markdown text refers to (the app may list a module's assets with it)."""
    return [image.attrGet("src") or "" for image in _images(_md.parse(text or ""))]


def image_references(text: str) -> list[tuple[str, str]]:
    """(source, alt text) of every image in a Markdown text."""
    return [(image.attrGet("src") or "", image.content) for image in _images(_md.parse(text or ""))]


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


def check_plain_text(text: str) -> list[Issue]:
    """A plain text (title, option, label) is shown exactly as written: a tag would show as
    "<b>" to pupils, so any raw HTML is refused."""
    decoded = htmllib.unescape(text)
    return [
        Issue(_RAW_HTML_IN_TEXT, {"found": m.group(0) + (">" if m.group(1) else "")},
              text_line=decoded.count("\n", 0, m.start()))
        for m in _HTML_TAG.finditer(decoded)
    ]  # fmt: skip


def check_markdown(text: str, folder: Path | None) -> list[Issue]:
    """Problems in one Markdown text: unsafe HTML or links, images that will not show, and
    unknown placeholders.

    Character references are decoded first, as the renderer and browser would decode them, so
    ``&#106;avascript:`` is found too. Raw HTML is never rendered (pupils would see the tags as
    text), so every tag is refused with a message that names it.
    """
    decoded = htmllib.unescape(text)
    handler_tags = {m.start() for m in _EVENT_HANDLER.finditer(decoded)}
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
            (
                _DATA_URL,
                0,
                N_(
                    'Remove "%(found)s": links must start with https:// (or be an image file in '
                    "the module folder)."
                ),
            ),
        )
        for m in pattern.finditer(decoded)
    ]
    issues += [
        Issue(_RAW_HTML, {"found": m.group(0) + (">" if m.group(1) else "")},
              text_line=decoded.count("\n", 0, m.start()))
        for m in _HTML_TAG.finditer(decoded)
        # a script or an event handler in this tag is already reported, more precisely
        if (m.group(1) or "").lower() != "script" and m.start() not in handler_tags
    ]  # fmt: skip
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
            if not _JAVASCRIPT_URL.match(src) and not _DATA_URL.match(src):
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
        elif folder is not None and not (folder / src).exists() and not (folder / src).is_symlink():
            issues.append(Issue(
                N_('Image file "%(src)s" was not found next to module.yaml. Add the file or fix '
                   "the name (upper and lower case count)."),
                {"src": src}, text_line=line,
            ))  # fmt: skip
        elif folder is not None and (problem := image_file_problem(folder, src)) is not None:
            issues.append(Issue(problem[0], problem[1], text_line=line))
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
