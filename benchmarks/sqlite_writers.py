"""Writers queuing for SQLite's write lock: the file lock in front of ``BEGIN IMMEDIATE`` against
SQLite's own busy handler (issue 13).

    .venv/bin/python benchmarks/sqlite_writers.py [--processes 4] [--transactions 300] [--work-ms 3]

Each of ``--processes`` processes (gunicorn workers, in effect) runs ``--transactions`` write
transactions through the app's engine, as a POST does: ``BEGIN IMMEDIATE``, read, insert,
``--work-ms`` of CPU work inside the transaction, commit. Prints, for the queue (leergang.db's file
lock) and for SQLite's busy handler alone, the transactions per second and the time from asking
for the lock to holding it (p50, p99, worst). With the busy handler a waiter sleeps 1, 2, 5, 10 …
100 ms between tries, so the lock stands idle while waiters sleep and an unlucky one waits long.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def writer(url: str, queue: bool, transactions: int, work_ms: float, out) -> None:
    from sqlalchemy import text
    from sqlmodel import Session

    from leergang import db

    if not queue:
        db.QueuedWriterConnection.take_write_lock = lambda self: None  # SQLite's busy handler only
    engine = db.make_engine(url)
    waits = []
    for number in range(transactions):
        with Session(engine, execution_options={"sqlite_immediate": True}) as session:
            asked = time.perf_counter()
            session.execute(text("SELECT count(*) FROM t"))  # BEGIN IMMEDIATE happens here
            waits.append(time.perf_counter() - asked)
            session.execute(text("INSERT INTO t (x) VALUES (:x)"), {"x": number})
            end = time.perf_counter() + work_ms / 1000
            while time.perf_counter() < end:
                pass
            session.commit()
    out.put(waits)


def run(queue: bool, processes: int, transactions: int, work_ms: float) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'writers.db'}"
        from leergang import db

        engine = db.make_engine(url)
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER)")
        engine.dispose()
        out = multiprocessing.Queue()
        workers = [
            multiprocessing.Process(target=writer, args=(url, queue, transactions, work_ms, out))
            for _ in range(processes)
        ]
        started = time.perf_counter()
        for process in workers:
            process.start()
        waits = [w for _ in workers for w in out.get()]
        for process in workers:
            process.join()
        seconds = time.perf_counter() - started
    waits.sort()
    ms = [w * 1000 for w in waits]
    label = "file-lock queue" if queue else "busy handler only"
    print(
        f"{label:18} {len(ms) / seconds:7.0f} transactions/s   wait for the lock: "
        f"p50 {statistics.median(ms):6.1f} ms  p99 {ms[int(len(ms) * 0.99)]:6.1f} ms  "
        f"worst {ms[-1]:6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--transactions", type=int, default=300)
    parser.add_argument("--work-ms", type=float, default=3.0)
    args = parser.parse_args()
    print(
        f"{args.processes} processes × {args.transactions} write transactions, "
        f"{args.work_ms} ms of work inside each"
    )
    for queue in (True, False, True, False):
        run(queue, args.processes, args.transactions, args.work_ms)


if __name__ == "__main__":
    main()
