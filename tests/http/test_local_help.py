"""Lesson texts name help through [[lokale-hulp]]: the installation's own entries (Almelo in the
demo, lessons/local-help.yaml) and the national fall-backs; without the file, only the national."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from leergang import create_app
from leergang.db import new_session
from tests.helpers import LESSONS_DIR, Actor

pytestmark = pytest.mark.db  # on SQLite and, in the lead's run, PostgreSQL

EXAMPLE = Path(__file__).parent / "player_lessons" / "keuzes-oefenen"
MODULE = "keuzes-oefenen"


def _lessons(root: Path, *, local_help: bool) -> Path:
    shutil.copytree(EXAMPLE, root / MODULE)
    if local_help:
        shutil.copy(LESSONS_DIR / "local-help.yaml", root / "local-help.yaml")
    return root


@pytest.fixture
def explanation(app_config, tmp_path):
    """The explanation step with the placeholder, as Noor sees it, for an installation with or
    without its own local-help.yaml."""
    from leergang.demo import seed_demo

    apps = []

    def page(*, local_help: bool) -> str:
        root = _lessons(tmp_path / f"lessons-{local_help}", local_help=local_help)
        app = create_app({**app_config, "LESSONS_DIR": str(root)})
        apps.append(app)
        with app.app_context(), new_session(write=True) as session:
            noor = seed_demo(session=session).pupils["KTR947"][0]
        pupil = Actor(app.test_client())
        pupil.sign_in_pupil("KTR947", noor)
        pupil.post(f"/learn/{MODULE}/start")
        pupil.post(f"/learn/{MODULE}/voortoets-sparen/answer", {"choice": "weet-niet"})
        pupil.post(f"/learn/{MODULE}/voortoets-sparen/next")
        return pupil.get(f"/learn/{MODULE}/uitleg").get_data(as_text=True)

    yield page
    for app in apps:
        app.extensions["leergang.engine"].dispose()


def test_the_demo_shows_the_almelo_entries_before_the_national_ones(explanation, app_config):
    html = explanation(local_help=True)
    assert "[[" not in html
    almelo = html.index("Schuldhulp van de gemeente Almelo")
    assert "Bel 14 0546." in html and 'href="https://www.almelo.nl"' in html
    assert "Schoolmaatschappelijk werk" in html
    assert almelo < html.index("De Kindertelefoon") < html.index("Stichting Leergeld")
    assert "Bel 0800-0432." in html
    # Help meant for VMBO pupils only is not shown in a groep 7/8 module.
    assert "Juridisch Loket" not in html and "Geldfit" not in html


def test_without_local_help_the_national_entries_are_shown(explanation):
    html = explanation(local_help=False)
    assert "[[" not in html and "Almelo" not in html
    for name in ("De Kindertelefoon", "Stichting Leergeld", "Jeugdfonds Sport &amp; Cultuur"):
        assert name in html
    assert 'href="https://www.kindertelefoon.nl"' in html
