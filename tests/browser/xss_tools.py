"""Tools for the XSS corpus in real Chromium (not a test module): a tripwire installed before any
page script, a check of the rendered DOM for live markup, and the corpus cut into batches.

Each payload is made traceable: ``alert(1)`` becomes ``__pwned(<number>)``, so a payload that
runs says which one it was. The tripwire also replaces alert, confirm, prompt and print, and keeps
the ``securitypolicyviolation`` events (attempts the CSP blocked; the assertion is that nothing
ran, and the browser context bypasses the CSP where the escaping alone must hold).
"""

from __future__ import annotations

import re

import yaml
from playwright.sync_api import expect

from leergang.content.markdown import check_markdown, check_plain_text
from tests.content.xss_payloads import INERT, PAYLOADS
from tests.helpers import LESSONS_DIR

MODULE = "xss-les"
MARKDOWN_KEYS = {"prompt", "hint", "feedback", "body", "correct", "incorrect"}
PLAIN_KEYS = {"title", "description", "text", "label"}

TRIPWIRE = """
(() => {
  const ran = [];
  const blocked = [];
  const trip = (what) => function (...args) { ran.push(what + "(" + args.join(",") + ")"); };
  for (const name of ["alert", "confirm", "prompt", "print"]) { window[name] = trip(name); }
  Object.defineProperty(window, "__pwned", { value: trip("__pwned") });
  Object.defineProperty(window, "__xss", { value: ran });
  Object.defineProperty(window, "__blocked", { value: blocked });
  document.addEventListener("securitypolicyviolation", (event) => {
    blocked.push(event.violatedDirective + " " + event.blockedURI);
  }, true);
})();
"""

# Run in the page: every element that is live markup no author text may make.
AUDIT = """
([root, attacker]) => {
  const found = [];
  const here = location.origin;
  const bad = /^\\s*(javascript|vbscript|data|livescript)\\s*:/i;
  const forbidden = new Set(["IFRAME", "FRAME", "FRAMESET", "OBJECT", "EMBED", "APPLET", "BASE",
    "TEMPLATE", "SET", "ANIMATE", "FOREIGNOBJECT", "MARQUEE", "MATH", "NOSCRIPT"]);
  for (const el of root.querySelectorAll("*")) {
    const tag = el.tagName.toUpperCase();
    const where = tag.toLowerCase() + (el.id ? "#" + el.id : "");
    if (tag === "SCRIPT") {
      const src = el.getAttribute("src") || "";
      if (!src.startsWith("/static/") && !src.startsWith(here + "/static/")) {
        found.push("script " + (src || el.textContent.slice(0, 60)));
      }
    } else if (tag === "IFRAME" && (el.getAttribute("src") || "").startsWith("/")
               && !el.hasAttribute("srcdoc")) {
      // a same-origin frame (a preview): its document is audited on its own
    } else if (forbidden.has(tag) || tag.includes("-")) {
      found.push("<" + tag.toLowerCase() + ">");
    } else if ((tag === "STYLE" || tag === "LINK" || tag === "META")
               && !el.closest("head")) {
      found.push("<" + tag.toLowerCase() + "> in the body");
    } else if (tag === "META" && el.hasAttribute("http-equiv")
               && el.getAttribute("http-equiv").toLowerCase() === "refresh") {
      found.push("meta refresh");
    }
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) found.push(where + " " + name + "=" + attr.value);
      if (/^(data-)?hx-on/.test(name)) found.push(where + " " + name);
      if (attacker.includes(name.replace(/^data-/, "") + "=" + attr.value)) {
        found.push(where + " " + name + "=" + attr.value);
      }
      if (/^(href|src|action|formaction|xlink:href|srcdoc|data|poster|background|to|values)$/
          .test(name) && bad.test(attr.value)) {
        found.push(where + " " + name + "=" + attr.value.slice(0, 60));
      }
      if (name === "style" && /(expression\\(|javascript:|url\\()/i.test(attr.value)) {
        found.push(where + " style=" + attr.value.slice(0, 60));
      }
    }
    // (the attribute, not form.action: a control named "action" shadows that property)
    const action = tag === "FORM" ? new URL(el.getAttribute("action") || "", location.href) : null;
    if (action && action.origin !== here) {
      found.push("form to " + action.href);
    }
  }
  return found;
}
"""


