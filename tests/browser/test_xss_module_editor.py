"""The XSS corpus through the module editor in real Chromium: every payload in every field shape
of the metadata and of each step type's generated form, saved, and audited in the editor (with
its live Markdown preview and step preview fragments), the pupil preview and its steps, the
review page, the versions and the diff; and in a reviewer's comments and send-back comment,
audited where the author and the reviewer read them. The CSP is bypassed (``bypass_csp``): the
escaping and sanitising alone must hold. The tools and the audit: ``xss_tools.py``.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from leergang.content import STEP_TYPES
from leergang.db import new_session
from leergang.demo_authoring import seed_demo_draft
from tests.browser.xss_tools import (
    ALL,
    MARKDOWN_OK,
    PLAIN_KEYS,
    PLAIN_OK,
    Tripwire,
    fill,
    joined,
    save,
    through_editor,
)
from tests.helpers import (
    DEMO_AUTHOR,
    DRAFT_MODULE,
    LESSONS_DIR,
    demo_author_draft,
    sign_in_teacher,
)

EDIT = "/author/modules/{id}/edit"
FIELDS = "form.editor input[type=text]:not([readonly]):not([inputmode]), form.editor textarea"
# (page, content id, locator of its text fields, its save button, what shows the save's outcome)
EDITOR = (EDIT, DRAFT_MODULE, FIELDS, "Opslaan", "#save-status, [role=alert]")
RENDERERS = [
    EDIT,
    "/author/module/{id}/preview",
    "/author/module/{id}/review",
    "/author/module/{id}/versions",
    "/author/module/{id}/diff",
]
MARKDOWN = "form.editor textarea[hx-post$='/markdown-preview']"


def _signed_in(new_context, live_server, email: str):
    page = new_context(bypass_csp=True).new_page()
    wire = Tripwire(page)
    sign_in_teacher(page, live_server, email=email)
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    return page, wire


# Which steps and Markdown fields get their live preview loaded: all that hold a text, or only
# those that hold a payload (``HOLDS``: the value has a traced payload in it).
ANY = "el => el.value.trim()"
HOLDS = "el => el.value.includes('__pwned(')"


def _live_previews(page, wire, what: str, which: str = ANY) -> None:
    """The step preview fragments and the Markdown fields' live previews (of the steps and fields
    ``which`` picks), loaded and audited."""
    steps = page.locator(".editor-step").evaluate_all(
        f"els => els.filter(s => Array.from(s.querySelectorAll('input, textarea')).some({which}))"
        ".map(s => Number(s.id.replace('step-', '')))"
    )
    buttons = page.locator("button[hx-post$='/step-preview']")
    ids = page.locator(MARKDOWN).evaluate_all(f"els => els.filter({which}).map(el => el.id)")
    targets = [f"#step-{n}-preview" for n in steps] + [f"#pv-{i}" for i in ids]
    # All at once (htmx queues them on the form), then each fragment waited for.
    page.evaluate(
        """([steps, ids]) => {
             for (const n of steps) {
               document.getElementById(`step-${n}-preview`).innerHTML = "";
               document.querySelector(`#step-${n} button[hx-post$='/step-preview']`).click();
             }
             for (const id of ids) {
               document.getElementById(`pv-${id}`).innerHTML = "";
               document.getElementById(id).dispatchEvent(new Event("change", {bubbles: true}));
             }
           }""",
        [steps, ids],
    )
    for target in targets:
        expect(page.locator(target)).not_to_be_empty(timeout=60_000)
    wire.check(f"{what}: the editor with {len(steps)} of {buttons.count()} step previews and "
               f"{len(ids)} Markdown previews")  # fmt: skip


def _through_the_preview(page, wire, live_server) -> int:
    """The pupil preview, step by step to the last one; returns how many steps it showed."""
    page.goto(live_server(f"/author/module/{DRAFT_MODULE}/preview"))
    shown = 0
    while True:
        counter = page.locator(".chromebook #step-count")
        expect(counter).to_have_text(re.compile(f"Stap {shown + 1} van"))
        wire.check(f"preview at {page.url}")
        shown += 1
        forward = page.locator(".chromebook a.button.big")
        if not forward.count():
            return shown
        forward.click()


def test_what_the_checks_let_through_is_shown_as_text_in_every_page(new_context, live_server):
    """Plain texts and harmless Markdown from the corpus in every prose field of the draft: it
    stays a valid module, and the editor, its previews, the pupil preview of every step, the
    review and the diff show them as text."""
    demo_author_draft(live_server.app)
    page, wire = _signed_in(new_context, live_server, DEMO_AUTHOR)
    url = live_server(EDIT.format(id=DRAFT_MODULE))
    page.goto(url)
    fields = page.locator(FIELDS).evaluate_all(
        "(els, md) => els.map(el => [el.name, el.matches(md), el.value])", MARKDOWN
    )
    texts = [
        joined(MARKDOWN_OK, True) if markdown
        else joined(PLAIN_OK, False) if name.rsplit(".", 1)[-1] in PLAIN_KEYS
        else value
        for name, markdown, value in fields
    ]  # fmt: skip
    assert sum(text != value for text, (_n, _m, value) in zip(texts, fields, strict=True)) >= 10
    fill(page, FIELDS, texts)
    assert save(page, url, "Opslaan") == 303
    expect(page.locator("#save-status")).to_be_visible()
    expect(page.locator("main")).to_contain_text("{{ 7*7 }}")
    _live_previews(page, wire, "harmless texts")
    expect(page.locator(".step-preview").first).to_contain_text("{{ 7*7 }}")  # rendered steps
    assert _through_the_preview(page, wire, live_server) >= 5
    for shown in RENDERERS[2:]:
        page.goto(live_server(shown.format(id=DRAFT_MODULE)))
        wire.check(shown)
    expect(page.locator(".diff-parts")).to_contain_text("{{ 7*7 }}")


def _add_every_step_type(page, live_server) -> None:
    page.goto(live_server(EDIT.format(id=DRAFT_MODULE)))
    for step_type in STEP_TYPES:
        count = page.locator(".editor-step").count()
        page.locator("#new-type").select_option(step_type)
        page.locator("button[value='add:s']").click()
        expect(page.locator(".editor-step")).to_have_count(count + 1)


def test_every_payload_in_every_field_of_every_step_type_runs_nothing(new_context, live_server):
    demo_author_draft(live_server.app)
    page, wire = _signed_in(new_context, live_server, DEMO_AUTHOR)
    _add_every_step_type(page, live_server)
    shapes = page.locator(".editor-step input[type=hidden][name$='.type']").evaluate_all(
        "els => els.map(el => el.value)"
    )
    assert set(shapes) == set(STEP_TYPES)

    def previews(page, wire, round_):  # the editor, as the save left it
        _live_previews(page, wire, f"round {round_}", HOLDS)

    filled = through_editor(page, wire, live_server, EDITOR, RENDERERS, previews)
    assert filled >= 2 * len(STEP_TYPES), filled
    page.goto(live_server(EDIT.format(id=DRAFT_MODULE)))
    expect(page.locator("form.editor")).to_contain_text("<script>")  # shown as text


def _comment_batches(limit: int = 1500) -> list[str]:
    """The corpus as comments of at most ``limit`` characters (the browser sends a line break as
    two characters, and a comment may have 2000)."""
    found: list[str] = [""]
    for payload in ALL:
        if found[-1] and len(found[-1]) + len(payload) + 2 > limit:
            found.append("")
        found[-1] = (found[-1] + "\n\n" + payload).strip("\n") if found[-1] else payload
    return found


def test_payloads_in_review_comments_run_nowhere(new_context, live_server):
    with live_server.app.app_context(), new_session(write=True) as session:
        seed_demo_draft(session=session, lessons_dir=LESSONS_DIR)
    review = live_server(f"/author/module/{DRAFT_MODULE}/review")
    ruben, wire = _signed_in(new_context, live_server, "reviewer@demo.leergang.nl")
    ruben.goto(review)
    step_box = ruben.locator("textarea[id^='comment-']:not(#comment-all)").first
    batches = _comment_batches()
    for n, text in enumerate(batches):
        box = step_box if n % 2 else ruben.locator("#comment-all")
        box.fill(text)
        box.evaluate("el => el.form.requestSubmit()")
        # Wait for this comment's page (every comment shows the same message, so the message
        # alone could still be the previous one's while the new page is on its way).
        expect(ruben.locator(".review-comments li")).to_have_count(n + 1)
        expect(ruben.locator("#flashes")).to_contain_text("Je opmerking is bewaard.")
        wire.check(f"review page after comment {n}")
    expect(ruben.locator(".review-comments").first).to_contain_text("<script>")
    ruben.locator("#send-back-comment").fill(batches[0])
    ruben.locator("#send-back-comment").evaluate("el => el.form.requestSubmit()")
    expect(ruben.locator("#review-status")).to_have_text("concept")
    expect(ruben.locator(".review-note")).to_contain_text("<script>")
    wire.check("review page after sending back")

    sanne, wire = _signed_in(new_context, live_server, DEMO_AUTHOR)
    for shown in (review, live_server(f"/author/module/{DRAFT_MODULE}/versions"),
                  live_server(EDIT.format(id=DRAFT_MODULE))):  # fmt: skip
        sanne.goto(shown)
        wire.check(f"the author's {shown}")
    expect(sanne.locator(".notice").first).to_contain_text("__pwned(")  # the reviewer wrote: …
