"""Build and start compose.yaml as docs/deploy.md's "First start" says, then check it as a town
would use it: a pupil and a teacher in Chromium over HTTPS, both app servers taking requests, and
upgrades that recreate the app servers without a click failing. Prints what it saw; exits 1 when a
check fails. It takes about ten minutes (most of it building), so it is not part of the tests.

    sudo .venv/bin/python deploy/check_compose.py [--stand-ins] [--keep]

Needs a Docker daemon, ``docker compose`` (or the older ``docker-compose``), Debian's chromium
and the development install (``.venv``: Playwright and the test helpers). It uses ports 80 and
443 of this machine, as compose.yaml does.

``--stand-ins``: when Docker Hub cannot be reached, build stand-ins for python:3.12-slim,
postgres:17, redis:7-alpine and caddy:2 from Debian's packages (``deploy/standins/``; needs root
and debootstrap) and use them instead.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://localhost"
PROJECT = "leergang-check"
TEACHER = "juf@check.example"
STANDIN = "leergang-standin"
STANDIN_COMPOSE = f"""\
# Written by deploy/check_compose.py --stand-ins: Debian-built images instead of Docker Hub's.
x-build: &build
  context: .
  network: host
  args:
    PYTHON_IMAGE: {STANDIN}/python
services:
  app1:
    build: *build
  app2:
    build: *build
  proxy:
    image: {STANDIN}/caddy
  postgres:
    image: {STANDIN}/postgres
  redis:
    image: {STANDIN}/redis
"""

failures: list[str] = []


def check(ok: bool, what: str) -> None:
    print(("ok      " if ok else "FAILED  ") + what, flush=True)
    if not ok:
        failures.append(what)


def run(*command: str, cwd: Path | None = None, quiet: bool = False, **kwargs):
    if not quiet:
        print("$", " ".join(command), flush=True)
    output = subprocess.DEVNULL if quiet else None
    return subprocess.run(command, cwd=cwd, check=True, stdout=output, **kwargs)


def compose_command() -> list[str]:
    if subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    sys.exit("Neither `docker compose` nor `docker-compose` is installed.")


def build_stand_ins() -> None:
    """Debian bookworm (debootstrap minbase) as the base, then one image per deploy/standins/."""
    images = subprocess.run(["docker", "images", "-q", f"{STANDIN}/debian"], capture_output=True)
    if not images.stdout.strip():
        if not shutil.which("debootstrap"):
            sys.exit("--stand-ins needs debootstrap (apt-get install debootstrap) and root.")
        with tempfile.TemporaryDirectory() as rootfs:
            os.chmod(rootfs, 0o755)  # it becomes "/": every user must get through it
            run("debootstrap", "--variant=minbase", "bookworm", rootfs,
                "http://deb.debian.org/debian", quiet=True)  # fmt: skip
            tar = subprocess.Popen(["tar", "-C", rootfs, "-c", "."], stdout=subprocess.PIPE)
            run("docker", "import", "-", f"{STANDIN}/debian", stdin=tar.stdout, quiet=True)
            tar.wait()
    for name in ("python", "postgres", "redis", "caddy"):
        with tempfile.TemporaryDirectory() as context:
            shutil.copytree(ROOT / "deploy" / "standins" / name, context, dirs_exist_ok=True)
            if name == "python":  # the building host's extra CAs (an inspecting proxy)
                (Path(context) / "ca").mkdir()
                for crt in Path("/usr/local/share/ca-certificates").glob("*.crt"):
                    shutil.copy(crt, Path(context) / "ca")
            run("docker", "build", "-q", "--network", "host", "-t", f"{STANDIN}/{name}", context,
                quiet=True)  # fmt: skip
        print(f"built   {STANDIN}/{name}", flush=True)


def copy_of_the_checkout(into: Path) -> None:
    """The files git knows (committed, changed or new), as a clone would have them."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / name)


def first_start_script() -> str:
    """The shell block under "## First start" in docs/deploy.md, word for word."""
    docs = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    found = re.search(r"## First start\s+```sh\n(.*?)```", docs, re.S)
    assert found, 'docs/deploy.md has no "First start" shell block'
    return found.group(1)


