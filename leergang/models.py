"""Imports every table so that SQLModel.metadata is complete (Alembic, tests)."""

from leergang.assignments.models import Assignment, AssignmentPupil
from leergang.auth.models import Role, StaffUser
from leergang.authoring.models import (
    AuditEntry,
    ContentChange,
    ContentVersion,
    Organisation,
    ReviewComment,
)
from leergang.classes.models import (
    Classroom,
    ClassroomTeacher,
    Pupil,
    School,
    SecretKind,
    TeacherInvite,
)
from leergang.games.models import GameChoice, GameRun
from leergang.learn.models import ModuleProgress, StepAnswer
from leergang.metrics.models import (
    AnswerEvent,
    GameOutcome,
    GoNoGoCriterion,
    Programme,
    ProgrammeEvaluator,
    ProgrammeSchool,
)

__all__ = [
    "AnswerEvent",
    "AuditEntry",
    "ContentChange",
    "ContentVersion",
    "Organisation",
    "ReviewComment",
    "Assignment",
    "AssignmentPupil",
    "TeacherInvite",
    "Classroom",
    "ClassroomTeacher",
    "GameChoice",
    "GameOutcome",
    "GameRun",
    "GoNoGoCriterion",
    "Programme",
    "ProgrammeEvaluator",
    "ProgrammeSchool",
    "ModuleProgress",
    "Pupil",
    "Role",
    "School",
    "SecretKind",
    "StaffUser",
    "StepAnswer",
]
