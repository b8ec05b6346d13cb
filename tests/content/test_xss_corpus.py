"""Every hostile text of the corpus through the checker and the renderer: the check refuses it with
a Dutch message at its line, or the renderer turns it into harmless text. Pupils never see a raw
tag, and no rendered text carries markup that could run."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from flask_babel import force_locale, gettext

from leergang.content.markdown import check_markdown, check_plain_text, render_markdown
from tests.content.xss_payloads import INERT, PAYLOADS

SAFE_TAGS = {"p", "em", "strong", "a", "img", "code", "pre", "br"}
SAFE_URL = re.compile(r"^(?:https?://|mailto:|[a-z0-9_-]+\.(?:svg|png|jpe?g|webp)$)", re.I)


class Markup(HTMLParser):
    """The tags and attributes a browser would build from the rendered HTML."""

    def __init__(self, html: str):
        super().__init__()
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))


def test_the_corpus_is_large_enough():
    assert len(PAYLOADS) + len(INERT) >= 50
    assert len(set(PAYLOADS)) == len(PAYLOADS)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_payload_is_refused_with_a_dutch_message_on_its_line(app, payload):
    text = f"Een gewone eerste regel.\n\n{payload}\n"
    issues = check_markdown(text, None)
    assert issues, f"not refused: {payload!r}"
    assert {issue.text_line for issue in issues} == {2}
    with app.app_context(), force_locale("nl"):
        messages = [gettext(issue.msgid) % dict(issue.params) for issue in issues]
    assert all(m.startswith(("Haal", "HTML werkt hier niet; gebruik Markdown")) for m in messages)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_plain_text_payload_with_a_tag_is_refused(payload):
    """Titles and option texts are shown as written: a tag would show as "<b>"."""
    issues = check_plain_text(payload)
    has_tag = re.search(r"</?[a-z][a-z0-9-]*[\s/>]|<!|<\?[a-z]", html.unescape(payload), re.I)
    assert bool(issues) == bool(has_tag)


@pytest.mark.parametrize("payload", PAYLOADS + INERT)
def test_rendered_payload_carries_no_live_markup(payload):
    html = render_markdown(f"Tekst.\n\n{payload}\n")
    for tag, attrs in Markup(html).elements:
        assert tag in SAFE_TAGS, html
        for name, value in attrs:
            assert name in {"href", "src", "alt", "rel"}, html
            if name in {"href", "src"}:
                assert SAFE_URL.match(value or ""), html


@pytest.mark.parametrize("payload", INERT)
def test_inert_text_passes_and_shows_no_tags(payload):
    assert check_markdown(payload, None) == []
    assert check_plain_text(payload) == []
    assert "&lt;script" not in render_markdown(payload)
