"""Whose modules are whose: an author sees item statistics only of their organisation's modules.

Where the published version comes from decides (``ContentStore.source_of``):
- a version published in the browser belongs to the organisation on its ``content_version`` row;
- a module from the ``lessons/`` folder belongs to every organisation its file names under
  ``authors: - organisation:`` (same name as the ``Organisation`` row, case and outer spaces
  aside). A file module that names no organisation belongs to no partner: no author sees its
  statistics.
An author without an organisation sees none.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlmodel import Session

from leergang.authoring.models import ContentKind, ContentVersion, Organisation, VersionStatus
from leergang.content import Module

DATABASE = "database"


def _same_name(a: str | None, b: str) -> bool:
    return a is not None and a.strip().casefold() == b.strip().casefold()


def organisation_modules(
    *, session: Session, organisation_id: int | None, modules: Iterable[Module], store
) -> list[Module]:
    """The ``modules`` that belong to the organisation, in the order given (two queries)."""
    if organisation_id is None:
        return []
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        return []
    v = ContentVersion
    published = dict(
        session.execute(
            select(v.content_id, v.organisation_id).where(
                v.kind == ContentKind.MODULE, v.status == VersionStatus.PUBLISHED
            )
        ).all()
    )
    mine = []
    for module in modules:
        if store.source_of("module", module.id) == DATABASE:
            owned = published.get(module.id) == organisation_id
        else:
            owned = any(_same_name(a.organisation, organisation.name) for a in module.authors)
        if owned:
            mine.append(module)
    return mine
