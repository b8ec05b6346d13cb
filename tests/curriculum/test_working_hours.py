"""A rule about how long young people may work is a legal fact: every figure in such a rule
(hours, minutes, clock times) must appear in a source of the same module or game.

"Such a rule" is a sentence about working that sets a limit ("hoogstens", "niet tussen",
"langer dan" …) and names hours, minutes or a clock time; examples such as "Je werkt 8 uur per
week" state no limit and need no legal source."""

from __future__ import annotations

import re

import yaml

from tests.helpers import LESSONS_DIR

LIMIT = re.compile(
    r"\b(hoogstens|maximaal|niet meer dan|langer dan|niet tussen|tussen|at most|no more than|"
    r"longer than|not between|between)\b",
    re.I,
)
WORK = re.compile(
    r"\b(werk\w*|gewerkt|work\w*|pauze|break|dienst\w*|shift\w*|schoolweek|school week|"
    r"vakantieweek|holiday week|arbeidstijd\w*)\b",
    re.I,
)
FIGURE = re.compile(r"\b(\d+(?:\.\d+)?)\s*(?:uur|hours?|minuten|minutes)\b|\b(\d{1,2}:\d{2})\b")
SENTENCE_END = re.compile(r"(?<=[.?!;])\s+|\n\s*[-|]")
SIXTEEN = re.compile(r"\b16\s*(?:of|or|en|and|–|-)\s*17\b")


def normal(text: str) -> str:
    """Markup out, decimal commas as points, whitespace collapsed."""
    text = re.sub(r"[*_`]", "", text)
    text = re.sub(r"(?<=\d),(?=\d)", ".", text)
    return re.sub(r"\s+", " ", text)


def strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for key, item in value.items() if key != "sources" for s in strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return []


def unsourced_figures(texts: list[str], sources: list[str]) -> list[str]:
    """Each working-hours rule with a figure that no source names: "figure in: sentence"."""
    known = normal(" ".join(sources))
    found = []
    for text in texts:
        for sentence in SENTENCE_END.split(normal(text.replace("\n", " \n"))):
            if not (LIMIT.search(sentence) and WORK.search(sentence)):
                continue
            for hours, clock in FIGURE.findall(sentence):
                figure = hours or clock
                # A number counts only with its unit ("8 uur", not the 8 of "8% vakantiegeld").
                unit = r"\s*(?:uur|hours?|minuten|minutes)\b" if hours else r"(?!\d)"
                if not re.search(rf"(?<![\d.:]){re.escape(figure)}{unit}", known):
                    found.append(f"{figure} in: {sentence.strip()}")
    return found


def items() -> list[tuple[str, list[str], list[str]]]:
    """(name, texts, source titles) for every module and game, with its translations and guides."""
    found = []
    for folder in sorted(p for p in LESSONS_DIR.iterdir() if p.is_dir()):
        main = folder / "module.yaml" if (folder / "module.yaml").is_file() else None
        main = main or (folder / "scenario.yaml" if (folder / "scenario.yaml").is_file() else None)
        if main is None:
            continue
        data = yaml.safe_load(main.read_text(encoding="utf-8"))
        sources = [str(s.get("title", "")) for s in data.get("sources", [])]
        texts = strings(data)
        for other in sorted(folder.iterdir()):
            if other.name.endswith((".en.yaml",)):
                texts += strings(yaml.safe_load(other.read_text(encoding="utf-8")))
            elif other.suffix == ".md":
                texts.append(other.read_text(encoding="utf-8"))
        found.append((folder.name, texts, sources))
    return found


def test_every_working_hours_figure_in_the_lessons_has_a_source():
    problems = {name: found for name, texts, sources in items()
                if (found := unsourced_figures(texts, sources))}  # fmt: skip
    assert problems == {}


def test_the_check_finds_a_made_up_limit_and_accepts_a_sourced_one():
    sources = ["Rijksoverheid: 13 tot en met 15 jaar hoogstens 2 uur op een schooldag, "
               "niet tussen 19:00 en 07:00; pauze na 4,5 uur werk"]  # fmt: skip
    assert unsourced_figures(["Je werkt hoogstens 8 uur."], ["Vakantiegeld: 8% van je loon"]) == [
        "8 in: Je werkt hoogstens 8 uur."
    ]
    assert unsourced_figures(
        ["Op een schooldag werk je hoogstens **2 uur**. Tussen 19:00 en 07:00 werk je niet.",
         "Werk je langer dan 4,5 uur? Dan krijg je pauze.",
         "Yara werkt deze maand 12 uur."],  # an example, not a rule
        sources,
    ) == []  # fmt: skip
    assert unsourced_figures(
        ["Ben je 16 of 17? Dan werk je in een schoolweek hoogstens 40 uur.",
         "In a holiday week you work at most 9.5 hours."],
        sources,
    ) == [
        "40 in: Dan werk je in een schoolweek hoogstens 40 uur.",
        "9.5 in: In a holiday week you work at most 9.5 hours.",
    ]  # fmt: skip


def test_the_module_on_side_jobs_gives_the_rules_for_16_and_17_year_olds_with_a_source():
    """Rijksoverheid, 2026: 9 hours a shift, 45 a week, 40 on average, not at night. Each figure
    is also in the module's sources (checked for every lesson by the first test)."""
    text = (LESSONS_DIR / "bijbaan-en-loonstrook" / "module.yaml").read_text(encoding="utf-8")
    line = normal(next(line for line in text.splitlines() if "Ben je 16 of 17?" in line))
    figures = {f for pair in FIGURE.findall(line) for f in pair if f}
    assert figures == {"9", "45", "40", "23:00", "06:00"}, line
    sources = yaml.safe_load(text)["sources"]
    assert any("16 en 17 jaar" in s["title"] and s.get("check_by") for s in sources)
