"""Server time of a lesson step page against the bare ``/healthz`` route (issue 13: "a lesson step
costs at most twice a bare hello route").

    .venv/bin/python benchmarks/server_time.py [--requests 300]

Serves the demo school (SQLite) with one sync gunicorn worker on 127.0.0.1, signs Noor in, opens
the first step of a lesson, then asks for the step page and for ``/healthz`` in turn (interleaved,
so a busy machine slows both alike). Server time is gunicorn's own request time (access-log
``%(D)s``, microseconds from request parsed to response sent), not the client's. Prints the
median and 90th percentile of each and the ratio of the medians, with the load average.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PORT = 8393
BASE = f"http://127.0.0.1:{PORT}"
MODULE = "nodig-of-willen"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def serve(workdir: Path, access_log: Path) -> subprocess.Popen:
    from leergang import create_app
    from leergang.db import new_session
    from leergang.demo import seed_demo
    from leergang.migrations.runner import upgrade

    url = f"sqlite:///{workdir / 'server-time.db'}"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "server-time" * 4})
    with app.app_context():
        upgrade()
        with new_session(write=True) as session:
            seed_demo(session=session)
    app.extensions["leergang.engine"].dispose()
    env = {
        **os.environ,
        "LEERGANG_DATABASE_URL": url,
        "LEERGANG_SECRET_KEY": "server-time" * 4,
        "LEERGANG_SESSION_COOKIE_SECURE": "false",
        "LEERGANG_ALLOW_DEMO_ACCOUNTS": "true",
    }
    # gunicorn's plain logger: the one gunicorn.conf.py picks leaves /healthz out of the access log.
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--bind", f"127.0.0.1:{PORT}",
         "--workers", "1", "--worker-class", "sync", "--log-level", "warning",
         "--logger-class", "gunicorn.glogging.Logger",
         "--access-logfile", str(access_log), "--access-logformat", "%(U)s %(s)s %(D)s",
         "leergang:create_app()"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    for _ in range(150):
        try:
            requests.get(BASE + "/healthz", timeout=30)
            return server
        except requests.RequestException:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def sign_in_and_open_a_step(http: requests.Session) -> str:
    """Noor signs in (class code, name, pictures) and starts the lesson; returns the step path."""
    token = CSRF.search(http.get(BASE + "/pupil").text).group(1)
    names = http.post(BASE + "/pupil", data={"csrf_token": token, "code": "KTR947"}).text
    noor = re.search(r'href="(/pupil/KTR947/[^"]+)"[^>]*>\s*(?:<[^>]+>\s*)*Noor', names)
    secret_page = http.get(BASE + noor.group(1)).text
    token = CSRF.search(secret_page).group(1)
    signed_in = http.post(
        BASE + noor.group(1), data={"csrf_token": token, "picked": "cat-apple", "pick": "star"}
    )
    assert signed_in.url.endswith("/learn/"), signed_in.url
    token = CSRF.search(http.get(f"{BASE}/learn/{MODULE}/").text).group(1)
    step = http.post(f"{BASE}/learn/{MODULE}/start", data={"csrf_token": token})
    assert "/learn/" in step.url and step.status_code == 200, step.url
    return step.url.removeprefix(BASE)


def server_times(access_log: Path, path: str) -> list[float]:
    """Milliseconds per 200 response to ``path``, from gunicorn's access log."""
    times = []
    for line in access_log.read_text().splitlines():
        url, status, micros = line.rsplit(" ", 2)
        if url == path and status == "200":
            times.append(int(micros) / 1000)
    return times


def summary(times: list[float]) -> str:
    deciles = statistics.quantiles(times, n=10)
    return f"median {statistics.median(times):6.2f} ms   p90 {deciles[-1]:6.2f} ms   n={len(times)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="requests per URL")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="leergang-server-time-"))
    access_log = workdir / "access.log"
    server = serve(workdir, access_log)
    try:
        http = requests.Session()
        step = sign_in_and_open_a_step(http)
        for _ in range(20):  # warm-up: imports, templates, caches
            http.get(BASE + step)
            http.get(BASE + "/healthz")
        access_log.write_text("")
        print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        for _ in range(args.requests):
            assert http.get(BASE + step).status_code == 200
            assert http.get(BASE + "/healthz").text == "ok"
        print(f"load average after:  {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    steps, health = server_times(access_log, step), server_times(access_log, "/healthz")
    print(f"lesson step {step}")
    print(f"  step page  {summary(steps)}")
    print(f"  /healthz   {summary(health)}")
    ratio = statistics.median(steps) / statistics.median(health)
    print(f"ratio step / healthz (medians): {ratio:.1f}  (goal: at most 2)")


if __name__ == "__main__":
    main()
