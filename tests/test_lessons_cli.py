"""``flask lessons check``: one line per problem, a summary, and an exit code CI can use."""

import shutil
from pathlib import Path

import pytest

from leergang import create_app

ROOT = Path(__file__).parents[1]
LESSONS = ROOT / "lessons"
BROKEN = ROOT / "tests" / "content" / "broken"


def without_warnings(output: str) -> list[str]:
    """The lines about problems: warnings (tested in test_lessons_warnings.py) left out, since
    shipped lessons may carry some while authors rework them."""
    return [
        line
        for line in output.splitlines()
        if ": WARNING: " not in line
        and ": WAARSCHUWING: " not in line
        and "make the check fail" not in line
        and "controle slaagt wel" not in line
    ]


@pytest.fixture
def runner():
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "DATABASE_URL": "sqlite://",
            "LESSONS_DIR": str(LESSONS),
        }
    )
    return app.test_cli_runner()


def test_shipped_lessons_pass(runner):
    result = runner.invoke(args=["lessons", "check"])  # LESSONS_DIR, default language (nl)

    assert result.exit_code == 0, result.output
    assert len(without_warnings(result.output)) == 1  # only the summary


def test_reports_problems_in_english_and_fails(runner, tmp_path, monkeypatch):
    shutil.copytree(BROKEN / "wrong-level", tmp_path / "wrong-level")
    shutil.copytree(LESSONS / "nodig-of-willen", tmp_path / "nodig-of-willen")
    monkeypatch.chdir(tmp_path)

    result = runner.invoke(args=["lessons", "check", str(tmp_path), "--lang", "en"])

    assert result.exit_code == 1
    assert without_warnings(result.output) == [
        'wrong-level/module.yaml:6: "groep-8" is not allowed for "levels". Use one of: po-7, '
        "po-8, vmbo-bb, vmbo-kb, vmbo-gt.",
        "Checked 2 module(s): 1 problem.",
    ]


def test_checks_a_single_module_folder(runner, monkeypatch):
    monkeypatch.chdir(BROKEN)

    result = runner.invoke(args=["lessons", "check", "duplicate-step-ids", "--lang", "en"])

    assert result.exit_code == 1
    assert result.output.splitlines() == [
        *(BROKEN / "duplicate-step-ids" / "expected.txt").read_text().splitlines(),
        "Checked 1 module(s): 1 problem.",
    ]


def test_single_good_module_passes(runner):
    result = runner.invoke(
        args=["lessons", "check", str(LESSONS / "achteraf-betalen"), "--lang", "en"]
    )

    assert result.exit_code == 0
    # Its CCD2 source is due for a check (a warning), which does not make it fail.
    assert without_warnings(result.output) == ["Checked 1 module(s): no problems."]


def test_rejects_unknown_language(runner):
    result = runner.invoke(args=["lessons", "check", "--lang", "de"])
    assert result.exit_code == 2


def test_checks_games_with_modules_and_one_game_folder(runner, tmp_path, monkeypatch):
    games = ROOT / "tests" / "content" / "broken_scenarios"
    shutil.copytree(games / "unknown-effect-type", tmp_path / "unknown-effect-type")
    shutil.copytree(LESSONS / "sparen-voor", tmp_path / "sparen-voor")
    shutil.copytree(LESSONS / "nodig-of-willen", tmp_path / "nodig-of-willen")
    monkeypatch.chdir(tmp_path)

    result = runner.invoke(args=["lessons", "check", str(tmp_path), "--lang", "en"])
    single = runner.invoke(
        args=["lessons", "check", str(LESSONS / "sparen-voor" / "scenario.yaml"), "--lang", "en"]
    )

    assert result.exit_code == 1
    assert without_warnings(result.output) == [
        'unknown-effect-type/scenario.yaml:29: Unknown effect type "pya". Did you mean "pay"?',
        "Checked 1 module(s) and 2 game(s): 1 problem.",
    ]
    assert single.exit_code == 0
    assert single.output.splitlines() == ["Checked 0 module(s) and 1 game(s): no problems."]


def test_checks_translation_files_too(runner, tmp_path, monkeypatch):
    broken = ROOT / "tests" / "content" / "broken-translations" / "unknown-ids"
    shutil.copytree(broken, tmp_path / "unknown-ids")
    monkeypatch.chdir(tmp_path)

    result = runner.invoke(args=["lessons", "check", "unknown-ids", "--lang", "nl"])

    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == (
        'unknown-ids/module.en.yaml:5: module.yaml heeft geen "uitleg-twee" bij "steps". '
        "Gebruik een van deze: uitleg, kies, waar."
    )
    assert lines[-1] == "1 module(s) gecontroleerd: 4 problemen."


def test_stats_print_figures_per_module_and_theme_coverage(runner, tmp_path):
    for name in ("nodig-of-willen", "achteraf-betalen"):
        shutil.copytree(LESSONS / name, tmp_path / name)

    result = runner.invoke(args=["lessons", "stats", str(tmp_path), "--lang", "en"])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == [
        "Module", "Levels", "Steps", "Minutes", "Words", "Flesch–Douma", "Minimum", "Pre/post",
        "items",
    ]  # fmt: skip
    primary = next(line.split() for line in lines if line.startswith("nodig-of-willen "))
    assert primary[1:3] == ["po-7,", "po-8"]
    assert float(primary[6]) > 0 and primary[7] == "70"
    assert primary[8] == ("pass" if float(primary[6]) >= 70 else "FAIL")
    vmbo = next(line.split() for line in lines if line.startswith("achteraf-betalen "))
    assert vmbo[-3] == "60" and vmbo[-2] in ("pass", "FAIL")
    table = lines[lines.index("Modules per level and Nibud theme:") + 1 :]
    table = table[: table.index("")]
    assert table[0].split() == [
        "Level", "inkomen-verwerven", "geldzaken-organiseren", "vooruitzien",
        "verantwoord-besteden",
    ]  # fmt: skip
    assert [row.split()[0] for row in table[1:]] == [
        "po-7", "po-8", "vmbo-bb", "vmbo-kb", "vmbo-gt",
    ]  # fmt: skip
    assert sum(int(n) for n in table[2].split()[1:]) >= 1  # po-8 has nodig-of-willen's themes


def test_checking_one_folder_reports_an_id_the_library_already_uses(runner, tmp_path, monkeypatch):
    """A hurried author copies an existing module to start a new one and forgets the id."""
    shutil.copytree(LESSONS / "nodig-of-willen", tmp_path / "nodig-of-willen")
    shutil.copytree(LESSONS / "sparen-voor", tmp_path / "sparen-voor")
    monkeypatch.chdir(tmp_path)

    module = runner.invoke(args=["lessons", "check", "nodig-of-willen", "--lang", "nl"])
    game = runner.invoke(args=["lessons", "check", "sparen-voor", "--lang", "nl"])

    assert module.exit_code == 1
    assert module.output.splitlines()[0] == (
        f'nodig-of-willen/module.yaml:2: Het id "nodig-of-willen" is al in gebruik door '
        f"{LESSONS / 'nodig-of-willen' / 'module.yaml'} in de lessenbibliotheek. Elke module en "
        "elk spel heeft een eigen id nodig: kies een ander id en een andere mapnaam."
    )
    assert game.exit_code == 1
    assert 'scenario.yaml:1: Het id "sparen-voor" is al in gebruik' in game.output
