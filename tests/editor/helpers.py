"""Shared by the editor tests: the fields a browser would post from the editor page, and partner
authors by key."""

from __future__ import annotations

from html.parser import HTMLParser

from sqlmodel import select

from leergang.auth.models import StaffUser

PASSWORD = "a-long-test-password"


class _FormReader(HTMLParser):
    """Collects the successful controls of the first ``<form class="editor">`` as a browser
    would post them (text, hidden and date inputs, checked boxes, textareas, selected options)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pairs: list[tuple[str, str]] = []
        self.in_form = False
        self.done = False
        self.textarea: str | None = None
        self.text = ""
        self.select: str | None = None
        self.options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and "editor" in (a.get("class") or "") and not self.done:
            self.in_form = True
        if not self.in_form:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.pairs.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button"):
                self.pairs.append((a["name"], a.get("value") or ""))
        elif tag == "textarea" and a.get("name"):
            self.textarea, self.text = a["name"], ""
        elif tag == "select" and a.get("name"):
            self.select, self.options = a["name"], []
        elif tag == "option" and self.select:
            self.options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data):
        if self.textarea is not None:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form, self.done = False, True
        elif tag == "textarea" and self.textarea is not None:
            # Browsers drop one newline right after <textarea>.
            text = self.text[1:] if self.text.startswith("\n") else self.text
            self.pairs.append((self.textarea, text))
            self.textarea = None
        elif tag == "select" and self.select:
            chosen = [v for v, selected in self.options if selected] or [self.options[0][0]]
            self.pairs.append((self.select, chosen[0]))
            self.select = None


def editor_fields(html: str) -> list[tuple[str, str]]:
    reader = _FormReader()
    reader.feed(html)
    assert reader.done, "the page has no editor form"
    return reader.pairs


def replaced(pairs: list[tuple[str, str]], **values: str) -> list[tuple[str, str]]:
    """The pairs with some fields (by name, dots written as __) set to other values."""
    names = {key.replace("__", "."): value for key, value in values.items()}
    return [(name, names.get(name, value)) for name, value in pairs]


def staff(session, people, key) -> StaffUser:
    return session.exec(select(StaffUser).where(StaffUser.id == people[key])).one()


def post_pairs(actor, url: str, pairs: list[tuple[str, str]], htmx: bool = False):
    """Post form pairs (names may repeat, as checkboxes do) with the actor's CSRF token."""
    from werkzeug.datastructures import MultiDict

    if actor._token is None:
        actor.get("/")
    headers = {"HX-Request": "true", "X-CSRFToken": actor._token} if htmx else {}
    data = MultiDict([*pairs, ("csrf_token", actor._token)])
    return actor.client.post(url, data=data, headers=headers)


def signed_in(app, key: str):
    """A browser-like client signed in as one of the ``people`` (conftest) by key."""
    from tests.helpers import Actor

    actor = Actor(app.test_client())
    actor.sign_in_staff(f"{key}@partner.example", PASSWORD)
    return actor


NEW = {
    "id": "sparen-voor-een-fiets",
    "title": "Sparen voor een fiets",
    "description": "Hoe je spaart voor iets groots.",
    "levels": ["po-8"],
    "themes": ["vooruitzien"],
    "minutes": "20",
}


def create_module(actor, **changes):
    values = {**NEW, **changes}
    pairs = [(k, v) for k, vs in values.items() for v in (vs if isinstance(vs, list) else [vs])]
    return post_pairs(actor, "/author/modules/new", pairs)


def press(actor, action: str, page=None, extra=(), **changes):
    """Press a button of the editor of the NEW module after changing fields
    (``s__0__prompt="…"``; ``extra`` pairs are added, such as a ticked box)."""
    url = f"/author/modules/{NEW['id']}/edit"
    page = page or actor.get(url)
    new_type = changes.pop("new_type", None)
    pairs = [p for p in replaced(editor_fields(page.text), **changes) if p[0] != "new_type"]
    pairs += [*extra, ("action", action)] + ([("new_type", new_type)] if new_type else [])
    return post_pairs(actor, url, pairs)
