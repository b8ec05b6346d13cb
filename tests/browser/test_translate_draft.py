"""An author translates two texts of a draft with the keyboard only; each is saved as they leave
the field (htmx), marked as translated, still there after a reload, and axe-core stays clean."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.helpers import (
    DEMO_AUTHOR,
    DRAFT_MODULE,
    assert_accessible,
    demo_author_draft,
    sign_in_teacher,
)

URL = f"/author/module/{DRAFT_MODULE}/translate/en"


def tab_to(page, field, limit: int = 40) -> None:
    """Press Tab until ``field`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if field.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError("the field cannot be reached with Tab")


def test_an_author_translates_two_texts_with_the_keyboard(new_context, live_server):
    demo_author_draft(live_server.app)
    page = new_context().new_page()
    sign_in_teacher(page, live_server, DEMO_AUTHOR)
    expect(page).not_to_have_url(re.compile(r"/login"))
    page.goto(live_server(URL))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Nodig of willen? vertalen in het Engels"
    )
    assert_accessible(page)

    title = page.get_by_label("title in het Engels", exact=True)
    description = page.get_by_label("description in het Engels", exact=True)
    tab_to(page, title)
    page.keyboard.type("Need it or want it?")
    page.keyboard.press("Tab")  # leaving the field saves it
    expect(description).to_be_focused()
    expect(page.locator("#save-status")).to_have_text("Opgeslagen.")
    expect(page.locator("#state-0")).to_have_text("Vertaald")
    page.keyboard.type("What do you need, and what do you want?")
    page.keyboard.press("Tab")
    expect(page.locator("#state-1")).to_have_text("Vertaald")
    expect(page.locator("#revision")).to_have_value("3")
    expect(page.locator("#state-2")).to_have_text("Nog niet vertaald")
    assert_accessible(page)

    page.reload()
    expect(title).to_have_value("Need it or want it?")
    expect(description).to_have_value("What do you need, and what do you want?")
    expect(page.locator("#state-0")).to_have_text("Vertaald")
    assert_accessible(page)
