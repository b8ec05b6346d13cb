"""A real gunicorn serving the app for a test, as production serves it.

Browser tests and the HTTP tests that need real sockets (dropped connections, killed workers,
response headers the Flask test client never checks) use ``serve``. The test's settings reach the
server as JSON in ``LEERGANG_TEST_APP_CONFIG`` and ``make_app`` builds the app from them.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from werkzeug.datastructures import Headers

from leergang.config import ROOT

# Lines in the server's log that fail the test that ran it.
BAD_LOG_MARKS = ("[ERROR]", "Traceback", "ResourceWarning")


def make_app():
    """gunicorn's entry point: ``tests.served:make_app()``."""
    from leergang import create_app

    config = json.loads(os.environ["LEERGANG_TEST_APP_CONFIG"])
    libraries = os.environ.get("LEERGANG_TEST_LIBRARIES")
    if libraries:
        # The test's own parsed lessons, pickled by ``serve`` (parsing them again takes a second).
        config["PRELOADED_LIBRARIES"] = pickle.loads(Path(libraries).read_bytes())  # noqa: S301
    return create_app(config)


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8") if self.log.exists() else ""

    def worker_pids(self) -> list[int]:
        found = re.findall(r"Booting worker with pid: (\d+)", self.log_text())
        return [int(pid) for pid in found]


@contextmanager
def serve(
    config: dict, log: Path, *, workers: int = 1, threads: int = 8, expected: tuple[str, ...] = ()
) -> Iterator[Server]:
    """gunicorn on a free port of 127.0.0.1 until the block ends; fails if it logged errors.

    An unclosed file or socket in a worker is printed to the log (``PYTHONWARNINGS``) and fails
    the test like an error does. The log is read before the server stops, because gunicorn's own
    shutdown leaves its listening sockets to the interpreter. Log lines holding one of
    ``expected`` (say, a worker the test killed) do not count.
    """
    env = {
        **os.environ,
        "LEERGANG_TEST_APP_CONFIG": json.dumps(
            {k: v for k, v in config.items() if k != "PRELOADED_LIBRARIES"}
        ),
        "PYTHONWARNINGS": "always::ResourceWarning",
    }
    if config.get("PRELOADED_LIBRARIES"):
        # The lessons this test session parsed once reach the server pickled, not parsed again.
        libraries = log.with_name(log.name + ".libraries.pickle")
        libraries.write_bytes(pickle.dumps(config["PRELOADED_LIBRARIES"]))
        env["LEERGANG_TEST_LIBRARIES"] = str(libraries)
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "tests.served:make_app()"),
            # gunicorn binds port 0 itself and logs the port it got: no race for a free port.
            *("--no-control-socket", "--bind=127.0.0.1:0"),
            *(f"--workers={workers}", "--worker-class=gthread", f"--threads={threads}"),
            *("--graceful-timeout=3", "--log-level=info", f"--error-logfile={log}"),
            "--capture-output",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        server = Server(wait_until_serving(process, log), process, log)
        yield server
        logged = server.log_text()
    finally:
        # Quick shutdown: the log is read already, and a graceful one waits up to
        # --graceful-timeout for the keep-alive connections a browser leaves open.
        process.send_signal(signal.SIGQUIT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    errors = [
        line
        for line in logged.splitlines()
        if any(m in line for m in BAD_LOG_MARKS) and not any(e in line for e in expected)
    ]
    assert not errors, "the server logged errors while the test ran:\n" + logged


SECRET = "gunicorn-test-secret-key-long-enough-0123456789abcdef"
COMPOSE_UPSTREAMS = "app1:8000 app2:8000"  # the app servers deploy/Caddyfile names, as compose.yaml


def deploy_caddyfile(upstreams: list[str], options: str = "") -> str:
    """``deploy/Caddyfile`` itself, as compose.yaml mounts it, with its app servers replaced by
    ``upstreams`` (``"127.0.0.1:8001"``, …) and Caddy's global ``options`` block, if any, put
    first. The load benchmark and the Caddy test run production's own file this way."""
    site = (ROOT / "deploy" / "Caddyfile").read_text(encoding="utf-8")
    assert COMPOSE_UPSTREAMS in site, "deploy/Caddyfile no longer names compose.yaml's servers"
    site = site.replace(COMPOSE_UPSTREAMS, " ".join(upstreams))
    return f"{{\n{options}}}\n\n{site}" if options else site


@contextmanager
def serve_production(
    database_url: str, logs: Path, workers: int = 1, port: int = 0, **env
) -> Iterator[str]:
    """gunicorn exactly as production starts it: the repository's ``gunicorn.conf.py`` and
    ``leergang:create_app()``, settings from the environment. Yields the base URL; the access and
    error logs go to ``logs``/access.log and ``logs``/error.log. ``port`` 0 lets gunicorn pick a
    free one."""
    from tests.helpers import LESSONS_DIR

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
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"),
            # Port 0: gunicorn picks a free port and logs it, so no other test can take it first.
            *("--no-control-socket", f"--bind=127.0.0.1:{port}", "leergang:create_app()"),
        ],
        cwd=ROOT,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield wait_until_serving(process, logs / "error.log")
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_until_serving(process: subprocess.Popen, log: Path, timeout: float = 90) -> str:
    """The server's address, once a worker answers (each loads the lesson library first)."""
    deadline = time.monotonic() + timeout
    url = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode} before serving")
        if url is None:
            logged = log.read_text(encoding="utf-8") if log.exists() else ""
            found = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", logged)
            url = found and found.group(1)
        if url:
            try:
                with urllib.request.urlopen(url + "/static/img/logo.svg", timeout=5) as response:
                    response.read()
                    return url
            except OSError:
                pass
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer within {timeout} s")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class HttpResponse:
    status_code: int
    headers: Headers  # case-insensitive, as browsers read them (Caddy sends "Hx-Push-Url")
    body: bytes

    def get_data(self, as_text: bool = False):
        return self.body.decode("utf-8") if as_text else self.body


class HttpClient:
    """A real HTTP client with the Flask test client's interface, so ``Actor`` can drive a server.

    Keeps cookies like a browser and never follows redirects (tests look at each 302).
    """

    def __init__(self, base_url: str, ssl_context=None):
        import http.cookiejar

        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies),
            _NoRedirects(),
            urllib.request.HTTPSHandler(context=ssl_context),
        )

    def get(self, url: str, headers: dict | None = None) -> HttpResponse:
        return self._send(urllib.request.Request(self.base_url + url, headers=headers or {}))

    def post(self, url: str, data: dict | None = None, headers: dict | None = None):
        from urllib.parse import urlencode

        body = urlencode(data or {}, doseq=True).encode()
        request = urllib.request.Request(
            self.base_url + url, data=body, headers=headers or {}, method="POST"
        )
        return self._send(request)

    def _send(self, request) -> HttpResponse:
        try:
            with self._opener.open(request, timeout=30) as response:
                return HttpResponse(
                    response.status, Headers(response.headers.items()), response.read()
                )
        except urllib.error.HTTPError as error:
            with error:
                return HttpResponse(error.code, Headers(error.headers.items()), error.read())
