"""``flask demo`` (run by ``./dev start``) says where to sign in and with which accounts."""

from __future__ import annotations

import pytest

from leergang import create_app


@pytest.fixture
def demo_app(app_config):
    app = create_app({**app_config, "ALLOW_DEMO_ACCOUNTS": True})
    yield app
    app.extensions["leergang.engine"].dispose()


def test_the_demo_command_names_the_address_the_app_will_run_on(demo_app):
    runner = demo_app.test_cli_runner()
    with demo_app.app_context():  # the flask command pushes one for every command
        result = runner.invoke(args=["demo"], env={"FLASK_RUN_PORT": "5123"})
    assert result.exit_code == 0, result.output
    assert "Leergang demo school is ready. Open http://127.0.0.1:5123" in result.output
    assert "leraar@demo.leergang.nl" in result.output
    assert "class code KTR-947" in result.output
    assert "Noor       cat-apple-star" in result.output
