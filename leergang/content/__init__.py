"""Lesson content: the module format, its step types, the loader/validator and safe Markdown.

Pure Python (pydantic, PyYAML, markdown-it-py, nh3); nothing here imports Flask, so the same code
serves the app, the ``flask lessons check`` command and the tests.
"""

from .library import Library, load_library
from .loader import LoadedFolder, load_folder, load_module, parse_module_text
from .markdown import render_markdown
from .messages import N_, AnswerError, Problem
from .schema import Module, curriculum_key
from .steps import STEP_TYPES, Outcome, QuestionStep, StepBase
from .upgrade import CURRENT_SCHEMA_VERSION

__all__ = [
    "curriculum_key",
    "CURRENT_SCHEMA_VERSION",
    "N_",
    "STEP_TYPES",
    "AnswerError",
    "Library",
    "LoadedFolder",
    "Module",
    "Outcome",
    "Problem",
    "QuestionStep",
    "StepBase",
    "load_folder",
    "load_library",
    "load_module",
    "parse_module_text",
    "render_markdown",
]
