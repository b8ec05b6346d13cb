"""The demo author opens the item statistics from the lesson library (issue 10); axe-clean."""

from __future__ import annotations

from leergang.db import new_session
from leergang.demo import seed_demo
from tests.helpers import assert_accessible, sign_in_teacher


def test_the_demo_author_opens_the_item_statistics(page, live_server):
    from playwright.sync_api import expect

    with live_server.app.app_context(), new_session(write=True) as session:
        seed_demo(session=session, history=True)  # what ./dev start gives a newcomer

    sign_in_teacher(page, live_server, email="auteur@demo.leergang.nl")
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    page.get_by_role("link", name="Lessen").click()
    page.get_by_role("link", name="Vraaganalyse: welke vragen werken").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Vraaganalyse: welke vragen werken")
    table = page.get_by_role("table", name="Vraaganalyse van Nodig of willen?")
    expect(table.get_by_role("columnheader", name="Item-restcorrelatie")).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(9)  # a header row and its 8 questions
    expect(table.get_by_role("rowheader").first).to_contain_text("voortoets-nodig")
    assert_accessible(page)
