"""Load test: classes of 30 pupils sign in and work through a lesson and a game (issue 13).

    .venv/bin/python benchmarks/load.py --classes 10 --seconds 60
    .venv/bin/python benchmarks/load.py --classes 20 --seconds 180 --spawn-rate 5 --steady
    .venv/bin/python benchmarks/load.py --classes 5 --seconds 20 --herd   # 150 sign in at once
    .venv/bin/python benchmarks/load.py --classes 10 --teachers --worker-class gthread --threads 4
    .venv/bin/python benchmarks/load.py --db postgresql://postgres@127.0.0.1:5432 --servers 2 \
        --redis redis://127.0.0.1:6379/0 --classes 10 --seconds 60

Prepares a fresh database (SQLite file or a PostgreSQL database ``leergang_bench``) with
``--classes`` classes of 30 pupils, each assigned one lesson and one game; starts ``--servers``
gunicorn servers on 127.0.0.1 only; runs locust headless for ``--seconds``; prints p50/p95/p99
per request type, errors and throughput. Pupils think 3–8 s between actions, as in a classroom.
Pupils send what htmx sends from Chromium: links and forms are boosted (``hx-boost`` on
``<body>``), so an answer comes back as the step panel, the last picture of a sign-in as
Mijn opdrachten itself, and "next" and a game choice as the next page itself
(``web.page_after_post``); starting a game still redirects. ``--no-js`` sends plain form posts
instead (every POST then redirects).
``--steady`` leaves out the arrival (the figures start again once every pupil has signed in),
so they say what the server holds, not how it copes with a class arriving. It prints the CPU
seconds the load generator and the servers used, and their share of the cores while the figures
count: they share the machine's cores.
The servers' access log goes to a file in the run's temporary folder.
This same file is the locustfile (locust imports it; the classes below are the pupils).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MODULE = "nodig-of-willen"
GAME = "sparen-voor"
TEACHER = "leraar@demo.leergang.nl"
PUPILS_PER_CLASS = 30
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# What htmx adds to a boosted link or form, and to the answer form (hx-post, hx-target).
BOOSTED = {"HX-Request": "true", "HX-Boosted": "true"}
SECRET_FORM = {**BOOSTED, "HX-Target": "secret-panel"}
ANSWER_FORM = {"HX-Request": "true", "HX-Target": "step-panel"}

try:
    # geventhttpclient, not requests: the load generator shares the machine's two cores with the
    # servers it measures (a 300-pupil run: 13 CPU seconds, against 19 with HttpUser).
    from locust import FastHttpUser, between, task
except ImportError:  # running the driver without locust installed: only --help works
    FastHttpUser = object  # type: ignore[assignment,misc]

if FastHttpUser is not object:
    from tests.answers import right_answer

    _library = None

    def library():
        global _library
        if _library is None:
            from leergang.content import load_library

            _library = load_library(ROOT / "lessons")
        return _library

    PUPILS = json.loads(Path(os.environ.get("LOAD_PUPILS", "/dev/null")).read_text() or "[]")
    HOSTS = os.environ.get("LOAD_HOSTS", "").split(",")
    HERD = os.environ.get("LOAD_HERD") == "1"
    HERD_LOG = os.environ.get("LOAD_HERD_LOG")  # each pupil: opened, last tap, signed in
    NO_JS = os.environ.get("LOAD_NO_JS") == "1"
    # --steady: the figures start again once every pupil has signed in (this file is written then)
    STEADY_MARK = os.environ.get("LOAD_STEADY_MARK")
    _next = iter(range(10**9))
    _signed_in = set()

    class Pupil(FastHttpUser):
        """One pupil on a Chromebook: signs in, does the lesson, then plays the game again and
        again, looking at the assignment list in between."""

        wait_time = between(3, 8)
        host = HOSTS[0] if HOSTS else None

        def on_start(self):
            number = next(_next)
            self.me = PUPILS[number % len(PUPILS)]
            self.client.base_url = HOSTS[number % len(HOSTS)]
            self.token = None
            self.sign_in()
            self.lesson_done = False

        def think(self):
            time.sleep(random.uniform(3, 8))  # gevent-patched by locust

        def page(self, url, name, headers=BOOSTED):
            response = self.client.get(url, name=name, headers=None if NO_JS else headers)
            self._remember(response)
            return response

        def post(self, url, name, data=None, headers=BOOSTED):
            response = self.client.post(
                url,
                data={"csrf_token": self.token, **(data or {})},
                name=name,
                headers=None if NO_JS else headers,
            )
            self._remember(response)
            return response

        @staticmethod
        def address(response) -> str:
            """The address the browser shows now: the one htmx pushes when a boosted form is
            answered with the next page itself, else where the redirects ended."""
            return response.headers.get("HX-Push-Url") or response.url

        def _remember(self, response):
            match = CSRF.search(response.text or "")
            if match:
                self.token = match.group(1)

        def sign_in(self):
            me = self.me
            url = f"/pupil/{me['code']}/{me['public_id']}"
            opened = time.time()
            self.page(url, "sign-in page", headers=None)  # opened from the card's address
            *first, last = me["secret"].split("-")  # three or four pictures
            if not HERD:
                self.think()
            tapped = time.time()
            response = self.post(
                url, "sign-in", {"picked": "-".join(first), "pick": last}, SECRET_FORM
            )
            if response.ok and "Mijn opdrachten" in response.text:
                if HERD_LOG:
                    with open(HERD_LOG, "a") as log:  # one short line: appends do not interleave
                        log.write(f"{opened} {tapped} {time.time()}\n")
                self._arrived()

        def _arrived(self):
            """Counts this pupil in; once the whole town has signed in, --steady starts the
            figures again (no argon2 sign-in is left in them)."""
            _signed_in.add(self.me["public_id"])
            if STEADY_MARK and len(_signed_in) == len(PUPILS):
                self.environment.stats.reset_all()
                Path(STEADY_MARK).write_text(str(len(_signed_in)))

        @task(1)
        def lesson(self):
            if self.lesson_done:
                self.page("/learn/", "/learn/")
                return
            module = library().modules[MODULE]
            response = self.post(f"/learn/{MODULE}/start", "lesson start")
            for step in module.steps:
                if not self.address(response).endswith(f"/{step.id}"):
                    break  # resumed elsewhere or finished
                self.think()
                if step.type != "explanation":
                    self.post(
                        f"/learn/{MODULE}/{step.id}/answer",
                        "lesson answer",
                        right_answer(step),
                        ANSWER_FORM,
                    )
                    self.think()
                response = self.post(f"/learn/{MODULE}/{step.id}/next", "lesson next")
            self.lesson_done = True

        @task(1)
        def game(self):
            response = self.page(f"/games/{GAME}/", "game cover")
            self.think()
            response = self.post(f"/games/{GAME}/start", "game start")
            for _turn in range(40):
                options = [
                    m.group(1)
                    for m in re.finditer(r'name="option" value="([^"]+)"([^>]*)>', response.text)
                    if "disabled" not in m.group(2)
                ]
                turn = re.search(r'name="turn" value="(\d+)"', response.text)
                card = re.search(r'name="card" value="([^"]+)"', response.text)
                run = re.search(r"/games/run/([^/]+)/", self.address(response))
                if not (options and turn and card and run):
                    break  # the debrief
                self.think()
                response = self.post(
                    f"/games/run/{run.group(1)}/choose",
                    "game choose",
                    {"turn": turn.group(1), "card": card.group(1), "option": options[0]},
                )

    CLASSES = json.loads(Path(os.environ.get("LOAD_CLASSES") or "/dev/null").read_text() or "[]")
    _next_class = iter(range(10**9))

    # Only with --teachers: locust would otherwise spawn (broken) teachers instead of pupils.
    if CLASSES:

        class Teacher(FastHttpUser):
            """A teacher with the class's progress grid open on the smartboard: it polls every 10 s
            (htmx, the grid fragment only), as templates/classes/progress.html does."""

            fixed_count = len(CLASSES)
            wait_time = between(10, 10)
            host = HOSTS[0] if HOSTS else None

            def on_start(self):
                number = next(_next_class)
                self.client.base_url = HOSTS[number % len(HOSTS)]
                self.grid = f"/classes/{CLASSES[number % len(CLASSES)]}/progress"
                page = self.client.get("/login", name="teacher sign-in page")
                token = CSRF.search(page.text).group(1)
                self.client.post(
                    "/login",
                    data={"csrf_token": token, "email": TEACHER, "password": "leergang-demo"},
                    name="teacher sign-in",
                )
                self.client.get(self.grid, name="progress page")

            @task
            def poll(self):
                self.client.get(self.grid, name="progress poll", headers={"HX-Request": "true"})


def prepare(url: str, classes: int, workdir: Path) -> Path:
    """A fresh database with the classes; returns the JSON file listing every pupil."""
    from leergang import create_app
    from leergang.assignments.services import create_assignment
    from leergang.classes.models import SecretKind
    from leergang.classes.services import add_pupils, create_class
    from leergang.db import new_session
    from leergang.demo import seed_demo
    from leergang.migrations.runner import upgrade

    app = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": "bench" * 10, "LESSONS_DIR": str(ROOT / "lessons")}
    )
    pupils, class_ids = [], []
    with app.app_context():
        upgrade()
        with new_session(write=True) as session:
            demo = seed_demo(session=session)
            from sqlmodel import select

            from leergang.auth.models import StaffUser

            teacher = session.exec(
                select(StaffUser).where(StaffUser.email == demo.staff[0][0])
            ).one()
            for n in range(classes):
                classroom = create_class(
                    session=session,
                    teacher=teacher,
                    name=f"Klas {n}",
                    school_year="2026-2027",
                    level="po-8",
                    secret_kind=SecretKind.PICTURES,
                )
                class_ids.append(classroom.public_id)
                for kind, item in (("module", MODULE), ("game", GAME)):
                    create_assignment(session=session, classroom=classroom, kind=kind, item_id=item)
                names = [f"Kind {i}" for i in range(PUPILS_PER_CLASS)]
                for pupil in add_pupils(session=session, classroom=classroom, names=names):
                    pupils.append(
                        {
                            "code": classroom.code,
                            "public_id": pupil.public_id,
                            "secret": pupil.secret,
                        }
                    )
    app.extensions["leergang.engine"].dispose()
    random.Random(1).shuffle(pupils)
    path = workdir / "pupils.json"
    path.write_text(json.dumps(pupils))
    (workdir / "classes.json").write_text(json.dumps(class_ids))
    return path


def database_url(option: str | None, workdir: Path) -> str:
    if not option:
        return f"sqlite:///{workdir / 'bench.db'}"
    import psycopg

    with psycopg.connect(option + "/postgres", autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS leergang_bench")
        conn.execute("CREATE DATABASE leergang_bench")
    return option + "/leergang_bench"


def start_servers(args, url: str, workdir: Path) -> list[subprocess.Popen]:
    env = {
        **os.environ,
        "LEERGANG_DATABASE_URL": url,
        "LEERGANG_SECRET_KEY": "bench" * 10,
        "LEERGANG_SESSION_COOKIE_SECURE": "false",
        "LEERGANG_REMEMBER_COOKIE_SECURE": "false",
        "LEERGANG_ALLOW_DEMO_ACCOUNTS": "true",  # the demo teacher watches the progress grids
        "LEERGANG_ACCESS_LOG": str(workdir / "access.log"),
        # Thousands of pupils from one address (loopback): the per-IP staff limit is not in
        # play, the per-class pupil limit is (30 pupils per class, 60 sign-ins a minute).
    }
    if args.redis:
        env["LEERGANG_RATELIMIT_STORAGE_URI"] = args.redis
    if args.proxy:
        env["LEERGANG_TRUSTED_PROXIES"] = "1"  # as in compose.yaml
    servers = []
    for n in range(args.servers):
        port = _app_port(args, n)
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "--bind", f"127.0.0.1:{port}",
            "--workers", str(args.workers),
            "--worker-class", args.worker_class,
            "--threads", str(args.threads),
            "--log-level", "warning",
            "leergang:create_app()",
        ]  # fmt: skip
        servers.append(subprocess.Popen(command, env=env, cwd=ROOT))
    for n in range(args.servers):
        _answers(f"http://127.0.0.1:{_app_port(args, n)}/")
    return servers


def _answers(url: str) -> bool:
    """Whether ``url`` answers within about 20 s (a server starting up)."""
    import urllib.request

    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=2)
            return True
        except OSError:
            time.sleep(0.2)
    return False


def _app_port(args, n: int) -> int:
    """Server n's port: ``--port`` itself, or the ports after it when Caddy takes ``--port``."""
    return args.port + n + (1 if args.proxy else 0)


