"""Production's front door: Caddy with ``deploy/Caddyfile`` serving HTTPS in front of two app
servers (issue 13, "several servers when one is not enough").

compose.yaml mounts the same Caddyfile in front of ``app1`` and ``app2``. This machine has no
Docker, so the test runs Debian's ``caddy`` (``./dev test`` installs it) with that file, its
upstreams pointed at two real gunicorns (``gunicorn.conf.py``, ``LEERGANG_TRUSTED_PROXIES=1`` as
in compose.yaml) on one database, and a pupil working over HTTPS with Caddy's own local CA.
"""

from __future__ import annotations

import gzip
import os
import shutil
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

from tests.answers import right_answer
from tests.helpers import Actor
from tests.served import HttpClient, deploy_caddyfile, serve_production

MODULE = "nodig-of-willen"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def caddy_in_front(upstreams: list[str], workdir: Path, upstreams_answer: bool = True):
    """Caddy with deploy/Caddyfile on https://127.0.0.1:<port>; yields (base URL, TLS context
    that trusts Caddy's local CA) once it serves ``/healthz``, or only TLS when the upstreams
    do not answer yet. Only a global block is added: its own ports, no admin API, its files in
    ``workdir`` and no attempt to install the CA into the system's trust store."""
    caddy = shutil.which("caddy")
    assert caddy, "Caddy is not installed: ./dev test installs Debian's caddy package"
    port, http_port = _free_port(), _free_port()
    storage = workdir / "caddy"
    config = workdir / "Caddyfile"
    options = (
        f"\thttp_port {http_port}\n\thttps_port {port}\n\tadmin off\n\tskip_install_trust\n"
        f"\tstorage file_system {storage}\n"
    )
    config.write_text(deploy_caddyfile([u.removeprefix("http://") for u in upstreams], options))
    env = {**os.environ, "SITE_ADDRESS": f"127.0.0.1:{port}", "HOME": str(workdir)}
    log = workdir / "caddy.log"
    with log.open("w") as stderr:  # the child keeps its own copy of the file
        process = subprocess.Popen(
            [caddy, "run", "--config", str(config), "--adapter", "caddyfile"],
            env=env, stdout=subprocess.DEVNULL, stderr=stderr,
        )  # fmt: skip
    try:
        base = f"https://127.0.0.1:{port}"
        yield base, _wait_for_tls(process, base, storage, log, upstreams_answer)
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_for_tls(
    process, base: str, storage: Path, log: Path, upstreams_answer: bool
) -> ssl.SSLContext:
    root = storage / "pki" / "authorities" / "local" / "root.crt"
    host, port = base.removeprefix("https://").split(":")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "Caddy stopped:\n" + log.read_text()
        if root.exists():
            context = ssl.create_default_context(cafile=str(root))
            try:
                if not upstreams_answer:  # a finished handshake is all there is to wait for
                    with socket.create_connection((host, int(port)), timeout=5) as raw:
                        with context.wrap_socket(raw, server_hostname=host):
                            return context
                with urllib.request.urlopen(base + "/healthz", context=context, timeout=5) as r:
                    if r.status == 200:
                        return context
            except (OSError, ssl.SSLError, urllib.error.URLError):
                pass
        time.sleep(0.2)
    raise AssertionError("Caddy did not serve HTTPS within 60 s:\n" + log.read_text())


class HttpsBrowser(HttpClient):
    """Sends a Referer with its form posts, as a browser does: over HTTPS, Flask-WTF refuses a
    POST whose Referer is not this site (``WTF_CSRF_SSL_STRICT``)."""

    def post(self, url: str, data: dict | None = None, headers: dict | None = None):
        return super().post(url, data, {"Referer": self.base_url + "/", **(headers or {})})


def _lesson_requests(access_log: Path) -> int:
    return sum("/learn/" in line for line in access_log.read_text().splitlines())


def test_a_pupil_works_over_https_through_caddy_on_either_app_server(
    app, demo, noor, library, tmp_path
):
    with ExitStack() as stack:
        upstreams = []
        for name in ("app1", "app2"):
            (tmp_path / name).mkdir()
            upstreams.append(
                stack.enter_context(
                    serve_production(
                        app.config["DATABASE_URL"], tmp_path / name, LEERGANG_TRUSTED_PROXIES="1"
                    )
                )
            )
        base, tls = stack.enter_context(caddy_in_front(upstreams, tmp_path))
        client = HttpsBrowser(base, ssl_context=tls)

        # The proxy tells the app the page came over HTTPS: it asks browsers to stay on it.
        home = client.get("/", headers={"Accept-Encoding": "gzip"})
        assert home.status_code == 200
        assert home.headers["Strict-Transport-Security"] == "max-age=31536000"
        assert home.headers["Content-Encoding"] == "gzip"
        assert "Leergang" in gzip.decompress(home.body).decode()

        pupil = Actor(client)
        signed_in = pupil.sign_in_pupil("KTR947", noor)
        assert signed_in.status_code == 302 and signed_in.headers["Location"] == "/learn/"
        session_cookies = [c for c in client.cookies if c.name == "session"]
        assert session_cookies and all(c.secure for c in session_cookies)

        # htmx's response headers pass the proxy: "Volgende" brings the next step and its address.
        boosted = {"headers": {"HX-Boosted": "true"}, "htmx": True}
        steps = library.modules[MODULE].steps
        response = pupil.post(f"/learn/{MODULE}/start", **boosted)
        for number in range(1, 8):
            assert response.status_code == 200, response.get_data(as_text=True)[:300]
            assert response.headers["HX-Push-Url"] == f"/learn/{MODULE}/{steps[number - 1].id}"
            assert f"Stap {number} van {len(steps)}" in response.get_data(as_text=True)
            step = steps[number - 1]
            if step.needs_answer:
                answer = right_answer(step)
                answered = pupil.post(f"/learn/{MODULE}/{step.id}/answer", answer, htmx=True)
                assert answered.status_code == 200
            response = pupil.post(f"/learn/{MODULE}/{step.id}/next", **boosted)
        for _ in range(20):
            assert "Mijn opdrachten" in pupil.get("/learn/").get_data(as_text=True)

    # Any request may go to any server: both served this one pupil's lesson.
    served = [_lesson_requests(tmp_path / name / "access.log") for name in ("app1", "app2")]
    assert all(served), served


def test_an_app_server_gets_pupils_as_soon_as_it_answers(app, tmp_path):
    """compose.yaml starts Caddy beside app servers that are still loading the lessons, and an
    upgrade restarts them. Caddy's first health check then finds nothing listening. A click must
    not fail with "503 Service Unavailable" until Caddy's next check (30 s by default): it waits
    for the server, which gets pupils within seconds of answering."""
    port = _free_port()
    (tmp_path / "app1").mkdir()
    with caddy_in_front([f"http://127.0.0.1:{port}"], tmp_path, upstreams_answer=False) as (
        base,
        tls,
    ):
        with serve_production(
            app.config["DATABASE_URL"], tmp_path / "app1", port=port, LEERGANG_TRUSTED_PROXIES="1"
        ):
            home = HttpClient(base, ssl_context=tls).get("/")
            assert home.status_code == 200, home.status_code
            assert "Ik ben leerling" in home.get_data(as_text=True)
    # Caddy checks every 2 s, on /healthz: the access log keeps only the pupils' requests.
    log = (tmp_path / "app1" / "access.log").read_text()
    assert "GET / " in log and "Go-http-client" not in log
