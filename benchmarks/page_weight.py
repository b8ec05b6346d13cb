"""Page weight and load time in Debian's Chromium, for every page type of every role (issue 13).

    .venv/bin/python benchmarks/page_weight.py [--sign-in]

``--sign-in`` measures only the picture-password submit (SIGNIN_REPEATS times, default 5).

Serves the demo school with gunicorn on 127.0.0.1, then per page prints the bytes transferred
on a cold cache (headers plus compressed bodies, as Chromium counts them), the load event time
at 4× CPU throttling (CDP Emulation.setCPUThrottlingRate) on a cold cache (the median of three
loads; a new browser's first page is printed apart, as it also waits for the browser to start
up), and, for the lesson
player, the bytes and time of each step transition ("Volgende") and of a picture-password
submit to the settled next page. The budgets the tests enforce: 40 KB per pupil page on first
load, 8 KB per step transition.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PORT = 8391
BASE = f"http://127.0.0.1:{PORT}"
THROTTLE = 4
SIGNIN_REPEATS = int(os.environ.get("SIGNIN_REPEATS", "5"))
LOAD_REPEATS = 3  # loads per page; the median is printed (one load swings by ±100 ms)
ONLY_SIGNIN = "--sign-in" in sys.argv


class Wire:
    """Bytes on the wire per action, from the DevTools protocol."""

    def __init__(self, page):
        self.page = page
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.sent: dict[str, str] = {}
        self.done: dict[str, int] = {}
        self.cdp.on("Network.requestWillBeSent", lambda e: self.sent.update({e["requestId"]: 1}))
        self.cdp.on(
            "Network.loadingFinished",
            lambda e: self.done.update({e["requestId"]: int(e["encodedDataLength"])}),
        )
        self.cdp.on("Network.loadingFailed", lambda e: self.done.update({e["requestId"]: 0}))

    def throttle(self, rate: float) -> None:
        self.cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})

    def measure(self, action, *, cold: bool) -> tuple[int, float]:
        if cold:
            self.cdp.send("Network.clearBrowserCache")
        self.sent.clear()
        self.done.clear()
        start = time.perf_counter()
        action()
        self.page.wait_for_load_state("load")
        for _ in range(250):  # at most 5 s for the last bytes (a favicon may never report)
            if self.sent and set(self.sent) <= set(self.done):
                break
            self.page.wait_for_timeout(20)
        elapsed = time.perf_counter() - start
        return sum(self.done.values()), elapsed


def serve(workdir: Path) -> subprocess.Popen:
    from leergang import create_app
    from leergang.db import new_session
    from leergang.demo import seed_demo
    from leergang.migrations.runner import upgrade

    url = f"sqlite:///{workdir / 'weight.db'}"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "weight" * 8})
    with app.app_context():
        upgrade()
        with new_session(write=True) as session:
            seed_demo(session=session)
    app.extensions["leergang.engine"].dispose()
    env = {
        **os.environ,
        "LEERGANG_DATABASE_URL": url,
        "LEERGANG_SECRET_KEY": "weight" * 8,
        "LEERGANG_SESSION_COOKIE_SECURE": "false",
        "LEERGANG_ALLOW_DEMO_ACCOUNTS": "true",
        "LEERGANG_ACCESS_LOG": str(workdir / "access.log"),
    }
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--bind", f"127.0.0.1:{PORT}",
         "--workers", "2", "--log-level", "warning", "leergang:create_app()"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(BASE + "/", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def picture_sign_in(page, wire) -> tuple[int, float]:
    """Bytes and seconds from Noor's last picture tap to the next page, loaded and settled, at
    4x CPU throttling; signs out again afterwards."""
    page.goto(BASE + "/pupil")
    page.get_by_label("Klascode").fill("ktr 947")
    page.get_by_role("button", name="Volgende").click()
    page.get_by_role("link", name="Noor").click()
    page.get_by_role("button", name="kat", exact=True).click()
    page.get_by_role("button", name="appel", exact=True).click()
    page.locator(".picked").get_by_text("2 van de 3").wait_for()
    wire.throttle(THROTTLE)
    heading = page.get_by_role("heading", name="Mijn opdrachten")
    size, seconds = wire.measure(
        lambda: (
            page.get_by_role("button", name="ster", exact=True).click(),
            heading.wait_for(),
        ),
        cold=False,
    )
    wire.throttle(1)
    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_label("Klascode").wait_for()
    return size, seconds


def row(role: str, name: str, size: int, seconds: float) -> None:
    print(f"{role:<9}{name:<34}{size / 1024:>8.1f} KB{seconds * 1000:>9.0f} ms")


def pages_of(page, wire, role: str, urls: list[tuple[str, str]]) -> None:
    """Bytes of a cold first load, and the time of its load event at 4× throttling (the median
    of LOAD_REPEATS loads, each on a cold cache), from the page's own Navigation Timing: waiting
    for the last bytes (a poll, a favicon) is not the load."""
    for name, url in urls:
        size, _ = wire.measure(lambda url=url: page.goto(url), cold=True)
        row(role, name, size, load_time(page, wire, url))


def load_time(page, wire, url: str) -> float:
    """The median load event time of ``url`` at 4× CPU throttling, each load on a cold cache."""
    times = []
    wire.throttle(THROTTLE)
    for _ in range(LOAD_REPEATS):
        wire.measure(lambda: page.goto(url), cold=True)
        times.append(page.evaluate(LOAD_EVENT) / 1000)
    wire.throttle(1)
    return sorted(times)[len(times) // 2]


LOAD_EVENT = "performance.getEntriesByType('navigation')[0].loadEventEnd"


def main() -> None:
    from playwright.sync_api import sync_playwright

    from tests.answers import right_answer
    from tests.helpers import fill_form

    workdir = Path(tempfile.mkdtemp(prefix="leergang-weight-"))
    server = serve(workdir)
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"{'role':<9}{'page':<34}{'cold':>11}{'load @4x':>12}")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="nl-NL")
            page = context.new_page()
            wire = Wire(page)
            if not ONLY_SIGNIN:
                # A new browser's first page also waits for the browser itself (its renderer
                # starting, its caches empty): printed on its own, then left out of every row.
                wire.throttle(THROTTLE)
                size, _ = wire.measure(lambda: page.goto(BASE + "/"), cold=True)
                row("anyone", "start, a new browser's first page", size,
                    page.evaluate(LOAD_EVENT) / 1000)  # fmt: skip
                wire.throttle(1)
                pages_of(
                    page, wire, "anyone",
                    [("start", BASE + "/"), ("pupil start", BASE + "/pupil")],
                )  # fmt: skip

            # Pupil: picture password, timed from the last tap to the settled next page.
            sizes, times = [], []
            for _ in range(SIGNIN_REPEATS):
                size, seconds = picture_sign_in(page, wire)
                sizes.append(size)
                times.append(seconds)
            times.sort()
            row("pupil", f"picture password submit (median of {len(times)})", max(sizes),
                times[len(times) // 2])  # fmt: skip
            print(f"{'':<9}{'  all runs, ms: ' + ' '.join(f'{t * 1000:.0f}' for t in times)}")
            if ONLY_SIGNIN:
                browser.close()
                return
            page.goto(BASE + "/pupil")
            page.get_by_label("Klascode").fill("ktr 947")
            page.get_by_role("button", name="Volgende").click()
            page.get_by_role("link", name="Noor").click()
            for picture in ("kat", "appel", "ster"):
                page.get_by_role("button", name=picture, exact=True).click()
            page.get_by_role("heading", name="Mijn opdrachten").wait_for()
            pages_of(
                page, wire, "pupil",
                [("my assignments", BASE + "/learn/"),
                 ("lesson cover", BASE + "/learn/nodig-of-willen/"),
                 ("my games", BASE + "/games/"), ("game cover", BASE + "/games/sparen-voor/")],
            )  # fmt: skip
            page.goto(BASE + "/learn/nodig-of-willen/")
            page.get_by_role("button", name=re.compile("Beginnen|Verder")).click()
            page.locator("#step-count").wait_for()
            pages_of(page, wire, "pupil", [("lesson step", page.url)])
            from leergang.content import load_library

            module = load_library(ROOT / "lessons").modules["nodig-of-willen"]
            sizes, times = [], []
            wire.throttle(THROTTLE)
            for number, step in enumerate(module.steps[:-1], start=1):
                if step.type != "explanation":
                    form = page.locator("#step-panel form")
                    fill_form(form, right_answer(step))
                    size, seconds = wire.measure(
                        lambda form=form: (
                            form.locator("button[type=submit]").click(),
                            page.locator("#feedback").wait_for(),
                        ),
                        cold=False,
                    )
                    sizes.append(size)
                    times.append(seconds)
                size, seconds = wire.measure(
                    lambda number=number: (
                        page.get_by_role("button", name="Volgende").click(),
                        page.get_by_text(f"Stap {number + 1} van").wait_for(),
                    ),
                    cold=False,
                )
                sizes.append(size)
                times.append(seconds)
            wire.throttle(1)
            row("pupil", f"step transition (max of {len(sizes)})", max(sizes), max(times))
            row(
                "pupil", "step transition (mean)", sum(sizes) // len(sizes), sum(times) / len(times)
            )

            teacher = browser.new_context(viewport={"width": 1366, "height": 768}, locale="nl-NL")
            tpage = teacher.new_page()
            twire = Wire(tpage)
            tpage.goto(BASE + "/login")
            tpage.get_by_label("E-mailadres").fill("leraar@demo.leergang.nl")
            tpage.get_by_label("Wachtwoord").fill("leergang-demo")
            tpage.get_by_role("button", name="Inloggen").click()
            tpage.get_by_role("heading", name="Mijn klassen").wait_for()
            links = tpage.locator("a[href*='/progress']").first.get_attribute("href")
            base = BASE + links.rsplit("/progress", 1)[0]
            pages_of(
                tpage, twire, "teacher",
                [("my classes", BASE + "/classes/"), ("class pupils", base + "/"),
                 ("assignments", base + "/assignments"), ("progress grid", base + "/progress"),
                 ("login cards", base + "/cards")],
            )  # fmt: skip
            browser.close()
    finally:
        print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
