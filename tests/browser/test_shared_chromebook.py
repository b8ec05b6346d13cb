"""A classroom Chromebook is shared: what one pupil saw must not stay in the browser for the next.

htmx keeps copies of pages it swapped in ``localStorage`` for the back button unless told not to;
those copies would outlive signing out. Leergang turns that cache off (``historyCacheSize: 0`` in
``base.html``) and has htmx reload the page on the back button (``refreshOnHistoryMiss``): the
server is asked again, and it checks who is signed in.

The back button therefore changes the address first (popstate) and loads the page a moment later
(``location.reload()``). The test waits for that load before it looks or clicks: an earlier version
looked at once and failed now and then on a busy machine, when it clicked into a page that was
being replaced, or read the storage of a page that was going away."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.helpers import sign_in_as_noor


def back_and_reloaded(page) -> None:
    """Press the back button and wait until htmx's reload of that address has loaded."""
    with page.expect_event("load"):
        page.go_back()


def test_no_page_of_a_pupil_is_kept_in_the_browser_after_she_moves_on(page, live_server):
    sign_in_as_noor(page, live_server, check_a11y=False)
    page.get_by_role("link", name=re.compile("Nodig of willen")).first.click()
    expect(page).to_have_url(re.compile(r"/learn/nodig-of-willen/$"))
    page.get_by_role("button", name="Beginnen").click()
    expect(page).not_to_have_url(re.compile(r"/learn/nodig-of-willen/$"))
    back_and_reloaded(page)
    expect(page).to_have_url(re.compile(r"/learn/nodig-of-willen/$"))
    expect(page.get_by_role("heading", name="Nodig of willen")).to_be_visible()
    stored = page.evaluate(
        "() => [...Object.keys(window.localStorage), ...Object.keys(window.sessionStorage)]"
    )
    # htmx keeps only the current path (sessionStorage), no copy of a page.
    assert not [key for key in stored if "history-cache" in key], stored
    # Signed out, the back button brings no pupil page back: the server asks who is there.
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_label("Klascode")).to_be_visible()
    back_and_reloaded(page)
    expect(page.get_by_label("Klascode")).to_be_visible()
    expect(page.get_by_text("Nodig of willen")).to_have_count(0)
