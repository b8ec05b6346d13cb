"""Run the app in a real gunicorn (with the repository's gunicorn.conf.py) for a test."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from leergang.config import ROOT
from tests.conftest import LESSONS_DIR

SECRET = "gunicorn-test-secret-key-long-enough-0123456789abcdef"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(database_url: str, logs: Path, workers: int = 1, **env):
    """Yield the base URL of a gunicorn serving ``database_url``; logs go to ``logs``/*.log."""
    port = _free_port()
    environ = {
        **os.environ,
        "DATABASE_URL": database_url,
        "LEERGANG_SECRET_KEY": SECRET,
        "LEERGANG_LESSONS_DIR": str(LESSONS_DIR),
        "LEERGANG_ACCESS_LOG": str(logs / "access.log"),
        "LEERGANG_ERROR_LOG": str(logs / "error.log"),
        "WEB_CONCURRENCY": str(workers),
        **env,
    }
    environ.pop("FLASK_RUN_FROM_CLI", None)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "--no-control-socket",
            "-b",
            f"127.0.0.1:{port}",
            "leergang:create_app()",
        ],  # fmt: skip
        cwd=ROOT,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError((logs / "error.log").read_text()) from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)
