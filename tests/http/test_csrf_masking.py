"""CSRF tokens are masked anew in every response, so compressed pages cannot leak them (BREACH)."""

from __future__ import annotations

import itertools
import re
import time

import flask_wtf
from itsdangerous import TimestampSigner

import leergang
from leergang.csrf import Form, mask, unmask
from tests.helpers import csrf_from

HEADER_TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')


YEAR = re.compile(r'<option[^>]*value="(\d{4}-\d{4})"')


def _new_class(page, name: str) -> dict[str, str]:
    year = YEAR.search(page.get_data(as_text=True))[1]
    return {"name": name, "school_year": year, "level": "po-8", "secret_kind": "pin"}


def _tokens(response) -> list[str]:
    html = response.get_data(as_text=True)
    return HEADER_TOKEN.findall(html) + [csrf_from(response)]


def test_no_two_responses_carry_the_same_token_bytes(demo, actor, monkeypatch):
    actor.sign_in_staff("leraar@demo.leergang.nl")
    # Flask-WTF signs the session's CSRF secret with a timestamp in seconds, once per request.
    # Each request here falls in a later second, as two requests a moment apart sometimes do.
    seconds = itertools.count(int(time.time()))
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda _signer: next(seconds))
    first = actor.get("/classes/new")
    second = actor.get("/classes/new")
    tokens = _tokens(first) + _tokens(second)

    assert len(set(tokens)) == len(tokens), "a token was sent twice"
    # Within one response the masks hide one signed token; every signed token stands for the
    # session's one secret …
    assert len({unmask(token) for token in _tokens(first)}) == 1
    assert len({unmask(token) for token in _tokens(second)}) == 1
    signed = {unmask(token) for token in tokens}
    assert len({token.split(".")[0] for token in signed}) == 1
    # … which never appears in a page, signed or not, nor does the session's raw secret.
    with actor.client.session_transaction() as stored:
        raw = stored["csrf_token"]
    for response in (first, second):
        html = response.get_data(as_text=True)
        for token in signed:
            assert token not in html
            assert token.split(".")[0] not in html
        assert raw not in html


def test_a_masked_token_from_any_response_is_accepted(demo, actor):
    actor.sign_in_staff("leraar@demo.leergang.nl")
    page = actor.get("/classes/new")
    actor.get("/classes/new")
    data = _new_class(page, "Groep 8c") | {"csrf_token": csrf_from(page)}
    response = actor.client.post("/classes/new", data=data)
    assert response.status_code == 302
    assert "Groep 8c" in actor.get("/classes/").get_data(as_text=True)


def test_a_tampered_or_unmasked_token_is_refused_with_a_clear_message(demo, actor):
    actor.sign_in_staff("leraar@demo.leergang.nl")
    page = actor.get("/classes/new")
    masked = csrf_from(page)
    signed = unmask(masked)
    flipped = masked[:10] + ("A" if masked[10] != "A" else "B") + masked[11:]
    for bad in (signed, flipped, "not-a-token", mask("forged.token.value")):
        data = _new_class(page, "Groep 8x") | {"csrf_token": bad}
        response = actor.client.post("/classes/new", data=data)
        assert response.status_code == 400, bad
    assert "Groep 8x" not in actor.get("/classes/").get_data(as_text=True)


def test_htmx_requests_send_the_masked_header(demo, actor):
    actor.sign_in_staff("leraar@demo.leergang.nl")
    page = actor.get("/classes/new")
    token = HEADER_TOKEN.search(page.get_data(as_text=True)).group(1)
    response = actor.client.post(
        "/classes/new",
        data=_new_class(page, "Groep 8d"),
        headers={"HX-Request": "true", "X-CSRFToken": token},
    )
    assert response.status_code in (200, 302)
    assert "Groep 8d" in actor.get("/classes/").get_data(as_text=True)


def test_mask_and_unmask_are_inverse_and_reject_garbage():
    assert unmask(mask("IjQ0Yzk.aX1yZw.sig")) == "IjQ0Yzk.aX1yZw.sig"
    assert mask("same") != mask("same")
    for garbage in ("", "%%%", "YQ", "YWJj", "\u00e9t\u00e9"):
        assert unmask(garbage) in ("", None)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_form_of_the_app_masks_its_token(app):
    # create_app imported every blueprint, so every form class exists by now.
    ours = [c for c in _subclasses(flask_wtf.FlaskForm) if c.__module__.startswith("leergang.")]
    assert len(ours) > 10, leergang.__name__
    unmasked = [f"{c.__module__}.{c.__name__}" for c in ours if not issubclass(c, Form)]
    assert unmasked == [], "derive these from leergang.csrf.Form, not FlaskForm"


def test_wtforms_own_messages_follow_the_pages_language_request_after_request(app):
    """WTForms' built-in messages (a field left empty) are in the language of each request."""
    from wtforms import StringField
    from wtforms.validators import DataRequired

    from leergang.web import LANG_COOKIE

    class Named(Form):
        name = StringField(validators=[DataRequired()])

    def errors(language: str | None) -> list[str]:
        headers = {"Cookie": f"{LANG_COOKIE}={language}"} if language else {}
        with app.test_request_context("/", method="POST", data={}, headers=headers):
            form = Named(meta={"csrf": False})
            form.validate()
            return form.name.errors

    assert errors(None) == ["Dit veld is vereist."]
    assert errors("en") == ["This field is required."]
    assert errors("nl") == ["Dit veld is vereist."]
