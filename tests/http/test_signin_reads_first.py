"""A class signing in at once is not served one pupil at a time (issue 13, the sign-in herd).

On SQLite a request that may write takes the write lock with its first query. Signing in only
reads (the class, the pupil, the secret), and only a wrong secret writes, so its views are
marked ``reads_first`` (leergang.db): a pupil signs in while another request holds the write
lock, and a wrong secret still counts.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from leergang.auth.pictures import BY_KEY
from leergang.classes.models import Pupil
from leergang.db import new_session
from tests.helpers import POSTGRES, Actor

pytestmark = pytest.mark.skipif(bool(POSTGRES), reason="SQLite's write lock")


class WriterHoldingTheLock:
    """Another request in the middle of a write transaction, in a thread of its own."""

    def __init__(self, app):
        self.app = app
        self.holding = threading.Event()
        self.release = threading.Event()
        self.thread = threading.Thread(target=self._hold)

    def _hold(self):
        with self.app.app_context(), new_session(write=True) as session:
            session.execute(text("UPDATE classroom SET name = name"))
            self.holding.set()
            self.release.wait(30)
            session.commit()

    def __enter__(self):
        self.thread.start()
        assert self.holding.wait(10)
        return self

    def __exit__(self, *_exc):
        self.release.set()
        self.thread.join(10)


def _in_a_thread(work) -> tuple[threading.Thread, dict]:
    """Start ``work`` in a thread and give it 5 s; ``done["result"]`` once it has finished."""
    done = {}
    thread = threading.Thread(target=lambda: done.setdefault("result", work()))
    thread.start()
    thread.join(5)
    return thread, done


def test_a_pupil_signs_in_while_another_request_writes(app, demo, noor):
    actor = Actor(app.test_client())
    url = f"/pupil/KTR947/{noor.public_id}"
    *first, last = noor.secret.split("-")
    actor.post("/pupil", {"code": "KTR947"})
    actor.get(url)
    with WriterHoldingTheLock(app):
        thread, done = _in_a_thread(
            lambda: actor.post(url, {"picked": "-".join(first), "pick": last})
        )
        signed_in_meanwhile = "result" in done
    thread.join(30)
    assert signed_in_meanwhile, "the sign-in waited for the other request's write"
    response = done["result"]
    assert response.status_code == 302 and response.headers["Location"] == "/learn/"
    assert "Mijn opdrachten" in actor.get("/learn/").get_data(as_text=True)


def test_a_wrong_secret_still_counts_and_waits_its_turn_to_write(app, demo, noor):
    actor = Actor(app.test_client())
    url = f"/pupil/KTR947/{noor.public_id}"
    *first, last = noor.secret.split("-")
    wrong = next(key for key in BY_KEY if key != last)
    actor.post("/pupil", {"code": "KTR947"})
    actor.get(url)
    with WriterHoldingTheLock(app) as writer:
        thread, done = _in_a_thread(
            lambda: actor.post(url, {"picked": "-".join(first), "pick": wrong})
        )
        assert "result" not in done  # counting is a write: it queues behind the other one
        writer.release.set()
        thread.join(30)
    response = done["result"]
    assert response.status_code == 401
    assert "Dat klopt niet" in response.get_data(as_text=True)
    with app.app_context(), new_session() as session:
        assert session.get(Pupil, noor.id).failed_attempts == 1
