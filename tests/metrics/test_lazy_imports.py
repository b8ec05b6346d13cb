"""A pupil's request never pays for SciPy or statsmodels: they load only on the evaluator's path."""

from __future__ import annotations

import json
import subprocess
import sys

from leergang.config import ROOT

HEAVY = ("scipy", "statsmodels", "numpy", "pandas")

PROBE = """
import json, sys, tempfile
from leergang import create_app
import leergang.metrics.stats, leergang.metrics.suppression, leergang.metrics.items
import leergang.metrics.readings
from tests.helpers import LESSONS_DIR, migrate
url = "sqlite:///" + tempfile.mkdtemp() + "/probe.db"
migrate(url)
app = create_app({"TESTING": True, "DATABASE_URL": url, "LESSONS_DIR": str(LESSONS_DIR)})
for page in ("/", "/login"):
    assert app.test_client().get(page).status_code in (200, 302), page
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[1:]))))
"""


def test_app_and_metrics_modules_load_without_scipy_or_statsmodels():
    # The same process then computes an evaluator figure: proof that the probe can see them.
    rows = "[('A', 1, 1), ('B', 1, 2), ('C', 0, 0), ('D', 0, 1)]"
    probe = PROBE + f"leergang.metrics.stats.comparison({rows})\n"
    probe += PROBE.splitlines()[-1] + "\n"
    done = subprocess.run(
        [sys.executable, "-c", probe, *HEAVY], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    before, after = (json.loads(line) for line in done.stdout.strip().splitlines()[-2:])
    assert before == []
    assert {"scipy", "statsmodels"} <= set(after)
