"""``flask --app leergang lessons check [PATH]``: validate lessons the way the app loads them.

Prints one ``file:line: message`` per problem, in the chosen language, then a summary; exits 1 when
anything is wrong, so CI and authors' editors can rely on the exit code. Warnings (a source's
``check_by`` date has passed, a pre/post pair in two step types) are printed with the label
"warning" and never change the exit code.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale, gettext, ngettext

from leergang.content import N_, Problem, load_folder, load_library, load_module
from leergang.content.loader import MODULE_FILE, SCENARIO_FILE
from leergang.content.local_help import load_help
from leergang.content.notices import DatedSource, dated_sources, library_notices, pair_warnings
from leergang.content.scenarios import load_scenario
from leergang.content.stats import LEVELS, THEMES, module_stats, theme_coverage

lessons = AppGroup(
    "lessons",
    help="Work with lesson modules (lessons/<id>/module.yaml) and games "
    "(lessons/<id>/scenario.yaml).",
)


@lessons.command("check")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    help="Language of the messages (default: the app's BABEL_DEFAULT_LOCALE).",
)
def check(path: Path | None, lang: str | None) -> None:
    """Check the lesson library, or one module or game folder, and report every problem."""
    path = path or Path(current_app.config["LESSONS_DIR"])
    if path.is_file():  # module.yaml or scenario.yaml itself
        path = path.parent
    games = 0
    if (path / MODULE_FILE).is_file():
        loaded = load_folder(path)
        problems = loaded.problems + _id_in_use(path, MODULE_FILE, loaded.module_id, loaded.id_line)
        warnings, dated = _module_notices(loaded.module, path)
        checked = 1
    elif (path / SCENARIO_FILE).is_file():
        scenario, problems = load_scenario(path)
        problems = problems + _id_in_use(path, SCENARIO_FILE, path.name, 1)
        warnings, dated = [], dated_sources(scenario, path) if scenario else []
        checked, games = 0, 1
    else:
        library = load_library(path)
        # lessons/local-help.yaml, if the installation has one
        problems = [*load_help(path).problems, *library.problems]
        warnings, dated = library_notices(
            library.modules.values(), library.scenarios.values(), path
        )
        folders = [p for p in path.iterdir() if p.is_dir() and p.name[0] not in "._"]
        games = sum(
            1 for f in folders if (f / SCENARIO_FILE).is_file() and not (f / MODULE_FILE).is_file()
        )
        checked = len(folders) - games
    with force_locale(lang or current_app.config.get("BABEL_DEFAULT_LOCALE", "nl")):
        for problem in problems:
            click.echo(problem.format(gettext, base=Path.cwd()))
        today = date.today()
        warnings += [source.warning() for source in dated if source.overdue(today)]
        for warning in warnings:
            click.echo(warning.format(gettext, base=Path.cwd(), label=gettext("WARNING")))
        if games:
            _game_summary(checked, games, len(problems))
        elif problems:
            click.echo(ngettext(
                "Checked %(modules)d module(s): %(num)d problem.",
                "Checked %(modules)d module(s): %(num)d problems.",
                len(problems), modules=checked,
            ))  # fmt: skip
        else:
            click.echo(gettext("Checked %(modules)d module(s): no problems.", modules=checked))
        if warnings:
            click.echo(ngettext(
                "%(num)d warning: look at it, but it does not make the check fail.",
                "%(num)d warnings: look at them, but they do not make the check fail.",
                len(warnings),
            ))  # fmt: skip
    if problems:
        raise SystemExit(1)


def _module_notices(module, path: Path) -> tuple[list[Problem], list[DatedSource]]:
    if module is None:
        return [], []
    return pair_warnings(module), dated_sources(module, path)


ID_IN_USE = N_(
    'The id "%(id)s" is already used by %(other)s in the lesson library. Every module and game '
    "needs its own id: choose another id and folder name."
)


def _id_in_use(folder: Path, file: str, item_id: str | None, line: int) -> list[Problem]:
    """Checking one folder still consults the library: a new module or game must not take the id
    of one that exists elsewhere (publishing it would replace that one)."""
    if not item_id:
        return []
    other = Path(current_app.config["LESSONS_DIR"]) / item_id
    if not other.is_dir() or other.resolve() == folder.resolve():
        return []
    shown = other / (MODULE_FILE if (other / MODULE_FILE).is_file() else SCENARIO_FILE)
    params = {"id": item_id, "other": str(shown)}
    return [Problem(folder / file, line, ID_IN_USE, params)]


def _game_summary(modules: int, games: int, problems: int) -> None:
    if problems:
        click.echo(ngettext(
            "Checked %(modules)d module(s) and %(games)d game(s): %(num)d problem.",
            "Checked %(modules)d module(s) and %(games)d game(s): %(num)d problems.",
            problems, modules=modules, games=games,
        ))  # fmt: skip
    else:
        click.echo(gettext(
            "Checked %(modules)d module(s) and %(games)d game(s): no problems.",
            modules=modules, games=games,
        ))  # fmt: skip


@lessons.command("stats")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    help="Language of the headings (default: the app's BABEL_DEFAULT_LOCALE).",
)
def stats(path: Path | None, lang: str | None) -> None:
    """Per module: size, Dutch readability (Flesch–Douma) and test items; then theme coverage."""
    path = path or Path(current_app.config["LESSONS_DIR"])
    if path.is_file():
        path = path.parent
    if (path / MODULE_FILE).is_file():
        module = load_module(path)[0]
        modules = [module] if module is not None else []
        dated = _module_notices(module, path)[1]
    elif (path / SCENARIO_FILE).is_file():
        scenario = load_scenario(path)[0]
        modules, dated = [], dated_sources(scenario, path) if scenario else []
    else:
        library = load_library(path)
        modules = list(library.modules.values())
        dated = library_notices(modules, library.scenarios.values(), path)[1]
    with force_locale(lang or current_app.config.get("BABEL_DEFAULT_LOCALE", "nl")):
        rows = [
            (
                gettext("Module"), gettext("Levels"), gettext("Steps"), gettext("Minutes"),
                gettext("Words"), "Flesch–Douma", gettext("Minimum"), gettext("Pre/post items"),
            )
        ]  # fmt: skip
        for figures in map(module_stats, modules):
            verdict = gettext("pass") if figures.readable else gettext("FAIL")
            rows.append((
                figures.id, ", ".join(figures.levels), str(figures.steps), str(figures.minutes),
                str(figures.words), f"{figures.score:.1f}", f"{figures.minimum} {verdict}",
                f"{figures.pre_items}/{figures.post_items}",
            ))  # fmt: skip
        _table(rows)
        click.echo()
        click.echo(gettext("Modules per level and Nibud theme:"))
        coverage = theme_coverage(modules)
        _table([(gettext("Level"), *THEMES)] + [
            (level, *(str(coverage[level][theme]) for theme in THEMES)) for level in LEVELS
        ])  # fmt: skip
        click.echo()
        _due_table(dated)


def _due_table(dated: list[DatedSource]) -> None:
    """Sources with a check-by date, soonest first; those past their date are marked."""
    if not dated:
        click.echo(gettext("No source has a check-by date."))
        return
    click.echo(gettext("Sources to check, by date (modules and games):"))
    today = date.today()
    rows = [(gettext("Check by"), gettext("Module or game"), gettext("Source"), "")]
    for source in dated:
        mark = gettext("DUE") if source.overdue(today) else ""
        rows.append((source.check_by.isoformat(), source.item_id, source.title, mark))
    _table(rows)


def _table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