def start_proxy(args, workdir: Path) -> subprocess.Popen:
    """Caddy in front of the app servers with ``deploy/Caddyfile`` itself (compression, least
    connections, health checks), on plain http: the same file compose.yaml mounts, with this
    run's servers for ``app1:8000 app2:8000``."""
    from tests.served import deploy_caddyfile

    upstreams = [f"127.0.0.1:{_app_port(args, n)}" for n in range(args.servers)]
    config = workdir / "Caddyfile"
    config.write_text(deploy_caddyfile(upstreams))
    env = {
        **os.environ,
        "SITE_ADDRESS": f"http://127.0.0.1:{args.port}",
        "XDG_DATA_HOME": str(workdir / "caddy"),
        "XDG_CONFIG_HOME": str(workdir / "caddy"),
    }
    proxy = subprocess.Popen(
        ["caddy", "run", "--config", str(config), "--adapter", "caddyfile"],
        env=env, stdout=subprocess.DEVNULL, stderr=open(workdir / "caddy.log", "w"),
    )  # fmt: skip
    if _answers(f"http://127.0.0.1:{args.port}/"):
        return proxy
    raise SystemExit(f"Caddy did not start: see {workdir / 'caddy.log'}")


def report(prefix: Path, seconds: int) -> None:
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv")))
    print(f"\n{'request':<18}{'count':>8}{'errors':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}")
    for row in rows:
        print(
            f"{row['Name'][:17]:<18}{row['Request Count']:>8}{row['Failure Count']:>8}"
            f"{row['50%']:>8}{row['95%']:>8}{row['99%']:>8}"
        )
    total = next(r for r in rows if r["Name"] == "Aggregated")
    print(f"throughput: {float(total['Requests/s']):.1f} requests/s over {seconds} s")
    signin = next((r for r in rows if r["Name"] == "sign-in"), None)
    if signin:
        print(f"slowest sign-in (POST and the page after it): {signin['100%']} ms")
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists():
        for row in list(csv.DictReader(open(failures)))[:10]:
            print("error:", row["Method"], row["Name"], row["Error"][:120], "×", row["Occurrences"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="PostgreSQL server URL (default: a SQLite file)")
    parser.add_argument("--redis", help="Redis URL for rate-limit counters shared by servers")
    parser.add_argument("--servers", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--classes", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--spawn-rate", type=float, default=50)
    parser.add_argument("--port", type=int, default=8301)
    parser.add_argument(
        "--teachers",
        action="store_true",
        help="one teacher per class polls the class's progress grid every 10 s",
    )
    parser.add_argument(
        "--herd",
        action="store_true",
        help="every pupil starts within one second and signs in at once (the sign-in herd)",
    )
    parser.add_argument(
        "--no-js",
        action="store_true",
        help="plain form posts, as from a browser without JavaScript (every POST redirects)",
    )
    parser.add_argument(
        "--proxy",
        action="store_true",
        help="pupils reach the servers through Caddy with deploy/Caddyfile, as in production",
    )
    parser.add_argument(
        "--steady",
        action="store_true",
        help="count only requests after every pupil has signed in (the figures start again then)",
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="leergang-load-"))
    url = database_url(args.db, workdir)
    pupils = prepare(url, args.classes, workdir)
    users = args.classes * PUPILS_PER_CLASS
    servers = start_servers(args, url, workdir)
    proxy = start_proxy(args, workdir) if args.proxy else None
    if proxy:
        hosts = f"http://127.0.0.1:{args.port}"
    else:
        hosts = ",".join(f"http://127.0.0.1:{_app_port(args, n)}" for n in range(args.servers))
    teachers = f", {args.classes} polling teachers" if args.teachers else ""
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(
        f"{users} pupils{teachers}, {args.servers} server(s) × {args.workers} "
        f"{args.worker_class} workers, "
        f"{'PostgreSQL' if args.db else 'SQLite'}{' + Redis' if args.redis else ''}, "
        f"{args.seconds} s{', no JavaScript' if args.no_js else ''}"
        f"{', through Caddy' if proxy else ''}"
    )
    prefix = workdir / "locust"
    log = workdir / "access.log"
    steady_mark = workdir / "steady"
    server_start = _server_cpu(servers)
    proxy_start = _server_cpu([proxy]) if proxy else 0.0
    # When every pupil had signed in: (time, server CPU, HTTP requests, load generator CPU).
    steady = None
    try:
        locust = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "locust"), "-f", __file__, "--headless",
                "--users", str(users + (args.classes if args.teachers else 0)),
                "--spawn-rate", str(users if args.herd else args.spawn_rate),
                "--run-time", f"{args.seconds}s", "--csv", str(prefix), "--only-summary",
                "--host", hosts.split(",")[0], "--loglevel", "WARNING",
            ],
            env={
                **os.environ,
                "LOAD_PUPILS": str(pupils),
                "LOAD_HOSTS": hosts,
                "LOAD_HERD": "1" if args.herd else "",
                "LOAD_HERD_LOG": str(workdir / "herd.log") if args.herd else "",
                "LOAD_NO_JS": "1" if args.no_js else "",
                "LOAD_CLASSES": str(workdir / "classes.json") if args.teachers else "",
                "LOAD_STEADY_MARK": str(steady_mark) if args.steady and not args.herd else "",
            },
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        while locust.poll() is None:
            if steady is None and steady_mark.exists():
                steady = (
                    time.monotonic(),
                    _server_cpu(servers),
                    _lines(log),
                    _server_cpu([locust]),
                )
            time.sleep(0.1)
        ended = time.monotonic()
        generator = _children_cpu()
        servers_end = _server_cpu(servers)
        servers_cpu = servers_end - server_start
        proxy_cpu = _server_cpu([proxy]) - proxy_start if proxy else 0.0
        answered = _lines(log)
    finally:
        for server in servers + ([proxy] if proxy else []):
            server.terminate()
        for server in servers + ([proxy] if proxy else []):
            server.wait(timeout=30)
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    # Both share the machine's cores: a load generator that needs a core of its own leaves the
    # servers less than the machine has.
    print(
        f"CPU used during the run: load generator {generator:.0f} s, servers {servers_cpu:.0f} s"
        + (f", Caddy {proxy_cpu:.0f} s" if proxy else "")
    )
    if answered:  # a click that redirects is two HTTP requests but one locust request
        print(
            f"HTTP requests the servers answered (arrival included): {answered}, "
            f"{servers_cpu * 1000 / answered:.1f} ms of server CPU each"
        )
    counted = args.seconds
    if args.steady and not steady:
        print("--steady: not every pupil signed in, so the figures below include the arrival")
    elif steady and answered > steady[2]:
        # The window locust's figures count: what a click costs the servers once no sign-in
        # (argon2) is left, and how much of the cores the load generator takes meanwhile.
        since, cpu, requests, generator_cpu = steady
        counted = round(ended - since)
        print(
            f"after every pupil signed in ({counted} s): {answered - requests} HTTP requests, "
            f"{(servers_end - cpu) * 1000 / (answered - requests):.1f} ms of server CPU each; "
            f"servers {(servers_end - cpu) / (ended - since):.2f} core, "
            f"load generator {(generator - generator_cpu) / (ended - since):.2f} core"
        )
    report(prefix, counted)
    if args.herd:
        herd_report(workdir / "herd.log", users)