def fetch(path: str, timeout: float = 30) -> tuple[int, float]:
    """(HTTP status, seconds) for one request through Caddy; its local CA is not trusted here."""
    context = ssl._create_unverified_context()  # noqa: S323  # nosec B323: localhost's own CA
    started = time.monotonic()
    try:
        with urllib.request.urlopen(SITE + path, context=context, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0
    return status, time.monotonic() - started


def wait_for_first_page(limit: float = 180) -> float:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if fetch("/", timeout=20)[0] == 200:
            return time.monotonic() - started
        time.sleep(0.5)
    return float("inf")


def walk_through_in_chromium(password: str) -> None:
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import expect, sync_playwright

    from tests.answers import right_answer
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
    from tests.helpers import (
        open_game,
        play_module,
        play_to_debrief,
        set_up_class,
        shipped_library,
        sign_in_as_noor,
        sign_in_teacher,
    )

    module = shipped_library().modules["nodig-of-willen"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        pupil = browser.new_context(ignore_https_errors=True, locale="nl-NL")
        page = pupil.new_page()
        sign_in_as_noor(page, lambda path: SITE + path, check_a11y=True)
        play_module(page, module, answers=right_answer, check_a11y=False)
        check(True, f"Noor signs in with her pictures and finishes “{module.title}”")
        page.get_by_role("link", name="Terug naar mijn opdrachten").click()
        open_game(page)
        page.get_by_role("button", name="Start het spel").click()
        page.locator(".game-options").wait_for()
        turns = play_to_debrief(page, check_a11y=False, keyboard=False)
        check(turns > 1, f"Noor plays “Sparen voor …” to its debrief ({turns} turns)")
        cookies = pupil.cookies()
        check(
            bool(cookies) and all(c["secure"] and c["httpOnly"] for c in cookies),
            "every cookie is Secure and HttpOnly: " + ", ".join(c["name"] for c in cookies),
        )
        teacher = browser.new_context(ignore_https_errors=True, locale="nl-NL").new_page()
        sign_in_teacher(teacher, lambda path: SITE + path)  # the demo's published password
        expect(teacher.get_by_role("alert")).to_contain_text("horen niet bij elkaar")
        check(True, "a production server refuses the demo teacher's published password")
        sign_in_teacher(teacher, lambda path: SITE + path, email=TEACHER, password=password)
        expect(teacher.get_by_role("heading", name="Mijn klassen")).to_be_visible()
        set_up_class(teacher, "Klas Check", ["Ada", "Ben"], module.id)
        check(True, "a teacher made with `flask staff create` sets up a class and its progress")
        browser.close()


def requests_per_server(compose: list[str], workdir: Path) -> dict[str, int]:
    counts = {}
    for name in ("app1", "app2"):
        log = subprocess.run(
            [*compose, "logs", "--no-color", name], cwd=workdir, capture_output=True, check=True
        )
        counts[name] = len(re.findall(rb'"(?:GET|POST) /', log.stdout))
    return counts


def upgrade(compose: list[str], workdir: Path, *groups: str) -> None:
    """Recreate the app servers a group at a time, each group back to healthy before the next
    (what ``docker compose up -d --no-deps --wait`` does; docker-compose 1.x has no --wait)."""
    for group in groups:
        services = group.split()
        run(*compose, "up", "-d", "--no-deps", "--force-recreate", *services,
            cwd=workdir, quiet=True)  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            ids = subprocess.run(
                [*compose, "ps", "-q", *services], cwd=workdir, capture_output=True, text=True
            ).stdout.split()
            health = subprocess.run(
                ["docker", "inspect", "--format", "{{.State.Health.Status}}", *ids],
                capture_output=True, text=True,
            ).stdout.split()  # fmt: skip
            if health and all(state == "healthy" for state in health):
                break
            time.sleep(1)
        else:
            raise AssertionError(f"{group} did not become healthy within 120 s")


def clicks_during(action) -> list[tuple[int, float]]:
    """A pupil clicking every 0.2 s while ``action`` runs: (status, seconds) per click."""
    seen: list[tuple[int, float]] = []
    done = threading.Event()

    def click() -> None:
        while not done.is_set():
            seen.append(fetch("/"))
            time.sleep(0.2)

    clicker = threading.Thread(target=click)
    clicker.start()
    try:
        action()
        time.sleep(3)  # and a little after
    finally:
        done.set()
        clicker.join()
    return seen


def failed_clicks(clicks: list[tuple[int, float]]) -> list[int]:
    return [status for status, _ in clicks if status != 200]


def summary(clicks: list[tuple[int, float]]) -> str:
    failed = failed_clicks(clicks)
    slowest = max(seconds for _, seconds in clicks)
    errors = f" {sorted(set(failed))}" if failed else ""
    return f"{len(clicks)} clicks, {len(failed)} failed{errors}, the slowest {slowest:.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stand-ins", action="store_true", help="Debian-built images")
    parser.add_argument("--keep", action="store_true", help="leave the stack running")
    options = parser.parse_args()
    compose = compose_command()
    if options.stand_ins:
        build_stand_ins()
    workdir = Path(tempfile.mkdtemp(prefix="leergang-compose-"))
    copy_of_the_checkout(workdir)
    files = ["compose.yaml"]
    if options.stand_ins:
        (workdir / "compose.standins.yaml").write_text(STANDIN_COMPOSE)
        files.append("compose.standins.yaml")
    os.environ.update(
        COMPOSE_FILE=os.pathsep.join(files),
        COMPOSE_PROJECT_NAME=PROJECT,
        SITE_ADDRESS="localhost",  # the shell's value wins over .env's example domain
    )
    shell = f'docker() {{ if [ "$1" = compose ]; then shift; {" ".join(compose)} "$@"; ' \
        'else command docker "$@"; fi; }\nset -ex\n'  # fmt: skip
    try:
        started = time.monotonic()
        run("bash", "-c", shell + first_start_script(), cwd=workdir)
        print(f"first start, as docs/deploy.md says: {time.monotonic() - started:.0f} s")
        waited = wait_for_first_page()
        check(waited < 60, f"the first page came through Caddy {waited:.1f} s after `up -d`")
        image = subprocess.run(
            ["docker", "image", "inspect", "leergang:latest", "--format", "{{.Size}}"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        print(f"image   leergang:latest, {int(image.stdout) / 1e6:.0f} MB")
        user = subprocess.run(
            ["docker", "run", "--rm", "--entrypoint", "id", "leergang:latest", "-un"],
            capture_output=True, text=True,
        )  # fmt: skip
        check(user.stdout.strip() == "leergang", f"the image runs as {user.stdout.strip()!r}")
        run(*compose, "run", "--rm", "app1", "flask", "--app", "leergang", "--debug", "demo",
            cwd=workdir, quiet=True)  # fmt: skip
        password = secrets.token_urlsafe(12)
        run(*compose, "run", "--rm", "app1", "flask", "--app", "leergang", "staff", "create",
            "--email", TEACHER, "--name", "Juf Check", "--role", "teacher",
            "--school", "Demoschool De Regenboog", "--password", password,
            cwd=workdir, quiet=True)  # fmt: skip
        walk_through_in_chromium(password)
        served = requests_per_server(compose, workdir)
        check(all(served.values()), f"both app servers took requests: {served}")
        # docs/deploy.md's upgrade: one server after the other, each healthy before the next.
        rolling = clicks_during(lambda: upgrade(compose, workdir, "app1", "app2"))
        check(not failed_clicks(rolling), "an upgrade, one app server after the other: " +
              summary(rolling))  # fmt: skip
        # What the docs warn against, for the figure: both servers at once.
        at_once = clicks_during(lambda: upgrade(compose, workdir, "app1 app2"))
        print("figure  an upgrade of both app servers at once: " + summary(at_once), flush=True)
        logs = subprocess.run(
            [*compose, "logs", "--no-color", "app1", "app2"], cwd=workdir, capture_output=True
        )
        check(
            b"GET / " in logs.stdout and b"/healthz" not in logs.stdout,
            "the access logs hold the pupils' requests, not the health checks",
        )
    finally:
        if not options.keep:
            run(*compose, "down", "-v", cwd=workdir, quiet=True)
            shutil.rmtree(workdir, ignore_errors=True)
    if failures:
        sys.exit(f"{len(failures)} check(s) failed")
    print("all checks passed")


if __name__ == "__main__":
    main()
