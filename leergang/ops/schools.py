"""Schools for the command line: create one, find one by id or exact name."""

from __future__ import annotations

from sqlmodel import Session, select

from leergang.classes.models import School


class SchoolNotFound(LookupError):
    """No school, or more than one, answers to what was given."""


def create_school(*, session: Session, name: str) -> School:
    name = " ".join(name.split())
    if not name or len(name) > 120:
        raise ValueError("A school name has 1 to 120 characters.")
    if session.exec(select(School).where(School.name == name)).first():
        raise ValueError(f"There is already a school called {name!r}.")
    school = School(name=name)
    session.add(school)
    session.commit()
    session.refresh(school)
    return school


def find_school(*, session: Session, ref: str) -> School:
    """``ref`` is a school's number (as ``school list`` prints it) or its exact name."""
    ref = ref.strip()
    if ref.isdigit():
        school = session.get(School, int(ref))
        if school is not None:
            return school
    matches = list(session.exec(select(School).where(School.name == " ".join(ref.split()))))
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise SchoolNotFound(f"More than one school is called {ref!r}: use its number.")
    raise SchoolNotFound(f"No school {ref!r}. See: flask --app leergang school list")
