"""The content store: pupils finish the version they started, a publish reaches every worker
through the database counter, the database wins only with a published version, and a conflict
between folder and database is reported, never silently settled."""

from __future__ import annotations

import shutil

import pytest

from leergang import create_app
from leergang.library.dbsource import DbSource
from tests.helpers import LESSONS_DIR, Actor
from tests.library.helpers import (
    MODULE,
    NEW_STATEMENT,
    OLD_STATEMENT,
    module_text,
    publish_version,
)


@pytest.fixture
def live_config(app_config):
    """Every request asks the database whether content changed (as if 2 s had passed)."""
    return {**app_config, "CONTENT_CHECK_SECONDS": 0}


@pytest.fixture
def live_app(live_config):
    app = create_app(live_config)
    yield app
    app.extensions["leergang.engine"].dispose()


def first_step(actor) -> str:
    response = actor.post(f"/learn/{MODULE}/start")
    assert response.status_code == 302
    return actor.get(response.headers["Location"]).get_data(as_text=True)


def test_a_pupil_mid_module_keeps_the_old_steps_and_a_new_pupil_gets_the_new(
    live_app, app, demo, people
):
    started, newcomer = demo.pupils["KTR947"][0], demo.pupils["KTR947"][1]
    early = Actor(live_app.test_client())
    early.sign_in_pupil("KTR947", started)
    assert OLD_STATEMENT in first_step(early)

    publish_version(app, people, module_text("1.2"))

    late = Actor(live_app.test_client())
    late.sign_in_pupil("KTR947", newcomer)
    assert NEW_STATEMENT in first_step(late)
    page = first_step(early)
    assert OLD_STATEMENT in page and NEW_STATEMENT not in page
    with live_app.app_context():
        store = live_app.extensions["leergang.content_store"]
        assert store.published("module", MODULE, "nl").version == "1.2"
        assert store.version("module", MODULE, "1.1", "nl").version == "1.1"
        assert store.source_of("module", MODULE) == "database"


def test_a_publish_on_one_server_reaches_another_within_the_check_interval(
    live_app, app_config, app, people
):
    slow = create_app({**app_config, "CONTENT_CHECK_SECONDS": 3600})
    reads = []
    store = slow.extensions["leergang.content_store"]
    original = DbSource.counter
    store.db.counter = lambda: reads.append(1) or original(store.db)
    try:
        publish_version(app, people, module_text("1.2"))
        live = live_app.extensions["leergang.content_store"]
        assert live.published("module", MODULE, "nl").version == "1.2"  # no restart
        for _ in range(1000):  # within the interval nothing is asked, so pupils pay nothing
            assert store.published("module", MODULE, "nl").version == "1.1"
        assert reads == []
        store.check_seconds = 0  # the interval has passed
        assert store.published("module", MODULE, "nl").version == "1.2"
        assert reads == [1]
    finally:
        slow.extensions["leergang.engine"].dispose()


def test_a_draft_never_replaces_the_files(live_app, people):
    from leergang.authoring import services
    from leergang.db import new_session
    from tests.library.helpers import staff

    with live_app.app_context(), new_session(write=True) as session:
        author = staff(session, people, "author")
        services.save_draft(
            session=session, kind="module", content_id=MODULE, yaml_text=module_text("1.2"),
            author=author, expected_revision=None,
        )  # fmt: skip
        store = live_app.extensions["leergang.content_store"]
        assert store.published("module", MODULE, "nl").version == "1.1"
        assert store.source_of("module", MODULE) == "files"


def test_same_id_and_version_with_other_content_is_a_conflict_shown_to_admins(
    app_config, app, demo, people, tmp_path
):
    publish_version(app, people, module_text("1.2"))
    # A git author later bumps the folder to 1.2 too, with their own text.
    root = tmp_path / "lessons"
    shutil.copytree(LESSONS_DIR / MODULE, root / MODULE)
    (root / MODULE / "module.yaml").write_text(
        module_text("1.2", statement="Ik kies slim."), encoding="utf-8"
    )
    both = create_app({**app_config, "LESSONS_DIR": str(root), "PRELOADED_LIBRARIES": {}})
    try:
        store = both.extensions["leergang.content_store"]
        assert [(c.content_id, c.version) for c in store.conflicts()] == [(MODULE, "1.2")]
        admin = Actor(both.test_client())
        admin.sign_in_staff("admin@demo.leergang.nl")
        page = admin.get("/admin/lessons").get_data(as_text=True)
        assert (
            f"Module {MODULE} versie 1.2 staat in de lessenmap én in de database, met een andere "
            "inhoud" in page
        )
        assert "database" in page
    finally:
        both.extensions["leergang.engine"].dispose()


def test_same_id_and_version_with_the_same_content_is_no_conflict(
    app_config, app, people, tmp_path
):
    publish_version(app, people, module_text("1.2"))
    root = tmp_path / "lessons"
    shutil.copytree(LESSONS_DIR / MODULE, root / MODULE)
    (root / MODULE / "module.yaml").write_text(module_text("1.2"), encoding="utf-8")
    both = create_app({**app_config, "LESSONS_DIR": str(root), "PRELOADED_LIBRARIES": {}})
    try:
        assert both.extensions["leergang.content_store"].conflicts() == []
    finally:
        both.extensions["leergang.engine"].dispose()


def test_a_stored_version_that_no_longer_loads_is_reported_and_the_file_stays(live_app, app, demo):
    """E.g. a version published before a format change; or a game stored under a module's id."""
    from leergang.authoring.models import ContentVersion
    from leergang.db import new_session

    broken = module_text("1.2").replace("type: single_choice", "type: magic", 1)
    game_text = (LESSONS_DIR / "sparen-voor" / "scenario.yaml").read_text(encoding="utf-8")
    game_text = game_text.replace("id: sparen-voor", f"id: {MODULE}", 1)
    with app.app_context(), new_session(write=True) as session:
        session.add(ContentVersion(kind="module", content_id=MODULE, version="1.2",
                                   status="published", yaml_text=broken))  # fmt: skip
        session.add(ContentVersion(kind="game", content_id=MODULE, version="9",
                                   status="published", yaml_text=game_text))  # fmt: skip
        session.commit()
    store = live_app.extensions["leergang.content_store"]
    store.db.counter = lambda: 99  # as a publish would
    assert store.published("module", MODULE, "nl").version == "1.1"
    assert store.published("game", MODULE, "nl") is None
    shown = [p.format() for p in store.problems()]
    assert any(
        s.startswith(f"{MODULE} 1.2 (database)/module.yaml:") and "magic" in s for s in shown
    )
    assert f'{MODULE} 9 (database)/scenario.yaml:1: The id "{MODULE}" is already used' in (
        "\n".join(shown)
    )
    admin = Actor(live_app.test_client())
    admin.sign_in_staff("admin@demo.leergang.nl")
    page = admin.get("/admin/lessons").get_data(as_text=True)
    assert f"{MODULE} 1.2 (database)/module.yaml" in page