def traceable(number: int, payload: str) -> str:
    """The payload with ``alert(1)`` replaced by a call that names it."""
    return payload.replace("alert(1)", f"__pwned({number})")


ALL = [traceable(n, p) for n, p in enumerate(PAYLOADS + INERT, start=1)]
# htmx attributes the corpus tries ("hx-get=/admin/lessons"); no element of a page may carry one
# (the app's own hx-swap and hx-boost values are the same words, so those two are left out).
ATTACKER_HX = sorted(
    {f"{name}={value}" for p in ALL
     for name, _quote, value in re.findall(r"(?:data-)?(hx-[a-z:-]+)=([\"'])(.*?)\2", p)
     if name not in ("hx-swap", "hx-boost")}
)  # fmt: skip
# Texts a check lets through (no tag at all, or harmless Markdown): what pupils can be shown.
PLAIN_OK = [p for p in ALL if not check_plain_text(p)]
MARKDOWN_OK = [p for p in ALL if not check_markdown(p, None)]


def batches(payloads: list[str], size: int) -> list[list[str]]:
    return [payloads[i : i + size] for i in range(0, len(payloads), size)]


def rotated(chunks: list[list[str]], field: int, round_: int) -> list[str]:
    """The batch field number ``field`` gets in round ``round_``: after ``len(chunks)`` rounds
    every field had every batch."""
    return chunks[(field + round_) % len(chunks)]


def first_of_each_shape(names: list[str]) -> list[int]:
    """The positions of the first field of each shape: ``cards.3.title`` and ``cards.0.title``
    (or ``steps/a/prompt`` and ``steps/b/prompt``) are one shape. A segment is an index or an id
    when it is a number or follows a list's (plural) name: steps, options, cards, events, …"""
    seen: dict[tuple[str, ...], int] = {}
    for position, name in enumerate(names):
        parts = re.split(r"[./]", name)
        shape = tuple(
            "#" if part.isdigit() or (n and parts[n - 1].endswith("s")) else part
            for n, part in enumerate(parts)
        )
        seen.setdefault(shape, position)
    return sorted(seen.values())


class Tripwire:
    """A browser page with the tripwire, dialogs recorded; ``check`` audits what is shown now."""

    def __init__(self, page):
        self.page = page
        self.dialogs: list[str] = []
        self.blocked: list[str] = []
        page.add_init_script(TRIPWIRE)
        page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def ran_nothing(self, what: str) -> None:
        """No payload ran and no dialog opened, in any frame of the page."""
        page = self.page
        page.wait_for_load_state("load")
        for frame in page.frames:
            ran = frame.evaluate("() => window.__xss ? Array.from(window.__xss) : ['no tripwire']")
            assert ran == [], f"{what} ({frame.url}): a payload ran: {ran}"
            self.blocked += frame.evaluate("() => Array.from(window.__blocked || [])")
        assert self.dialogs == [], f"{what}: a dialog opened: {self.dialogs}"

    def check(self, what: str) -> None:
        """Nothing ran, no dialog opened, and no frame of the page holds live markup."""
        self.ran_nothing(what)
        for frame in self.page.frames:
            root = frame.evaluate_handle("() => document.body || document.documentElement")
            found = frame.evaluate(AUDIT, [root, ATTACKER_HX])
            assert found == [], f"{what} ({frame.url}): live markup: {found}"


# --- an editor in the browser -----------------------------------------------------------------

# How a page says that it refused a text (each editor shows its reasons at the fields).
REFUSED = "[role=alert], .flash-error, .field-error"
# A field's name, and its step's type in the module editor (one shape per step type).
FIELDS = """els => els.map(el => {
  const type = el.closest(".editor-step")?.querySelector("input[type=hidden][name$='.type']");
  return [(type ? type.value + ":" : "") + el.name, el.tagName === "TEXTAREA", el.value];
})"""


def fill(page, locator: str, texts: list[str]) -> int:
    """Put ``texts`` into the fields as typed text (no autosave in between); returns how many."""
    fields = page.locator(locator)
    count = fields.count()
    fields.evaluate_all(
        """(els, texts) => els.forEach((el, i) => {
             el.value = texts[i % texts.length]; })""",
        texts,
    )
    return count


