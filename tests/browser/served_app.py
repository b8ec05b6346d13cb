"""The app a browser test's gunicorn serves: ``create_app`` with that test's settings.

The settings arrive as JSON in ``LEERGANG_TEST_APP_CONFIG`` (see ``live_server`` in conftest.py).
"""

from __future__ import annotations

import json
import os

from leergang import create_app

app = create_app(json.loads(os.environ["LEERGANG_TEST_APP_CONFIG"]))
