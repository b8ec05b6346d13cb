"""The example modules shipped in lessons/ are valid and together show every step type."""

from pathlib import Path

import pytest

from leergang.content import STEP_TYPES, load_library, render_markdown

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

    assert 8 <= len(module.steps) <= 12
    assert 2 <= len(pre) <= 3
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
