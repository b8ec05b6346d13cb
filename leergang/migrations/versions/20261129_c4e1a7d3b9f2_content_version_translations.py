"""content_version: translations made in the browser

Each version keeps its translations beside the Dutch text ({language: overlay text}) and, per
language, a hash of every Dutch text at the moment it was translated, so the editor can show which
translations are out of date. Plain ADD COLUMN with a server default for existing rows.

Revision ID: c4e1a7d3b9f2
Revises: f6cc7b884fef
Create Date: 2026-11-29 07:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'c4e1a7d3b9f2'
down_revision: str | None = 'f6cc7b884fef'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for name in ('translations', 'translation_sources'):
        op.add_column(
            'content_version',
            sa.Column(name, sa.JSON(), nullable=False, server_default=sa.text("'{}'")),
        )


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+): batch mode would copy the table, and dropping the original
    # would set audit_entry.content_version_id to NULL.
    op.drop_column('content_version', 'translation_sources')
    op.drop_column('content_version', 'translations')
