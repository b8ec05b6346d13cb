"""Imports every table so that SQLModel.metadata is complete (Alembic, tests)."""

from leergang.auth.models import Role, StaffUser
from leergang.classes.models import Classroom, ClassroomTeacher, Pupil, School, SecretKind
from leergang.games.models import GameChoice, GameOutcome, GameRun
from leergang.learn.models import ModuleProgress, StepAnswer

__all__ = [
    "Classroom",
    "ClassroomTeacher",
    "GameChoice",
    "GameOutcome",
    "GameRun",
    "ModuleProgress",
    "Pupil",
    "Role",
    "School",
    "SecretKind",
    "StaffUser",
    "StepAnswer",
]
