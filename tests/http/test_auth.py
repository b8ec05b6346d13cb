"""Signing in as staff and as pupil: secrets, limits per class, roles and languages.

Abuse cases (guessing, waits, shared limits, revocable sessions): test_signin_abuse.py."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from leergang import create_app
from leergang.classes.models import Pupil
from leergang.config import DEV_SECRET_KEY, InsecureConfigError
from leergang.db import new_session
from tests.helpers import Actor


def _pupil(app, public_id):
    with app.app_context(), new_session() as session:
        return session.exec(select(Pupil).where(Pupil.public_id == public_id)).one()


def _tap(actor, pupil, keys):
    response = None
    picked = []
    for key in keys:
        response = actor.post(
            f"/pupil/KTR947/{pupil.public_id}", {"picked": "-".join(picked), "pick": key}
        )
        picked.append(key)
    return response


def test_landing_page_is_dutch_first_and_english_on_request(actor):
    page = actor.get("/").get_data(as_text=True)
    assert '<html lang="nl">' in page and "Ik ben leerling" in page
    switched = actor.post("/language", {"lang": "en", "next": "/pupil"})
    assert switched.headers["Location"] == "/pupil"
    page = actor.get("/pupil").get_data(as_text=True)
    assert '<html lang="en">' in page and "Step 1 of 3" in page
    # An off-site "next" is ignored.
    assert (
        actor.post("/language", {"lang": "nl", "next": "//evil.example"}).headers["Location"] == "/"
    )


def test_pupil_signs_in_with_class_code_name_and_pictures(actor, noor):
    actor.get("/pupil")
    response = actor.post("/pupil", {"code": " ktr-947 "})
    assert response.headers["Location"] == "/pupil/KTR947"
    names = actor.get("/pupil/KTR947").get_data(as_text=True)
    assert "Noor" in names and "Daan" in names
    pad = actor.get(f"/pupil/KTR947/{noor.public_id}").get_data(as_text=True)
    assert "Hoi Noor!" in pad and ">kat</span>" in pad
    partial = _tap(actor, noor, ["cat", "apple"])
    assert "2 van de 3 gekozen" in partial.get_data(as_text=True)
    assert 'alt="kat"' in partial.get_data(as_text=True)  # the pictures tapped so far
    actor.post("/language", {"lang": "en", "next": "/"})
    english = _tap(actor, noor, ["cat"]).get_data(as_text=True)
    assert ">cat</span>" in english and ">kat</span>" not in english and 'alt="cat"' in english
    actor.post("/language", {"lang": "nl", "next": "/"})
    final = actor.post(f"/pupil/KTR947/{noor.public_id}", {"picked": "cat-apple", "pick": "star"})
    assert final.headers["Location"] == "/learn/"
    assert "Noor" in actor.get("/learn/").get_data(as_text=True)


def test_htmx_sign_in_swaps_the_next_page_into_the_body(actor, noor):
    actor.get(f"/pupil/KTR947/{noor.public_id}")
    response = actor.post(
        f"/pupil/KTR947/{noor.public_id}", {"picked": "cat-apple", "pick": "star"}, htmx=True
    )
    # Mijn opdrachten comes in the same answer, the whole page for the body, with its address.
    assert response.status_code == 200 and "HX-Location" not in response.headers
    assert response.headers["HX-Retarget"] == "body"
    assert response.headers["HX-Reswap"] == "innerHTML"
    assert response.headers["HX-Reselect"] == "unset"  # not the picture form's hx-select
    assert response.headers["HX-Push-Url"] == "/learn/"
    page = response.get_data(as_text=True)
    assert "<title>Mijn opdrachten" in page and "Noor" in page
    assert 'name="next" value="/learn/"' in page  # the language switch comes back here
    assert actor.get("/learn/").status_code == 200  # signed in


def test_htmx_sign_in_after_idle_fetches_the_page_the_pupil_was_on(app, actor, noor):
    """Going on where the pupil was: htmx fetches that page as a boosted page."""
    actor.get(f"/pupil/KTR947/{noor.public_id}")
    with actor.client.session_transaction() as session:
        session["pupil_resume"] = {"pupil": noor.public_id, "path": "/games/"}
    response = actor.post(
        f"/pupil/KTR947/{noor.public_id}", {"picked": "cat-apple", "pick": "star"}, htmx=True
    )
    assert response.status_code == 204 and "HX-Redirect" not in response.headers
    location = json.loads(response.headers["HX-Location"])
    assert location["path"] == "/games/" and location["target"] == "body"
    # htmx fetches that path as a boosted page: the whole page, not a fragment.
    page = actor.get("/games/", headers={"HX-Request": "true", **location["headers"]})
    assert "<title>" in page.get_data(as_text=True) and "Noor" in page.get_data(as_text=True)


def test_unknown_class_code_gets_a_clear_message(actor):
    page = actor.post("/pupil", {"code": "XXX-999"}).get_data(as_text=True)
    assert "We kunnen deze klascode niet vinden" in page


def test_pin_class(actor, demo):
    yara = next(p for p in demo.pupils["HMW374"] if p.display_name == "Yara")
    url = f"/pupil/HMW374/{yara.public_id}"
    actor.get(url)
    assert "4 cijfers" in actor.post(url, {"pin": "12a"}).get_data(as_text=True)
    assert "Dat klopt niet" in actor.post(url, {"pin": "0000"}).get_data(as_text=True)
    assert actor.post(url, {"pin": "2580"}).headers["Location"] == "/learn/"


def test_sign_in_limit_counts_per_class_not_per_address(app_config, demo):
    app = create_app({**app_config, "PUPIL_SIGNIN_LIMIT_PER_CLASS": "3 per minute"})
    pupils = demo.pupils["KTR947"]
    actor = Actor(app.test_client())
    # Taps that only choose a picture do not count; three complete wrong tries do.
    for pupil in pupils[:3]:
        assert _tap(actor, pupil, ["sun", "tree"]).status_code == 200
        assert _tap(actor, pupil, ["sun", "tree", "fish"]).status_code == 401
    blocked = _tap(actor, pupils[3], ["sun", "tree", "fish"])
    assert blocked.status_code == 429
    assert "Even rustig aan" in blocked.get_data(as_text=True)
    # Another class at the same school (same IP address) can still sign in.
    yara = demo.pupils["HMW374"][0]
    actor.get(f"/pupil/HMW374/{yara.public_id}")
    assert actor.post(f"/pupil/HMW374/{yara.public_id}", {"pin": yara.secret}).status_code == 302
    app.extensions["leergang.engine"].dispose()


def test_staff_sign_in_and_roles(app, actor, demo):
    bad = actor.post("/login", {"email": "leraar@demo.leergang.nl", "password": "wrong"})
    assert bad.status_code == 401
    assert "horen niet bij elkaar" in bad.get_data(as_text=True)
    actor.sign_in_staff("LERAAR@demo.leergang.nl")
    assert actor.get("/").headers["Location"] == "/classes/"
    classes = actor.get("/classes/").get_data(as_text=True)
    assert "Groep 8 De Regenboog" in classes and "KTR-947" in classes
    assert actor.get("/learn/").status_code == 403
    assert actor.get("/admin/lessons").status_code == 403


@pytest.mark.parametrize(
    ("email", "home", "sees_problems"),
    [
        ("admin@demo.leergang.nl", "/admin/lessons", True),
        ("auteur@demo.leergang.nl", "/admin/lessons", True),
        ("evaluator@demo.leergang.nl", "/admin/lessons", False),
    ],
)
def test_other_roles_land_on_the_lesson_library(actor, demo, email, home, sees_problems):
    actor.sign_in_staff(email)
    assert actor.get("/").headers["Location"] == home
    page = actor.get(home).get_data(as_text=True)
    assert "Lessenbibliotheek" in page
    assert ("Alle lesbestanden zijn in orde" in page) == sees_problems


def test_pupil_cannot_open_staff_pages(pupil_actor):
    assert pupil_actor.get("/classes/").status_code == 403
    assert pupil_actor.get("/admin/lessons").status_code == 403


def test_signed_out_visitors_are_sent_to_the_right_sign_in(client):
    assert client.get("/learn/").headers["Location"].startswith("/pupil")
    assert client.get("/classes/").headers["Location"].startswith("/login")


def test_sign_out_is_post_only_and_ends_the_session(pupil_actor):
    assert pupil_actor.client.get("/logout").status_code == 405
    response = pupil_actor.post("/logout")
    assert response.headers["Location"] == "/pupil"
    assert pupil_actor.get("/learn/").status_code == 302


def test_demo_accounts_are_refused_outside_debug(app_config, demo):
    app = create_app({**app_config, "ALLOW_DEMO_ACCOUNTS": False})
    actor = Actor(app.test_client())
    actor.get("/login")
    response = actor.post(
        "/login", {"email": "leraar@demo.leergang.nl", "password": "leergang-demo"}
    )
    assert response.status_code == 401
    app.extensions["leergang.engine"].dispose()


def test_development_secret_key_is_refused_in_production(app_config, monkeypatch):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.delenv("FLASK_RUN_FROM_CLI", raising=False)
    config = {**app_config, "TESTING": False, "SECRET_KEY": DEV_SECRET_KEY}
    with pytest.raises(InsecureConfigError):
        create_app(config)
    # Flask CLI tasks (lessons check, db upgrade) still run; serving a request does not.
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")
    app = create_app(config)
    assert app.test_client().get("/").status_code == 500
    app.extensions["leergang.engine"].dispose()


def test_forms_need_a_csrf_token(client, demo):
    response = client.post("/login", data={"email": "a@b.nl", "password": "x"})
    assert response.status_code == 400
    assert "te lang open" in response.get_data(as_text=True)


def test_security_headers_and_no_inline_script(actor):
    response = actor.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    html = response.get_data(as_text=True)
    assert "<script>" not in html and " style=" not in html
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_session_cookie_is_secure_in_production(app_config):
    app = create_app({**app_config, "TESTING": False})
    response = app.test_client().get("/", base_url="https://leergang.example")
    assert "Secure" in response.headers["Set-Cookie"]
    app.extensions["leergang.engine"].dispose()
