"""No answer lost or doubled, over real sockets to a real gunicorn: double clicks, dropped
connections, a worker killed mid-request, and one pupil on two Chromebooks."""

from __future__ import annotations

import os
import signal
import socket
import struct
import threading
import time
from urllib.parse import urlencode, urlsplit

import pytest
from sqlmodel import func, select

from leergang.db import new_session
from leergang.learn.models import StepAnswer
from leergang.metrics.models import AnswerEvent
from tests.answers import right_answer, wrong_answer
from tests.helpers import Actor
from tests.served import HttpClient, serve

MODULE = "nodig-of-willen"


@pytest.fixture
def server(app, demo, tmp_path, app_config):
    """Two gunicorn workers on the test's database, as in production."""
    with serve(app_config, tmp_path / "gunicorn.log", workers=2, expected=KILLED) as server:
        yield server


KILLED = ("was sent SIGKILL", "Worker (pid:")


def _pupil(server, noor) -> Actor:
    actor = Actor(HttpClient(server.url))
    response = actor.sign_in_pupil("KTR947", noor)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return actor


def _to_first_question(actor, module):
    """Start the module and walk to its first question, as a pupil would."""
    assert actor.post(f"/learn/{module.id}/start").status_code == 302
    for step in module.steps:
        actor.get(f"/learn/{module.id}/{step.id}")
        if step.type != "explanation" and step.is_question:
            return step
        if step.type != "explanation":
            actor.post(f"/learn/{module.id}/{step.id}/answer", right_answer(step))
        assert actor.post(f"/learn/{module.id}/{step.id}/next").status_code == 302
    raise AssertionError("module has no question")


def _stored(app, step) -> list[StepAnswer]:
    with app.app_context(), new_session() as session:
        return list(session.exec(select(StepAnswer).where(StepAnswer.step_id == step.id)))


def _events(app, step) -> int:
    with app.app_context(), new_session() as session:
        query = select(func.count()).select_from(AnswerEvent).where(AnswerEvent.step_id == step.id)
        return session.exec(query).one()


def _raw_post(server, actor, path: str, data: dict, *, send_all: bool = True) -> socket.socket:
    """A POST over a bare socket with the actor's cookies; the caller decides what happens next."""
    where = urlsplit(server.url)
    cookie = "; ".join(f"{c.name}={c.value}" for c in actor.client.cookies)
    body = urlencode({**data, "csrf_token": actor._token}, doseq=True).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {where.netloc}\r\nCookie: {cookie}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()
    conn = socket.create_connection((where.hostname, where.port))
    conn.sendall(head + (body if send_all else body[: len(body) // 2]))
    return conn


def test_a_double_click_saves_the_answer_once(app, server, noor, library):
    module = library.modules[MODULE]
    actor = _pupil(server, noor)
    step = _to_first_question(actor, module)
    url = f"/learn/{module.id}/{step.id}/answer"
    responses = []

    def click():
        responses.append(actor.post(url, right_answer(step), htmx=True))

    clicks = [threading.Thread(target=click) for _ in range(2)]
    for thread in clicks:
        thread.start()
    for thread in clicks:
        thread.join()

    assert [r.status_code for r in responses] == [200, 200]
    first, second = (r.get_data(as_text=True) for r in responses)
    assert 'id="feedback"' in first and 'id="feedback"' in second
    assert len(_stored(app, step)) == 1
    assert _events(app, step) == 1


def test_an_answer_sent_again_after_a_dropped_connection_is_kept_once(app, server, noor, library):
    module = library.modules[MODULE]
    actor = _pupil(server, noor)
    step = _to_first_question(actor, module)
    path = f"/learn/{module.id}/{step.id}/answer"
    # The wifi drops right after the answer left the Chromebook: no response ever arrives.
    conn = _raw_post(server, actor, path, right_answer(step))
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()
    time.sleep(0.5)
    # The pupil presses the button again, with a different (wrong) choice this time.
    again = actor.post(path, wrong_answer(step) or right_answer(step), htmx=True)
    assert again.status_code == 200
    stored = _stored(app, step)
    assert len(stored) == 1 and stored[0].correct is True
    assert _events(app, step) == 1
    page = actor.get(f"/learn/{module.id}/{step.id}").get_data(as_text=True)
    assert 'id="feedback"' in page


def test_a_worker_killed_mid_request_loses_nothing(app, server, noor, library):
    module = library.modules[MODULE]
    actor = _pupil(server, noor)
    step = _to_first_question(actor, module)
    path = f"/learn/{module.id}/{step.id}/answer"
    # Half an answer is on its way when every worker dies (out of memory, a deploy gone wrong).
    conn = _raw_post(server, actor, path, right_answer(step), send_all=False)
    workers = server.worker_pids()
    for pid in workers:
        os.kill(pid, signal.SIGKILL)
    conn.close()
    # gunicorn starts new workers; the pupil's session and progress are intact.
    deadline = time.monotonic() + 90
    while len(server.worker_pids()) < len(workers) * 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    page = actor.get(f"/learn/{module.id}/{step.id}")
    assert page.status_code == 200 and 'id="feedback"' not in page.get_data(as_text=True)
    assert _stored(app, step) == []
    answered = actor.post(path, right_answer(step), htmx=True)
    assert answered.status_code == 200 and 'id="feedback"' in answered.get_data(as_text=True)
    assert len(_stored(app, step)) == 1
    assert _events(app, step) == 1


def test_one_pupil_on_two_chromebooks_keeps_the_first_answer(app, server, noor, library):
    module = library.modules[MODULE]
    left, right = _pupil(server, noor), _pupil(server, noor)
    step = _to_first_question(left, module)
    assert right.get(f"/learn/{module.id}/{step.id}").status_code == 200
    url = f"/learn/{module.id}/{step.id}/answer"
    assert left.post(url, right_answer(step), htmx=True).status_code == 200
    # The other Chromebook still shows the question and sends a different answer.
    late = right.post(url, wrong_answer(step) or right_answer(step), htmx=True)
    assert late.status_code == 200 and 'id="feedback"' in late.get_data(as_text=True)
    stored = _stored(app, step)
    assert len(stored) == 1 and stored[0].correct is True
    # Both can go on from there.
    for actor in (left, right):
        moved = actor.post(f"/learn/{module.id}/{step.id}/next")
        assert moved.status_code == 302
