"""The demo partner: the organisation the lesson files name, with an author and a reviewer, and one
draft in review.

Sanne (the demo author) wrote version 1.2 of "Nodig of willen?" in the browser and sent it for
review; Ruben (the demo reviewer, another author of the same organisation) can comment per step,
send it back or approve it, and then publish it. The draft changes one explanation and adds a
tip, so the step diff has something to show.
"""

from __future__ import annotations

import base64
from pathlib import Path

import yaml
from sqlmodel import Session, select

from leergang.auth.models import StaffUser
from leergang.authoring.models import (
    AuditEntry,
    ContentKind,
    ContentVersion,
    Organisation,
    VersionStatus,
)

# The organisation the lesson files in lessons/ name as author: its authors see the item
# statistics of the demo history, and its new version of a shipped lesson is a real next version.
DEMO_ORGANISATION = "Leergang Omgaan met Geld"
DEMO_AUTHOR = "auteur@demo.leergang.nl"
DEMO_REVIEWER = "reviewer@demo.leergang.nl"
DEMO_DRAFT = "nodig-of-willen"
DEMO_DRAFT_VERSION = "1.2"
TIP = "\n**Tip:** schrijf op wat je wilt kopen. Wacht een week. Wil je het dan nog steeds?\n"


def seed_authoring(*, session: Session, lessons_dir: Path, draft: bool) -> Organisation:
    """The demo organisation with its author and reviewer (once); with ``draft``, also the demo
    draft in review (``flask demo`` makes it; tests that need it ask for it)."""
    organisation = session.exec(
        select(Organisation).where(Organisation.name == DEMO_ORGANISATION)
    ).first()
    if organisation is None:
        organisation = Organisation(name=DEMO_ORGANISATION)
        session.add(organisation)
        session.flush()
    people = session.exec(
        select(StaffUser).where(StaffUser.email.in_((DEMO_AUTHOR, DEMO_REVIEWER)))  # type: ignore[attr-defined]
    ).all()
    for person in people:
        if person.organisation_id is None:
            person.organisation_id = organisation.id
            session.add(person)
    author = next((p for p in people if p.email == DEMO_AUTHOR), None)
    if author is not None and draft:
        _seed_draft(session=session, organisation=organisation, author=author,
                    lessons_dir=lessons_dir)  # fmt: skip
    session.flush()
    return organisation


def seed_demo_draft(*, session: Session, lessons_dir: Path) -> None:
    """The demo draft (version 1.2 of "Nodig of willen?", in review) for a seeded demo school."""
    seed_authoring(session=session, lessons_dir=lessons_dir, draft=True)
    session.commit()


def demo_draft_text(lessons_dir: Path) -> str | None:
    """Version 1.2 of the demo module: a changed explanation with a tip (None if it is gone)."""
    path = lessons_dir / DEMO_DRAFT / "module.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("steps"), list):
        return None
    data["version"] = DEMO_DRAFT_VERSION
    for step in data["steps"]:
        if isinstance(step, dict) and step.get("type") == "explanation":
            step["body"] = str(step.get("body", "")).rstrip("\n") + "\n" + TIP
            break
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


class _Dumper(yaml.SafeDumper):
    """Multi-line texts as ``|`` blocks, the way authors write them."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar(
        "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None
    )


_Dumper.add_representer(str, _text)


def _seed_draft(
    *, session: Session, organisation: Organisation, author: StaffUser, lessons_dir: Path
) -> None:
    exists = session.exec(
        select(ContentVersion.id).where(
            ContentVersion.kind == ContentKind.MODULE, ContentVersion.content_id == DEMO_DRAFT
        )
    ).first()
    text = demo_draft_text(lessons_dir) if exists is None else None
    if text is None:
        return
    draft = ContentVersion(
        kind=ContentKind.MODULE,
        content_id=DEMO_DRAFT,
        version=DEMO_DRAFT_VERSION,
        status=VersionStatus.IN_REVIEW,
        yaml_text=text,
        # The lesson's pictures travel with the draft, as an import of its folder would bring them.
        assets={
            path.name: base64.b64encode(path.read_bytes()).decode("ascii")
            for path in sorted((lessons_dir / DEMO_DRAFT).glob("*.svg"))
        },
        organisation_id=organisation.id,
        created_by=author.id,
    )
    session.add(draft)
    session.flush()
    for what in ("created draft", "submitted for review"):
        session.add(
            AuditEntry(
                who=author.id,
                what=f"{what}: module {DEMO_DRAFT} {DEMO_DRAFT_VERSION}",
                content_version_id=draft.id,
            )
        )
