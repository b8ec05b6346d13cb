"""Access rules in one place: the staff roles, what each role may do, and the view decorators.

Views, services and templates ask ``can(capability)``; no other module lists roles. A new role
(or a role that may do more) is one line in ``CAPABILITIES``.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps

from flask import abort
from flask_login import current_user, login_required


class Role(StrEnum):
    TEACHER = "teacher"
    AUTHOR = "author"
    EVALUATOR = "evaluator"
    ADMIN = "admin"


class Capability(StrEnum):
    TEACH = "teach"  # open the pages of the classes one teaches (or, with oversee_school, all)
    CREATE_CLASS = "create_class"
    OVERSEE_SCHOOL = "oversee_school"  # see every class of one's own school
    INVITE_TEACHERS = "invite_teachers"
    SEE_LESSONS = "see_lessons"  # the lesson library page
    SEE_FILE_PROBLEMS = "see_file_problems"  # lesson files that were skipped, and why
    AUTHOR = "author"
    REVIEW = "review"
    EVALUATE = "evaluate"
    MANAGE_PROGRAMMES = "manage_programmes"  # evaluation programmes: schools, evaluators, criteria


C = Capability
CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.TEACHER: frozenset({C.TEACH, C.CREATE_CLASS}),
    Role.ADMIN: frozenset(
        {
            C.TEACH,
            C.OVERSEE_SCHOOL,
            C.INVITE_TEACHERS,
            C.SEE_LESSONS,
            C.SEE_FILE_PROBLEMS,
            C.MANAGE_PROGRAMMES,
        }
    ),
    Role.AUTHOR: frozenset({C.SEE_LESSONS, C.SEE_FILE_PROBLEMS, C.AUTHOR, C.REVIEW}),
    Role.EVALUATOR: frozenset({C.SEE_LESSONS, C.EVALUATE}),
}


def capabilities_of(role: str | None) -> frozenset[Capability]:
    """What ``role`` may do; nothing for an unknown role (or a pupil, who has none)."""
    return CAPABILITIES.get(role, frozenset())  # type: ignore[call-overload]


def can(capability: str) -> bool:
    """Whether the signed-in user may do ``capability`` (also available in templates)."""
    return bool(current_user.is_authenticated and current_user.can(capability))


def staff_required(capability: Capability) -> Callable:
    """Signed-in staff whose role has ``capability``; others get 403, anonymous users sign in."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_staff or not current_user.can(capability):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def pupil_required(view):
    @login_required
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_pupil:
            abort(403)
        return view(*args, **kwargs)

    return wrapped
