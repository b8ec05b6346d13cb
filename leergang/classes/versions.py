"""Which version of a module the pupils of a class use: a pupil who started version 1.0
keeps it after 1.1 is published (the version is pinned on their progress or run), so a teacher
reads "version 1.0: 3 pupils, version 1.1: 20 pupils" on the class's module page."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from leergang.authoring.services import VERSION_FORMAT, version_key
from leergang.classes.models import Classroom, Pupil
from leergang.learn.models import ModuleProgress


def _ordered(rows) -> list[tuple[str, int]]:
    def key(row):
        version = row[0]
        return (0, version_key(version), "") if VERSION_FORMAT.match(version) else (1, (), version)

    return sorted(((version, int(count)) for version, count in rows), key=key)


def module_versions(
    *, session: Session, classroom: Classroom, module_id: str
) -> list[tuple[str, int]]:
    """(version, pupils who started it) for one module in one class, oldest version first."""
    rows = session.exec(
        select(ModuleProgress.module_version, func.count())
        .join(Pupil, Pupil.id == ModuleProgress.pupil_id)  # type: ignore[arg-type]
        .where(Pupil.classroom_id == classroom.id, ModuleProgress.module_id == module_id)
        .group_by(ModuleProgress.module_version)
    ).all()
    return _ordered(rows)
