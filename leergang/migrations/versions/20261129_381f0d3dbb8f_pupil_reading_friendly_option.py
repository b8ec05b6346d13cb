"""pupil reading friendly option

Revision ID: 381f0d3dbb8f
Revises: 4042972c9319
Create Date: 2026-11-29 04:37:18.499369
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '381f0d3dbb8f'
down_revision: str | None = '4042972c9319'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD/DROP COLUMN, never batch mode on pupil: on SQLite a batch copy of the table would
    # cascade-delete the pupils' progress when the original is dropped.
    op.add_column('pupil', sa.Column('reading_friendly', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    op.drop_column('pupil', 'reading_friendly')
