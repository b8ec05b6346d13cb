"""A classroom Chromebook is shared: what one pupil saw must not stay in the browser for the next.

htmx keeps copies of pages it swapped in ``localStorage`` for the back button unless told not to;
those copies would outlive signing out. Leergang turns that cache off (``historyCacheSize: 0`` in
``base.html``): the back button asks the server again, which checks who is signed in."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.helpers import sign_in_as_noor


def test_no_page_of_a_pupil_is_kept_in_the_browser_after_she_moves_on(page, live_server):
    sign_in_as_noor(page, live_server, check_a11y=False)
    page.get_by_role("link", name=re.compile("Nodig of willen")).first.click()
    expect(page).to_have_url(re.compile(r"/learn/nodig-of-willen/$"))
    page.get_by_role("button", name="Beginnen").click()
    expect(page).not_to_have_url(re.compile(r"/learn/nodig-of-willen/$"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"/learn/nodig-of-willen/$"))
    stored = page.evaluate(
        "() => [...Object.keys(window.localStorage), ...Object.keys(window.sessionStorage)]"
    )
    # htmx keeps only the current path (sessionStorage), no copy of a page.
    assert not [key for key in stored if "history-cache" in key], stored
    # Signed out, the back button brings no pupil page back: the server asks who is there.
    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_label("Klascode").wait_for()
    page.go_back()
    expect(page.get_by_text("Nodig of willen")).to_have_count(0)
