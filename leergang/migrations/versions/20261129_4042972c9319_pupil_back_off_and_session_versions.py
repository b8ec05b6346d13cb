"""Pupil back-off instead of a hard lock, and session versions for revocable sign-outs.

A pupil who was locked keeps their count of wrong tries (shown to the teacher) but may try
again; the streak that sets the wait starts over.

Revision ID: 4042972c9319
Revises: 0464072d35f8
Create Date: 2026-11-29 04:38:49.552471
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '4042972c9319'
down_revision: str | None = '0464072d35f8'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD/DROP COLUMN (SQLite >= 3.35), never batch mode, on pupil and staff_user: batch
    # mode copies the table and, with foreign keys on, dropping the original would delete every
    # pupil's progress, answers and game runs through ON DELETE CASCADE.
    op.add_column('pupil', sa.Column('failed_since', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.add_column('pupil', sa.Column('recent_failures', sa.Integer(), nullable=False, server_default='0'))
    op.add_column('pupil', sa.Column('last_failed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.add_column('pupil', sa.Column('session_version', sa.Integer(), nullable=False, server_default='1'))
    op.drop_column('pupil', 'locked')
    op.execute("UPDATE pupil SET failed_since = created_at WHERE failed_attempts > 0")
    op.add_column('staff_user', sa.Column('session_version', sa.Integer(), nullable=False, server_default='1'))


def downgrade() -> None:
    op.drop_column('staff_user', 'session_version')
    op.add_column('pupil', sa.Column('locked', sa.Boolean(), nullable=False, server_default=sa.false()))
    for column in ('session_version', 'last_failed_at', 'recent_failures', 'failed_since'):
        op.drop_column('pupil', column)