def herd_report(log: Path, users: int) -> None:
    """The herd as the class sees it: from the first pupil opening the sign-in page to the last
    one looking at Mijn opdrachten, and each pupil's own wait after the last picture."""
    rows = [tuple(map(float, line.split())) for line in log.read_text().splitlines()]
    if not rows:
        print("herd: nobody signed in")
        return
    start = min(opened for opened, _tapped, _in in rows)
    taps = [tapped - start for _opened, tapped, _in in rows]
    waits = sorted(signed_in - tapped for _opened, tapped, signed_in in rows)
    print(
        f"herd: {len(rows)} of {users} pupils signed in; last picture tapped "
        f"{min(taps):.2f}–{max(taps):.2f} s after the first page was opened; the last pupil saw "
        f"Mijn opdrachten {max(signed_in for *_, signed_in in rows) - start:.2f} s after it; "
        f"wait after the last picture: median {statistics.median(waits):.2f} s, "
        f"longest {waits[-1]:.2f} s"
    )


def _server_cpu(servers: list[subprocess.Popen]) -> float:
    """CPU seconds so far of the gunicorn servers and their workers (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for server in servers:
        pids = [server.pid]
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
        if children.exists():
            pids += [int(pid) for pid in children.read_text().split()]
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def _lines(path: Path) -> int:
    """Lines in the access log so far (one per HTTP request answered)."""
    if not path.exists():
        return 0
    with path.open("rb") as file:
        return sum(1 for _line in file)


def _children_cpu() -> float:
    """CPU seconds (user + system) of the child processes that have finished so far."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
