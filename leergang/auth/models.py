"""Staff accounts: teachers, partner authors, evaluators and admins sign in with e-mail."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from sqlmodel import AutoString, Field, SQLModel

from leergang.auth.access import Capability, Role, capabilities_of
from leergang.auth.principal import Principal
from leergang.timeutil import utcnow

__all__ = ["Role", "StaffUser", "StaffUserBase"]


class StaffUserBase(SQLModel):
    email: str = Field(max_length=254, unique=True, index=True)
    display_name: str = Field(max_length=80)
    # A plain string column: new roles need no ALTER TYPE.
    role: Role = Field(sa_type=AutoString(16))


class StaffUser(Principal, StaffUserBase, table=True):
    __tablename__ = "staff_user"

    id: int | None = Field(default=None, primary_key=True)
    password_hash: str = Field(max_length=255)
    school_id: int | None = Field(default=None, foreign_key="school.id", ondelete="SET NULL")
    # Authors and reviewers write for one partner organisation (authoring.models.Organisation).
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    # Demo accounts have published passwords: they can only sign in while the app runs in debug.
    is_demo: bool = Field(default=False)
    # In every session id; raising it (sign-out) ends every session of this account, copies too.
    session_version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)

    kind: ClassVar[str] = "staff"

    def _public_key(self) -> str:
        return str(self.id)

    def _secret_material(self) -> str:
        return self.password_hash

    def capabilities(self) -> frozenset[Capability]:
        return capabilities_of(self.role)
