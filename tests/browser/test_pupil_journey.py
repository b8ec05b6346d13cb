"""A pupil works through a whole module in real Chromium: with htmx, and with JavaScript off.

axe-core checks every page the pupil sees (the JavaScript-off run sends the same markup, and axe
itself needs JavaScript, so it checks the htmx run).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.answers import right_answer, wrong_answer
from tests.helpers import assert_accessible, fill_form, play_module, sign_in_as_noor

MODULE = "nodig-of-willen"


def test_pupil_plays_a_module_with_htmx(page, live_server, library):
    module = library.modules[MODULE]
    sign_in_as_noor(page, live_server, check_a11y=True)
    # htmx swaps only the step panel and boosts the links: the page itself is never reloaded.
    page.evaluate("window.__sameDocument = true")
    play_module(page, module, answers=right_answer, check_a11y=True)
    assert page.evaluate("window.__sameDocument") is True
    total = len(module.question_steps)
    expect(page.locator(".result-score")).to_have_text(f"{total} van de {total} goed")
    page.get_by_role("link", name="Terug naar mijn opdrachten").click()
    expect(page.locator(".module-card", has_text=module.title)).to_contain_text("Klaar")


def test_pupil_plays_a_module_with_javascript_off(new_context, live_server, library):
    module = library.modules[MODULE]
    page = new_context(java_script_enabled=False).new_page()
    sign_in_as_noor(page, live_server, check_a11y=False)
    play_module(page, module, answers=wrong_answer, check_a11y=False)
    expect(page.locator(".result-score")).to_have_text(
        f"0 van de {len(module.question_steps)} goed"
    )


def test_closed_tab_resumes_at_the_same_step(new_context, live_server, library):
    """Losing the tab (or the Chromebook) mid-lesson: signing in again continues at that step."""
    module = library.modules[MODULE]
    first = new_context().new_page()
    sign_in_as_noor(first, live_server, check_a11y=False)
    first.get_by_role("link", name=module.title).click()
    first.get_by_role("button", name="Beginnen").click()
    step = next(s for s in module.steps if s.type != "explanation")
    for _explanation in range(module.step_index(step.id)):
        first.get_by_role("button", name="Volgende").click()
    fill_form(first.locator("#step-panel form"), right_answer(step))
    first.locator("#step-panel form button[type=submit]").click()
    expect(first.locator("#feedback")).to_be_visible()
    first.get_by_role("button", name="Volgende").click()
    where = module.steps[module.step_index(step.id) + 1]
    expect(first).to_have_url(re.compile(f"/learn/{module.id}/{where.id}$"))
    first.context.close()

    second = new_context().new_page()
    sign_in_as_noor(second, live_server, check_a11y=False)
    second.get_by_role("link", name=module.title).click()
    second.get_by_role("button", name="Ga verder waar je was").click()
    expect(second).to_have_url(re.compile(f"/learn/{module.id}/{where.id}$"))
    expect(second.locator("#step-count")).to_contain_text(
        f"Stap {module.step_index(where.id) + 1} "
    )


@pytest.mark.parametrize("width,height", [(1280, 800), (683, 384)])
def test_step_page_fits_small_screens_and_200_percent_zoom(
    new_context, live_server, library, width, height
):
    """1280×800, and 1366×768 at 200% zoom (683×384 CSS pixels): no sideways scrolling."""
    module = library.modules[MODULE]
    page = new_context(viewport={"width": width, "height": height}).new_page()
    sign_in_as_noor(page, live_server, check_a11y=False)
    page.get_by_role("link", name=module.title).click()
    page.get_by_role("button", name="Beginnen").click()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert_accessible(page)


def tab_to(page, text: str, limit: int = 60) -> None:
    """Press Tab until the focused element (or its label) shows ``text``, like a keyboard user."""
    seen = []
    for _press in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " if (!e || e === document.body || e.id === 'main') return '';"
            " return ((e.closest('label') || e).innerText || e.value || '').trim(); }"
        )
        if text in focused:
            return
        seen.append(focused)
    raise AssertionError(f"no focusable element shows {text!r} within {limit} tabs: {seen}")


def test_pupil_signs_in_and_answers_with_the_keyboard_only(page, live_server, library):
    module = library.modules[MODULE]
    question = next(s for s in module.steps if s.type == "single_choice")
    noor = next(p for p in live_server.demo.pupils["KTR947"] if p.display_name == "Noor")
    # Tab reaches the first option as Noor sees them (the player shuffles them per pupil).
    first_option = question.in_pupil_order(noor.pseudonym)[0]
    page.goto(live_server("/pupil"))
    expect(page.get_by_label("Klascode")).to_be_focused()
    page.keyboard.type("KTR947")
    page.keyboard.press("Enter")
    tab_to(page, "Noor")
    page.keyboard.press("Enter")
    for picture in ("kat", "appel", "ster"):
        tab_to(page, picture)
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Mijn opdrachten")).to_be_visible()
    tab_to(page, module.title)
    page.keyboard.press("Enter")
    # Each Enter that opens a page is followed by waiting for it, as a pupil waits: on a busy
    # machine the next Tab would otherwise still walk the page that is being replaced.
    expect(page).to_have_url(re.compile(f"/learn/{MODULE}/$"))
    tab_to(page, "Beginnen")
    page.keyboard.press("Enter")
    expect(page).not_to_have_url(re.compile(f"/learn/{MODULE}/$"))
    for step in module.steps[: module.step_index(question.id)]:
        if step.type == "self_efficacy":
            for _statement in step.statements:
                tab_to(page, "Klopt helemaal niet")  # the first answer of the next sentence
                page.keyboard.press("ArrowRight")  # arrows choose within a sentence
            page.keyboard.press("Enter")
            expect(page.locator("#feedback")).to_be_focused()
        tab_to(page, "Volgende")
        page.keyboard.press("Enter")
        expect(page).not_to_have_url(re.compile(f"/{step.id}$"))
    expect(page).to_have_url(re.compile(f"/{question.id}$"))
    tab_to(page, first_option.text)
    page.keyboard.press("Space")
    page.keyboard.press("Enter")  # submits the form the radio button is in
    feedback = page.locator("#feedback")
    expect(feedback).to_be_focused()  # the screen reader reads the feedback at once
    if question.pre_test:  # saved without saying right or wrong
        expect(feedback).to_contain_text("Opgeslagen.")
    else:
        expect(feedback).to_contain_text("Goed zo!" if first_option.correct else "Niet helemaal.")
    tab_to(page, "Volgende")
    page.keyboard.press("Enter")
    expect(page.locator("#step-count")).to_contain_text(
        f"Stap {module.step_index(question.id) + 2} "
    )


def test_quick_picture_taps_on_slow_wifi_are_not_lost(page, live_server):
    """Three quick taps send one request with the whole secret, so no tap can overtake another."""
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    noor = next(p for p in live_server.demo.pupils["KTR947"] if p.display_name == "Noor")
    page.goto(live_server(f"/pupil/KTR947/{noor.public_id}"))
    page.get_by_role("button", name="kat", exact=True).click()
    expect(page.get_by_role("img", name="kat")).to_be_visible()
    expect(page.locator(".picked")).to_contain_text("1 van de 3 gekozen")
    page.get_by_role("button", name="Opnieuw beginnen").click()
    expect(page.locator(".picked")).to_contain_text("0 van de 3 gekozen")
    for picture in ("kat", "appel", "ster"):
        page.get_by_role("button", name=picture, exact=True).click(no_wait_after=True)
    expect(page.get_by_role("heading", name="Mijn opdrachten")).to_be_visible()
    assert [url for url in posts if noor.public_id in url] == [
        live_server(f"/pupil/KTR947/{noor.public_id}")
    ]
