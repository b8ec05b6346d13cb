"""``lessons check`` warns (without failing) about sources past their ``check_by`` date and about
pre/post pairs in two step types; ``lessons stats`` lists every dated source by date."""

import shutil
from pathlib import Path

import pytest

from leergang import create_app

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "tests" / "http" / "player_lessons" / "keuzes-oefenen"
GAME = ROOT / "lessons" / "sparen-voor"
SOURCE_YEAR = "    year: 2025\n"  # the example module's one source


@pytest.fixture
def runner():
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite://", "LESSONS_DIR": "."}
    )
    return app.test_cli_runner()


def _module(root: Path, *, check_by: str | None = None, post_type: str | None = None) -> Path:
    folder = root / "keuzes-oefenen"
    shutil.copytree(EXAMPLE, folder)
    text = (folder / "module.yaml").read_text(encoding="utf-8")
    if check_by:
        text = text.replace(SOURCE_YEAR, f"{SOURCE_YEAR}    check_by: {check_by}\n", 1)
    if post_type == "true_false":  # the post-test item as a true/false statement
        start = text.index("  - id: natoets-sparen")
        text = text[:start] + (
            "  - id: natoets-sparen\n"
            "    type: true_false\n"
            "    knowledge_check: {test: post, construct: sparen}\n"
            "    prompt: Als je spaart, bewaar je geld voor later.\n"
            "    answer: true\n"
            "    feedback:\n"
            "      correct: Klopt.\n"
            "      incorrect: Sparen is geld bewaren voor later.\n"
        )
    (folder / "module.yaml").write_text(text, encoding="utf-8")
    return folder


def _game(root: Path, check_by: str) -> Path:
    folder = root / "sparen-voor"
    shutil.copytree(GAME, folder)
    text = (folder / "scenario.yaml").read_text(encoding="utf-8")
    start = text.index("\nsources:")
    year = text.index("    year: ", start)
    end = text.index("\n", year) + 1
    text = text[:end] + f"    check_by: {check_by}\n" + text[end:]
    (folder / "scenario.yaml").write_text(text, encoding="utf-8")
    return folder


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


def test_a_passed_check_by_date_warns_without_failing(runner, tmp_path, monkeypatch):
    _module(tmp_path, check_by="2001-01-31")
    _game(tmp_path, "2999-12-31")
    monkeypatch.chdir(tmp_path)

    result = runner.invoke(args=["lessons", "check", ".", "--lang", "nl"])

    assert result.exit_code == 0, result.output
    line = _line_of(tmp_path / "keuzes-oefenen" / "module.yaml", "check_by:")
    assert result.output.splitlines() == [
        f'keuzes-oefenen/module.yaml:{line}: WAARSCHUWING: Controleer bron "Nibud": de '
        "controledatum 2001-01-31 is voorbij. Kijk de bedragen na die op deze bron steunen en "
        'zet daarna een nieuwe "check_by:".',
        "1 module(s) en 1 spel(len) gecontroleerd: geen problemen.",
        "1 waarschuwing: kijk ernaar, maar de controle slaagt wel.",
    ]


def test_a_passed_date_in_a_game_warns_too(runner, tmp_path, monkeypatch):
    _game(tmp_path, "2002-02-02")
    monkeypatch.chdir(tmp_path)

    result = runner.invoke(args=["lessons", "check", "sparen-voor", "--lang", "en"])

    assert result.exit_code == 0, result.output
    line = _line_of(tmp_path / "sparen-voor" / "scenario.yaml", "check_by:")
    assert result.output.splitlines()[0].startswith(
        f"sparen-voor/scenario.yaml:{line}: WARNING: Check source "
    )
    assert "2002-02-02 has passed" in result.output


def test_a_check_by_that_is_not_a_date_is_a_problem(runner, tmp_path, monkeypatch):
    _module(tmp_path, check_by="volgend jaar")
    monkeypatch.chdir(tmp_path)

    result = runner.invoke(args=["lessons", "check", "keuzes-oefenen", "--lang", "nl"])

    assert result.exit_code == 1
    line = _line_of(tmp_path / "keuzes-oefenen" / "module.yaml", "check_by:")
    assert result.output.splitlines()[0] == (
        f'keuzes-oefenen/module.yaml:{line}: "check_by" moet een datum zijn in de vorm '
        'JJJJ-MM-DD, bijvoorbeeld 2027-01-01 (nu: "volgend jaar").'
    )


def test_pre_and_post_items_of_one_construct_in_two_step_types_are_flagged(
    runner, tmp_path, monkeypatch
):
    _module(tmp_path, post_type="true_false")
    monkeypatch.chdir(tmp_path)

    result = runner.invoke(args=["lessons", "check", "keuzes-oefenen", "--lang", "nl"])

    assert result.exit_code == 0, result.output
    line = _line_of(tmp_path / "keuzes-oefenen" / "module.yaml", "test: post")
    assert result.output.splitlines()[0] == (
        f'keuzes-oefenen/module.yaml:{line}: WAARSCHUWING: Stap "natoets-sparen" is een '
        'natoetsvraag voor "sparen" van het type true_false, maar de voortoetsvraag '
        '"voortoets-sparen" is van het type single_choice. Gebruik voor en na de les hetzelfde '
        "staptype, dan kun je de antwoorden vergelijken."
    )


def test_the_same_step_type_before_and_after_gives_no_warning(runner, tmp_path, monkeypatch):
    _module(tmp_path)
    monkeypatch.chdir(tmp_path)

    result = runner.invoke(args=["lessons", "check", "keuzes-oefenen", "--lang", "en"])

    assert result.output == "Checked 1 module(s): no problems.\n"


def test_stats_list_every_dated_source_of_modules_and_games_by_date(runner, tmp_path):
    _module(tmp_path, check_by="2001-01-31")
    _game(tmp_path, "2999-12-31")

    result = runner.invoke(args=["lessons", "stats", str(tmp_path), "--lang", "en"])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    table = lines[lines.index("Sources to check, by date (modules and games):") + 1 :]
    assert table[0].split() == ["Check", "by", "Module", "or", "game", "Source"]
    assert table[1].split()[:3] == ["2001-01-31", "keuzes-oefenen", "Nibud"]
    assert table[1].split()[-1] == "DUE"
    assert table[2].split()[:2] == ["2999-12-31", "sparen-voor"]
    assert "DUE" not in table[2]
    assert len(table) == 3


def test_stats_say_so_when_no_source_has_a_date(runner, tmp_path):
    _module(tmp_path)

    result = runner.invoke(args=["lessons", "stats", str(tmp_path), "--lang", "nl"])

    assert result.output.splitlines()[-1] == "Geen enkele bron heeft een controledatum."
