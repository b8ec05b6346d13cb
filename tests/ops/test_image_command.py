"""The Docker image's own command, run natively: the tests cannot count on a Docker daemon (and
building takes minutes; ``deploy/check_compose.py`` does that), so the test builds what the
Dockerfile would (a folder holding exactly what it COPYs, the catalogues compiled
as its RUN does), sets its ENV and compose.yaml's settings, and runs its CMD there. The server
must answer and keep login-card tokens out of its access log (stdout in a container)."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from leergang.classes.services import card_token
from leergang.config import ROOT
from tests.served import SECRET, HttpClient, wait_until_serving

DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
BUILD_OUTPUT = shutil.ignore_patterns("__pycache__", "*.mo")  # .dockerignore; the RUN compiles


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) per Dockerfile line, with continued lines joined."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1])
        for line in lines
        if line and not line.startswith("#")
    ]


def _image_folder(into: Path) -> Path:
    """What the Dockerfile puts in WORKDIR: its COPY sources, then the RUN's catalogues."""
    steps = _instructions()
    assert ("WORKDIR", "/app") in steps
    into.mkdir()
    for kind, arguments in steps:
        if kind == "COPY":
            *sources, _target = arguments.split()
            for source in sources:
                path = ROOT / source
                if path.is_dir():
                    shutil.copytree(path, into / source, ignore=BUILD_OUTPUT)
                else:
                    shutil.copy(path, into / source)
    run = " ".join(arguments for kind, arguments in steps if kind == "RUN")
    assert "pybabel compile -d leergang/translations" in run
    pybabel = Path(sys.executable).parent / "pybabel"
    command = [pybabel, "compile", "-d", "leergang/translations"]
    subprocess.run(command, cwd=into, check=True, capture_output=True)
    return into


def _image_env() -> dict[str, str]:
    env: dict[str, str] = {}
    for kind, arguments in _instructions():
        if kind == "ENV":
            env.update(pair.split("=", 1) for pair in shlex.split(arguments))
    return env


@pytest.fixture
def card(app, noor):
    return card_token(pupil=noor, secret_key=SECRET)


def test_the_images_command_serves_and_keeps_card_tokens_out_of_its_log(app, card, tmp_path):
    image_env = _image_env()
    # The image listens outside its container, two workers per core on the usual two cores.
    assert image_env["LEERGANG_BIND"] == "0.0.0.0:8000" and image_env["WEB_CONCURRENCY"] == "4"
    (cmd,) = [json.loads(arguments) for kind, arguments in _instructions() if kind == "CMD"]
    assert cmd[0] == "gunicorn"
    folder = _image_folder(tmp_path / "app")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("LEERGANG_")},
        **image_env,
        # compose.yaml's settings for app1 and app2, on this test's database; a free port.
        "LEERGANG_SECRET_KEY": SECRET,
        "LEERGANG_DATABASE_URL": app.config["DATABASE_URL"],
        "LEERGANG_TRUSTED_PROXIES": "1",
        "LEERGANG_BIND": "127.0.0.1:0",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_CMD_ARGS": "--no-control-socket",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    stdout, stderr = tmp_path / "stdout.log", tmp_path / "stderr.log"
    with stdout.open("w") as out, stderr.open("w") as err:
        server = subprocess.Popen(cmd, cwd=folder, env=env, stdout=out, stderr=err)
    try:
        base = wait_until_serving(server, stderr)
        client = HttpClient(base)
        signed_in = client.get(f"/pupil/card/{card}")  # the card signs Noor in
        assert signed_in.status_code == 302 and signed_in.headers["Location"] == "/learn/"
        assert "Ik ben leerling" in client.get("/").get_data(as_text=True)
        assert client.get("/healthz").status_code == 200
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    log = stdout.read_text(encoding="utf-8")
    assert "GET /pupil/card/[redacted]" in log and "GET / " in log
    assert card not in log and card not in stderr.read_text(encoding="utf-8")
    assert "/healthz" not in log  # load balancers' probes do not bury the real requests
