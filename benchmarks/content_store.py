"""Time a module lookup: the content store (cached, as every request does it) against the
in-memory library that served requests before the store (a lock, ``in_language`` and a dict get).

Run: ``.venv/bin/python benchmarks/content_store.py [lookups]``. Uses a fresh SQLite database in
a temporary folder. Prints figures; not a test. Also prints what one counter check costs (once per
``CONTENT_CHECK_SECONDS`` per worker, not per request) and a lookup of a pinned version.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from pathlib import Path

from leergang import create_app
from leergang.content import load_library
from leergang.migrations.runner import upgrade

LESSONS = Path(__file__).parents[1] / "lessons"
MODULE = "nodig-of-willen"


def per_call(fn, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n * 1e6


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        app = create_app({"TESTING": True, "SECRET_KEY": "x" * 40, "DATABASE_URL": url})
        with app.app_context():
            upgrade("head")
        store = app.extensions["leergang.content_store"]
        store.refresh()

        library, lock = load_library(LESSONS), threading.Lock()

        def before():  # leergang/library.py before the store: LibraryHolder.get + in_language
            with lock:
                lib = library
            return lib.in_language("nl").get(MODULE)

        version = store.published("module", MODULE, "nl").version

        def published():
            return store.published("module", MODULE, "nl")

        def pinned():  # a pupil who started the version that is still published
            return store.version("module", MODULE, version, "nl")

        rows = [
            ("library before the store (get_module)", per_call(before, n)),
            ("store.published() cached", per_call(published, n)),
            ("store.version() pinned, cached", per_call(pinned, n)),
            ("counter check (per worker every 2 s)", per_call(store.db.counter, max(n // 100, 10))),
        ]
        print(f"{'lookup':<42} {'µs per call':>12}   ({n} calls)")
        for name, micro in rows:
            print(f"{name:<42} {micro:>12.2f}")
        app.extensions["leergang.engine"].dispose()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
