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
    if ((tag === "FORM") && el.action && !el.action.startsWith(here)) {
      found.push("form to " + el.action);
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