def joined(batch: list[str], textarea: bool) -> str:
    return ("\n\n" if textarea else " · ").join(batch)


def save(page, url: str, button: str) -> int:
    """Press the save button; returns the POST's status once its page or fragment is shown."""
    page.evaluate("() => { document.querySelector('main').dataset.unsaved = '1'; }")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name=button).first.click()
    status = posted.value.status
    assert status < 500, f"{url}: {status}"
    if 300 <= status < 400:  # the form posted and redirected: wait for the new page
        expect(page.locator("main[data-unsaved]")).to_have_count(0)
    page.wait_for_load_state("load")
    return status


def through_editor(page, wire, live_server, editor, renderers, after_save=None) -> int:
    """Every payload into every field of ``editor``, saved and rendered.

    Two rounds: the corpus is cut in two halves that change fields between the rounds, and a
    field gets its half in reading order in one round and reversed in the other (so a payload that
    leaves a tag open never hides the payloads after it in every field)."""
    url, content_id, locator, button, outcome = editor
    chunks = batches(ALL, len(ALL) // 2 + 1)
    saved = 0
    for round_ in range(len(chunks)):
        page.goto(live_server(url.format(id=content_id)))
        fields = page.locator(locator).evaluate_all(FIELDS)
        chosen = first_of_each_shape([name for name, _textarea, _value in fields])
        texts = [value for _name, _textarea, value in fields]
        for n, position in enumerate(chosen):
            batch = rotated(chunks, n, round_)
            batch = batch if (n + round_) % 2 else batch[::-1]
            texts[position] = joined(batch, fields[position][1])
        fill(page, locator, texts)
        status = save(page, url, button)
        expect(page.locator(outcome).first).to_be_visible()
        wire.check(f"{url} round {round_} after saving")
        if status >= 400:  # refused: the page without JavaScript shows the texts and why
            fill(page, locator, texts)
            page.evaluate("() => { document.querySelector('main').dataset.unsaved = '1'; }")
            page.locator(locator).first.evaluate("el => el.form.submit()")
            expect(page.locator("main[data-unsaved]")).to_have_count(0)
            expect(page.locator(REFUSED).first).to_be_visible()
            values = page.locator(locator).evaluate_all("els => els.map(el => el.value)")
            assert any("__pwned(" in value for value in values), values[:3]
            wire.check(f"{url} round {round_} refused, without JavaScript")
        else:  # saved: the author's text is back in the fields, as text
            page.goto(live_server(url.format(id=content_id)))
            values = page.locator(locator).evaluate_all("els => els.map(el => el.value)")
            assert any("__pwned(" in value for value in values), values[:3]
        saved += len(chosen)
        if after_save is not None:
            after_save(page, wire, round_)
        for shown in renderers:
            page.goto(live_server(shown.format(id=content_id)))
            wire.check(f"{shown} round {round_}")
    return saved


# --- a module file with payloads in its texts --------------------------------------------------


def module_text(plain, markdown) -> str:
    """nodig-of-willen as module ``MODULE`` with ``plain(n)`` in its n-th plain text and
    ``markdown(n)`` in its n-th Markdown text (titles, options, prompts, feedback, bodies)."""
    data = yaml.safe_load((LESSONS_DIR / "nodig-of-willen" / "module.yaml").read_text("utf-8"))
    data.update(id=MODULE, version="1.0")
    count = [0]

    def walk(node, key=""):
        if isinstance(node, dict):
            return {k: walk(v, k) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, key) for v in node]
        if isinstance(node, str) and key in PLAIN_KEYS | MARKDOWN_KEYS | {"learning_goals"}:
            count[0] += 1
            return (markdown if key in MARKDOWN_KEYS else plain)(count[0])
        return node

    return yaml.safe_dump(walk(data), allow_unicode=True, sort_keys=False, width=10_000)


def import_file(page, live_server, text: str) -> None:
    page.goto(live_server("/author/import"))
    page.get_by_label("Vervang het concept als er al een is").check()
    page.get_by_label(re.compile("Bestand")).set_input_files(
        {"name": "module.yaml", "mimeType": "text/yaml", "buffer": text.encode("utf-8")}
    )
    page.get_by_role("button", name="Importeren").click()
    page.wait_for_load_state("load")
