"""The example modules shipped in lessons/ are valid and together show every step type."""

from pathlib import Path

import pytest
import yaml

from leergang.content import STEP_TYPES, load_library, load_module, render_markdown
from leergang.content.loader import load_folder

LESSONS = Path(__file__).parents[2] / "lessons"
EXAMPLES = ["achteraf-betalen", "nodig-of-willen"]


@pytest.fixture(scope="module")
def library():
    return load_library(LESSONS)


def test_examples_load_without_problems(library):
    assert [problem.format() for problem in library.problems] == []
    assert set(EXAMPLES) <= set(library.modules)


def test_examples_use_every_step_type(library):
    used = {step.type for name in EXAMPLES for step in library.modules[name].steps}
    assert used == set(STEP_TYPES)


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_shape(library, name):
    module = library.modules[name]
    pre = module.knowledge_check_steps("pre")
    post = module.knowledge_check_steps("post")

    assert 8 <= len(module.steps) <= 15
    assert 3 <= len(pre) <= 5
    assert sorted(s.knowledge_check.construct_id for s in pre) == sorted(
        s.knowledge_check.construct_id for s in post
    )
    assert module.sources, "examples name their sources"


def test_example_image_is_served_from_the_module_folder(library):
    module = library.modules["nodig-of-willen"]
    html = render_markdown(module.step("uitleg-nodig-willen").body, lambda f: f"/a/{f}")

    assert '<img src="/a/nodig-of-willen.svg" alt="Twee dozen.' in html
    assert module.asset_path("nodig-of-willen.svg") == module.folder / "nodig-of-willen.svg"
    assert module.asset_path("../achteraf-betalen/module.yaml") is None
    assert module.asset_path("module.yaml") is None


def test_readme_example_is_valid(tmp_path):
    readme = (LESSONS / "README.md").read_text(encoding="utf-8")
    example = readme.split("## Een volledig voorbeeld met uitleg")[1].split("```yaml\n")[1]
    folder = tmp_path / "zakgeld-sparen"
    folder.mkdir()
    (folder / "module.yaml").write_text(example.split("```")[0], encoding="utf-8")
    (folder / "spaarpot.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")

    module, problems = load_module(folder)

    assert [problem.format() for problem in problems] == []
    assert len(module.knowledge_check_steps("pre")) == 1


def test_readme_step_snippets_are_valid():
    readme = (LESSONS / "README.md").read_text(encoding="utf-8")
    snippets = [block.split("```")[0] for block in readme.split("```yaml\n")[1:]]
    steps = [yaml.safe_load(s)[0] for s in snippets if s.startswith("- id:")]

    assert {step["type"] for step in steps} == set(STEP_TYPES)
    for step in steps:
        STEP_TYPES[step["type"]].model_validate(step, context={"folder": None})


def test_readme_translation_example_is_valid(tmp_path):
    readme = (LESSONS / "README.md").read_text(encoding="utf-8")
    example = readme.split("## Een volledig voorbeeld met uitleg")[1].split("```yaml\n")[1]
    translation = readme.split("## Vertalingen")[1].split("```yaml\n")[1].split("```")[0]
    folder = tmp_path / "zakgeld-sparen"
    folder.mkdir()
    (folder / "module.yaml").write_text(example.split("```")[0], encoding="utf-8")
    (folder / "module.en.yaml").write_text(translation, encoding="utf-8")
    (folder / "spaarpot.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")

    loaded = load_folder(folder)

    assert [problem.format() for problem in loaded.problems] == []
    english = loaded.translations["en"]
    assert english.title == "Saving your pocket money"
    assert english.step("natoets").prompt == loaded.module.step("natoets").prompt  # Dutch
