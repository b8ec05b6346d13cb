"""Page-weight budgets (issue 13), in bytes on the wire as Chromium counts them (deterministic):
a pupil page under 40 KB on a cold cache, a step transition under 8 KB, nothing from other hosts.
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.answers import right_answer
from tests.helpers import fill_form, sign_in_as_noor

MODULE = "nodig-of-willen"

FIRST_LOAD_BUDGET = 40 * 1024
TRANSITION_BUDGET = 8 * 1024


class Wire:
    """Bytes Chromium received (headers and compressed bodies) and every URL it asked for.

    The favicon is left out. It is the header's logo, already counted as the page's image,
    and Chromium fetches it again for the tab on its own schedule, after the load event. On a
    reload it can drop that fetch without reporting it finished or failed, so waiting for it
    made this test fail at random ("requests still open: [.../logo.<hash>.svg]")."""

    def __init__(self, page):
        self.page = page
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.sent: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        self.done: dict[str, int] = {}
        self.icon = page.locator("link[rel=icon]").get_attribute("href")
        self.cdp.on("Network.requestWillBeSent", self._sent)
        self.cdp.on("Network.loadingFinished", self._finished)
        self.cdp.on("Network.loadingFailed", self._failed)

    def _sent(self, event):
        url = event["request"]["url"]
        if event.get("type") == "Other" and url.endswith(self.icon):
            return  # the tab's favicon (see above)
        self.sent[event["requestId"]] = url
        self.kinds[event["requestId"]] = event.get("type", "?")

    def _finished(self, event):
        if event["requestId"] in self.sent:
            self.done[event["requestId"]] = int(event["encodedDataLength"])

    def _failed(self, event):
        if event["requestId"] in self.sent:
            self.done[event["requestId"]] = 0

    def cold(self) -> None:
        self.cdp.send("Network.clearBrowserCache")

    def measure(self, action) -> tuple[int, list[str]]:
        self.sent.clear()
        self.done.clear()
        action()
        self.page.wait_for_load_state("load")
        # Until every request has finished and none started for 200 ms: nothing late (a font
        # the first focus ring needs, an image) slips past, and a late one is waited for.
        quiet_at = -1
        for _ in range(100):
            if self.sent and set(self.sent) <= set(self.done):
                if len(self.sent) == quiet_at:
                    break
                quiet_at = len(self.sent)
                self.page.wait_for_timeout(200)
            else:
                self.page.wait_for_timeout(50)
        still_open = sorted(
            f"{url} ({self.kinds[rid]})" for rid, url in self.sent.items() if rid not in self.done
        )
        assert not still_open, f"requests still open: {still_open}"
        return sum(self.done.values()), list(self.sent.values())


def _own_host_only(live_server, urls) -> None:
    strangers = [u for u in urls if not (u.startswith(live_server.url) or u.startswith("data:"))]
    assert not strangers, strangers


def test_pupil_pages_and_step_transitions_stay_light(page, live_server, library):
    module = library.modules[MODULE]
    sign_in_as_noor(page, live_server, check_a11y=False)
    wire = Wire(page)

    for path in ("/learn/", "/games/", f"/learn/{module.id}/"):
        wire.cold()
        size, urls = wire.measure(lambda path=path: page.goto(live_server(path)))
        assert size < FIRST_LOAD_BUDGET, f"{path}: {size} bytes on a cold cache"
        assert any("/static/js/htmx" in u for u in urls), urls
        _own_host_only(live_server, urls)

    page.get_by_role("button", name="Beginnen").click()
    expect(page.locator("#step-count")).to_have_text(f"Stap 1 van {len(module.steps)}")
    wire.cold()
    size, urls = wire.measure(lambda: page.reload())
    assert size < FIRST_LOAD_BUDGET, f"a step page: {size} bytes on a cold cache"
    _own_host_only(live_server, urls)

    for number, step in enumerate(module.steps[:-1], start=1):
        if step.type != "explanation":
            form = page.locator("#step-panel form")
            fill_form(form, right_answer(step))
            size, urls = wire.measure(
                lambda form=form: (
                    form.locator("button[type=submit]").click(),
                    expect(page.locator("#feedback")).to_be_visible(),
                )
            )
            assert size < TRANSITION_BUDGET, f"answer on step {number}: {size} bytes"
            _own_host_only(live_server, urls)
        size, urls = wire.measure(
            lambda number=number: (
                page.get_by_role("button", name="Volgende").click(),
                expect(page.locator("#step-count")).to_have_text(
                    f"Stap {number + 1} van {len(module.steps)}"
                ),
            )
        )
        assert size < TRANSITION_BUDGET, f"'Volgende' after step {number}: {size} bytes"
        # One round trip: the POST answers with the next step, whose address the bar shows.
        asked = [u for u in urls if "/static/" not in u and "/assets/" not in u]
        assert asked == [live_server(f"/learn/{module.id}/{step.id}/next")], asked
        expect(page).to_have_url(live_server(f"/learn/{module.id}/{module.steps[number].id}"))
        # Scripts and styles stay in the cache (immutable): not even asked for again.
        assert not [u for u in urls if u.endswith((".js", ".css"))], urls
        _own_host_only(live_server, urls)
