"""Pupil and staff sign-in that cannot be abused (security review 2026-11, findings 1-4, 7-9, 13):
code lookups limited, names only after the code, a back-off instead of a lock, limits keyed on the
class and shared between app instances, revocable sessions, and a QR link that asks first."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import time
import uuid
import zlib
from datetime import timedelta

import pytest
from sqlmodel import select

from leergang import create_app
from leergang.auth.pictures import PICTURES, new_picture_secret
from leergang.auth.services import format_class_code, new_class_code
from leergang.classes.models import Pupil
from leergang.classes.services import card_token
from leergang.db import new_session
from leergang.timeutil import utcnow
from tests.answers import right_answer
from tests.helpers import Actor, advance_to_first_question, without_csrf_tokens

TEACHER = "leraar@demo.leergang.nl"


def _pupil(app, public_id):
    with app.app_context(), new_session() as session:
        return session.exec(select(Pupil).where(Pupil.public_id == public_id)).one()


def _tap(actor, pupil, keys, code="KTR947"):
    response = None
    picked = []
    for key in keys:
        response = actor.post(
            f"/pupil/{code}/{pupil.public_id}", {"picked": "-".join(picked), "pick": key}
        )
        picked.append(key)
    return response


def _age_last_failure(app, pupil, seconds):
    """Pretend the last wrong try was ``seconds`` ago."""
    with app.app_context(), new_session(write=True) as session:
        row = session.exec(select(Pupil).where(Pupil.public_id == pupil.public_id)).one()
        row.last_failed_at = utcnow() - timedelta(seconds=seconds)
        session.add(row)
        session.commit()


@pytest.fixture
def make_app(app_config):
    apps = []

    def make(**overrides):
        app = create_app({**app_config, **overrides})
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.extensions["leergang.engine"].dispose()


WRONG = ["sun", "tree", "fish"]
RIGHT = ["cat", "apple", "star"]  # Noor's pictures in the demo


# --- Finding 1: class codes ------------------------------------------------------------------


def test_new_class_codes_are_long_and_readable_and_old_codes_keep_working(actor, demo):
    codes = {new_class_code() for _ in range(50)}
    assert all(re.fullmatch(r"[ACDEFHJKMNPRTWXY3479]{8}", code) for code in codes)
    assert len(codes) == 50
    assert format_class_code("KTR947XQ") == "KTR-947-XQ"
    assert format_class_code("KTR947") == "KTR-947"
    # The demo class still has its 6-character code, and it still signs in.
    assert actor.post("/pupil", {"code": "ktr-947"}).headers["Location"] == "/pupil/KTR947"


def test_names_only_after_typing_the_code_in_this_browser(app, actor, demo):
    # Walking URLs shows no names, and a real code looks exactly like a made-up one.
    real = actor.client.get("/pupil/KTR947")
    fake = actor.client.get("/pupil/XXX999")
    assert real.status_code == fake.status_code == 302
    assert real.headers["Location"] == "/pupil?code=KTR947"
    assert fake.headers["Location"] == "/pupil?code=XXX999"
    start = actor.get(real.headers["Location"]).get_data(as_text=True)
    assert 'value="KTR947"' in start  # the code is filled in for them
    assert "Noor" not in without_csrf_tokens(start)
    # After typing the code, the names are shown, never cached.
    actor.post("/pupil", {"code": "KTR947"})
    names = actor.get("/pupil/KTR947")
    assert "Noor" in names.get_data(as_text=True)
    assert names.headers["Cache-Control"] == "no-store"
    # The code of one class opens the names of that class only.
    assert actor.client.get("/pupil/HMW374").status_code == 302


def test_code_guesses_are_limited_per_client(make_app, demo):
    app = make_app(CLASS_CODE_MISSES_PER_CLIENT="3 per minute")
    guesser = Actor(app.test_client())
    guesser.get("/pupil")
    for code in ("AAA-AAA", "CCC-CCC", "DDD-DDD"):
        assert "We kunnen deze klascode niet vinden" in guesser.post("/pupil", {"code": code}).text
    blocked = guesser.post("/pupil", {"code": "EEE-EEE"})
    assert blocked.status_code == 429 and "Even rustig aan" in blocked.text
    # Right codes typed in between cost nothing; another client is not affected.
    other = Actor(app.test_client())
    other.get("/pupil", environ_base={"REMOTE_ADDR": "10.0.0.2"})
    response = other.client.post(
        "/pupil",
        data={"code": "KTR-947", "csrf_token": other._token},
        environ_base={"REMOTE_ADDR": "10.0.0.2"},
    )
    assert response.headers["Location"] == "/pupil/KTR947"


def test_code_guesses_have_a_global_budget_across_clients(make_app, demo, caplog):
    app = make_app(CLASS_CODE_MISSES_GLOBAL="4 per minute")
    statuses = []
    for n in range(5):
        client = app.test_client()
        env = {"REMOTE_ADDR": f"10.1.0.{n}"}
        token = re.search(
            r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/pupil", environ_base=env).text
        ).group(1)
        response = client.post(
            "/pupil", data={"code": f"AAA-AA{n}", "csrf_token": token}, environ_base=env
        )
        statuses.append(response.status_code)
    assert statuses == [200, 200, 200, 200, 429]
    assert "Global class-code miss budget spent" in caplog.text


# --- Findings 2 and 4: counted tries, a wait instead of a lock, the teacher's view ------------


def test_wrong_tries_make_the_pupil_wait_without_ending_their_session(app, actor, noor, demo):
    # Noor is signed in on her own Chromebook; a classmate guesses at her pictures elsewhere.
    own = Actor(app.test_client())
    own.sign_in_pupil("KTR947", noor)
    for tries_left in (4, 3, 2, 1):
        page = _tap(actor, noor, WRONG)
        assert page.status_code == 401 and f"nog {tries_left} keer" in page.text
    waiting = _tap(actor, noor, WRONG)
    assert waiting.status_code == 423
    assert "Wacht 1 minuut en probeer het opnieuw" in waiting.text
    # While waiting even the right pictures are not checked, so guessing gains nothing.
    assert _tap(actor, noor, RIGHT).status_code == 423
    # Her running session and her login card keep working.
    assert own.get("/learn/").status_code == 200
    token = card_token(pupil=noor, secret_key=app.config["SECRET_KEY"])
    assert Actor(app.test_client()).get(f"/pupil/card/{token}").status_code == 302
    # After the wait she signs in; the next wrong try makes the wait twice as long.
    _age_last_failure(app, noor, 31)
    assert _tap(actor, noor, RIGHT).headers["Location"] == "/learn/"
    stranger = Actor(app.test_client())
    assert _tap(stranger, noor, WRONG).status_code == 423
    _age_last_failure(app, noor, 31)  # 30 seconds was enough last time, now it is 60
    assert _tap(actor, noor, RIGHT).status_code == 423
    _age_last_failure(app, noor, 61)
    assert _tap(actor, noor, RIGHT).headers["Location"] == "/learn/"
    assert _pupil(app, noor.public_id).failed_attempts == 6


def test_a_correct_sign_in_does_not_reset_the_count(app, actor, noor):
    for _ in range(4):
        _tap(actor, noor, WRONG)
    assert _tap(actor, noor, RIGHT).headers["Location"] == "/learn/"
    guesser = Actor(app.test_client())
    # The fifth wrong try in a row, even after her sign-in: now she has to wait.
    assert _tap(guesser, noor, WRONG).status_code == 423
    # After a long quiet period (a day) the wait starts over, but the teacher still sees 5.
    _age_last_failure(app, noor, 25 * 3600)
    assert _tap(guesser, noor, WRONG).status_code == 401
    assert _pupil(app, noor.public_id).failed_attempts == 6


def test_teacher_sees_failed_tries_and_unlocks_the_whole_class(app, actor, noor, demo):
    daan = next(p for p in demo.pupils["KTR947"] if p.display_name == "Daan")
    for _ in range(5):
        _tap(actor, noor, WRONG)
    _tap(actor, daan, WRONG)
    teacher = Actor(app.test_client())
    teacher.sign_in_staff(TEACHER)
    class_url = f"/classes/{demo.classes[0].public_id}/"
    page = teacher.get(class_url).text
    assert re.search(r"5 mislukte pogingen sinds \d+ \w+", page)
    assert "1 mislukte poging sinds" in page
    assert "Moet wachten" in page  # Noor is waiting now
    response = teacher.post(f"{class_url}unlock")
    assert response.status_code == 302
    assert "2 leerlingen kunnen weer inloggen." in teacher.get(class_url).text
    assert _pupil(app, noor.public_id).failed_attempts == 0
    assert _tap(actor, noor, RIGHT).headers["Location"] == "/learn/"
    # Another teacher's pupils are not touched, and another school cannot unlock this class.
    other = Actor(app.test_client())
    other.get("/")
    assert other.post(f"{class_url}unlock").status_code == 302  # anonymous: to sign-in


def test_new_picture_passwords_are_four_of_twelve(app):
    assert len(PICTURES) == 12
    secrets_ = [new_picture_secret().split("-") for _ in range(200)]
    assert all(len(s) == 4 and len(set(s)) == 4 for s in secrets_)
    assert {key for s in secrets_ for key in s} == {p.key for p in PICTURES}


def test_a_four_picture_password_signs_in(app, actor, noor):
    with app.app_context(), new_session(write=True) as session:
        row = session.get(Pupil, noor.id)
        row.secret = "moon-boat-flower-sun"
        session.add(row)
        session.commit()
    page = _tap(actor, noor, ["moon", "boat", "flower"])
    assert "3 van de 4 gekozen" in page.text and ">bloem</span>" in page.text
    response = actor.post(
        f"/pupil/KTR947/{noor.public_id}", {"picked": "moon-boat-flower", "pick": "sun"}
    )
    assert response.headers["Location"] == "/learn/"


# --- Findings 3 and 9: limits on the class, shared storage, staff ------------------------------


def test_class_limit_holds_however_the_code_is_written(make_app, demo):
    app = make_app(PUPIL_SIGNIN_LIMIT_PER_CLASS="3 per minute")
    pupils = demo.pupils["KTR947"]
    actor = Actor(app.test_client())
    for pupil, code in zip(pupils, ("KTR947", "KTR-947", "ktr947--"), strict=False):
        assert _tap(actor, pupil, WRONG, code=code).status_code == 401
    for code in ("K-T-R-9-4-7", "_KTR947", "KTR947"):
        assert _tap(actor, pupils[3], WRONG, code=code).status_code == 429


def test_staff_limit_is_per_address_and_client_so_nobody_locks_a_teacher_out(make_app, demo):
    app = make_app(STAFF_SIGNIN_LIMIT="3 per minute")
    attacker = Actor(app.test_client())
    attacker.get("/login")
    for _ in range(3):
        assert attacker.post("/login", {"email": TEACHER, "password": "wrong"}).status_code == 401
    assert attacker.post("/login", {"email": TEACHER, "password": "wrong"}).status_code == 429
    # The teacher, on another connection, signs in as usual.
    teacher = app.test_client()
    env = {"REMOTE_ADDR": "10.2.0.1"}
    token = re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', teacher.get("/login", environ_base=env).text
    ).group(1)
    response = teacher.post(
        "/login",
        data={"email": TEACHER, "password": "leergang-demo", "csrf_token": token},
        environ_base=env,
    )
    assert response.status_code == 302


def test_staff_password_spraying_is_limited_per_client(make_app, demo):
    app = make_app(STAFF_SIGNIN_LIMIT_PER_CLIENT="4 per minute")
    sprayer = Actor(app.test_client())
    sprayer.get("/login")
    statuses = [
        sprayer.post(
            "/login", {"email": f"t{n}@school.example", "password": "Welkom01"}
        ).status_code
        for n in range(5)
    ]
    assert statuses == [401, 401, 401, 401, 429]


REDIS_URL = os.environ.get("LEERGANG_TEST_REDIS", "redis://127.0.0.1:6379")


def test_two_app_instances_share_the_counter_in_redis(app_config, demo):
    """Two app instances (two workers or servers) count code guesses together in Redis."""
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.exceptions.ConnectionError:
        pytest.fail(f"Redis is not running at {REDIS_URL}")
    shared = {
        **app_config,
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": f"leergang-test-{uuid.uuid4().hex}",
        "CLASS_CODE_MISSES_PER_CLIENT": "3 per minute",
    }
    first = create_app(shared)
    guesser = Actor(first.test_client())
    guesser.get("/pupil")
    for code in ("AAA-AAA", "CCC-CCC"):
        assert guesser.post("/pupil", {"code": code}).status_code == 200
    # A second instance (its own limiter storage object) sees the two misses of the first.
    second = create_app(shared)
    other = Actor(second.test_client())
    other.get("/pupil")
    assert other.post("/pupil", {"code": "DDD-DDD"}).status_code == 200
    assert other.post("/pupil", {"code": "EEE-EEE"}).status_code == 429
    # Memory storage, for contrast, starts from zero in every instance.
    alone = create_app({**shared, "RATELIMIT_STORAGE_URI": "memory://"})
    fresh = Actor(alone.test_client())
    fresh.get("/pupil")
    assert fresh.post("/pupil", {"code": "FFF-FFF"}).status_code == 200
    for instance in (first, second, alone):
        instance.extensions["leergang.engine"].dispose()


# --- Findings 7, 8 and 13: sessions ------------------------------------------------------------


def _cookie(client):
    return client.get_cookie("session").value


def _payload(cookie: str) -> str:
    data = cookie.split(".")[0] if not cookie.startswith(".") else cookie[1:].split(".")[0]
    raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    if cookie.startswith("."):
        raw = zlib.decompress(raw)
    return raw.decode()


@pytest.mark.parametrize("who", ["teacher", "pupil"])
def test_sign_out_ends_a_copied_cookie_too(app, noor, who):
    browser = Actor(app.test_client())
    if who == "teacher":
        browser.sign_in_staff(TEACHER)
        page = "/classes/"
    else:
        browser.sign_in_pupil("KTR947", noor)
        page = "/learn/"
    thief = app.test_client()
    thief.set_cookie("session", _cookie(browser.client))
    assert thief.get(page).status_code == 200
    browser.post("/logout")
    assert thief.get(page).status_code == 302  # to sign-in


def test_pupil_cookie_ends_with_the_browser_and_says_nothing_about_the_secret(app, actor, noor):
    response = actor.sign_in_pupil("KTR947", noor)
    set_cookie = response.headers["Set-Cookie"]
    assert "Expires" not in set_cookie and "Max-Age" not in set_cookie
    user_id = json.loads(_payload(_cookie(actor.client)))["_user_id"]
    assert user_id.startswith(f"pupil:{noor.public_id}:")
    assert hashlib.sha256(noor.secret.encode()).hexdigest()[:12] not in user_id
    # Still a browser-session cookie on later pages.
    later = actor.get("/learn/")
    assert "Expires" not in later.headers.get("Set-Cookie", "")
    # Staff keep a cookie with an expiry (12 hours after their last request).
    teacher = Actor(app.test_client())
    assert "Expires" in teacher.sign_in_staff(TEACHER).headers["Set-Cookie"]


def test_idle_pupil_signs_in_again_and_returns_where_they_were(app, actor, noor, library):
    module = library.modules["nodig-of-willen"]
    actor.sign_in_pupil("KTR947", noor)
    actor.post(f"/learn/{module.id}/start")
    step = next(s for s in module.steps if s.is_question)
    step_url = f"/learn/{module.id}/{step.id}"
    with actor.client.session_transaction() as session:
        session["pupil_seen"] = int(time.time()) - 61 * 60
    response = actor.get(step_url)
    assert response.status_code == 302 and response.headers["Location"] == "/pupil/KTR947"
    names = actor.get("/pupil/KTR947").text
    assert "Je was even weg" in names and "Noor" in names
    assert actor.get("/learn/").status_code == 302  # signed out
    back = actor.sign_in_pupil("KTR947", noor)
    assert back.headers["Location"] == step_url


def test_answer_sent_after_the_idle_time_is_kept(app, actor, noor, library):
    from leergang.learn.models import StepAnswer

    module = library.modules["nodig-of-willen"]
    actor.sign_in_pupil("KTR947", noor)
    step = advance_to_first_question(actor, module)
    location = f"/learn/{module.id}/{step.id}"
    actor.get(location)
    with actor.client.session_transaction() as session:
        session["pupil_seen"] = int(time.time()) - 61 * 60
    lost = actor.post(f"{location}/answer", right_answer(step))
    assert lost.headers["Location"] == "/pupil/KTR947"
    resume = actor.sign_in_pupil("KTR947", noor).headers["Location"]
    assert resume == "/pupil/resume"
    page = actor.get(resume)
    assert "Je antwoord is nog niet bewaard" in page.text
    action = re.search(r'<form method="post" action="(/learn/[^"]+)"', page.text).group(1)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text))
    assert action == f"{location}/answer"
    actor.client.post(action, data=fields)
    with app.app_context(), new_session() as session:
        saved = session.exec(select(StepAnswer).where(StepAnswer.step_id == step.id)).all()
    assert len(saved) == 1 and saved[0].correct


@pytest.mark.parametrize("how", ["away 90 minutes", "signed out on another Chromebook"])
def test_an_answer_sent_after_the_session_ended_is_kept(app, actor, noor, library, how):
    """Issue 8: they sign in again and the answer they typed is still saved."""
    from leergang.classes.models import Pupil
    from leergang.learn.models import StepAnswer

    module = library.modules["nodig-of-willen"]
    actor.sign_in_pupil("KTR947", noor)
    step = advance_to_first_question(actor, module)
    location = f"/learn/{module.id}/{step.id}"
    actor.get(location)
    if how == "away 90 minutes":
        with actor.client.session_transaction() as session:
            session["pupil_seen"] = int(time.time()) - 90 * 60
    else:
        with app.app_context(), new_session(write=True) as session:
            pupil = session.get(Pupil, noor.id)
            pupil.session_version += 1  # what signing out elsewhere does
            session.add(pupil)
            session.commit()
    sent = actor.post(f"{location}/answer", right_answer(step), htmx=True)
    assert sent.status_code == 204 and sent.headers["HX-Redirect"] == "/pupil/KTR947"
    names = actor.get("/pupil/KTR947").text
    assert "Noor" in names and ("Je was even weg" in names or "Je bent uitgelogd" in names)
    assert actor.sign_in_pupil("KTR947", noor).headers["Location"] == "/pupil/resume"
    page = actor.get("/pupil/resume").text
    action = re.search(r'<form method="post" action="(/learn/[^"]+)"', page).group(1)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    assert actor.client.post(action, data=fields).status_code in (200, 302)
    with app.app_context(), new_session() as session:
        saved = session.exec(select(StepAnswer).where(StepAnswer.step_id == step.id)).all()
    assert len(saved) == 1 and saved[0].correct


def test_card_link_asks_before_replacing_whoever_is_signed_in(app, noor):
    token = card_token(pupil=noor, secret_key=app.config["SECRET_KEY"])
    teacher = Actor(app.test_client())
    teacher.sign_in_staff(TEACHER)
    page = teacher.get(f"/pupil/card/{token}")
    assert page.status_code == 200
    assert "Je bent ingelogd als" in page.text and "Wil je wisselen?" in page.text
    assert teacher.get("/classes/").status_code == 200  # still the teacher
    switched = teacher.post(f"/pupil/card/{token}")
    assert switched.headers["Location"] == "/learn/"
    assert "Noor" in teacher.get("/learn/").text


def test_idle_pupil_signing_out_is_simply_signed_out(app, actor, noor):
    actor.sign_in_pupil("KTR947", noor)
    with actor.client.session_transaction() as session:
        session["pupil_seen"] = int(time.time()) - 61 * 60
    response = actor.post("/logout")
    assert response.headers["Location"] in ("/pupil", "/")
    back = actor.sign_in_pupil("KTR947", noor)
    assert back.headers["Location"] == "/learn/"  # no stale "resume" of the sign-out


def test_behind_a_trusted_proxy_each_client_has_its_own_budget(make_app, demo):
    app = make_app(CLASS_CODE_MISSES_PER_CLIENT="2 per minute", TRUSTED_PROXIES=1)
    statuses = {}
    for address in ("203.0.113.1", "203.0.113.2"):
        actor = Actor(app.test_client())
        headers = {"X-Forwarded-For": address}
        actor.get("/pupil", headers=headers)
        statuses[address] = [
            actor.post("/pupil", {"code": f"AAA-AA{n}"}, headers=headers).status_code
            for n in range(3)
        ]
    assert statuses == {"203.0.113.1": [200, 200, 429], "203.0.113.2": [200, 200, 429]}
