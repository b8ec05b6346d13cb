"""item_summary: covering indexes for the evaluator's reach; no single-column context indexes

Reach counts distinct pupils and classes; with an index that holds every column those queries
read, both databases read it in order (or hash it) instead of sorting the whole table. The
single-column indexes on pseudonym and class_key are prefixes of the new ones, and the one on
school_key made SQLite fetch every row by index when a programme covers most schools.

Revision ID: 18e23b5d5384
Revises: c4e1a7d3b9f2
Create Date: 2026-11-29 08:10:00.000000
"""

from collections.abc import Sequence

from alembic import op


revision: str = '18e23b5d5384'
down_revision: str | None = 'c4e1a7d3b9f2'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = ('pseudonym', 'school_key', 'class_key')


def upgrade() -> None:
    op.create_index('ix_item_summary_pupil', 'item_summary',
                    ['pseudonym', 'research_use', 'school_key', 'level', 'school_year',
                     'iso_week', 'kind', 'finished'], unique=False)
    op.create_index('ix_item_summary_class', 'item_summary',
                    ['class_key', 'school_key', 'research_use', 'level', 'school_year',
                     'iso_week'], unique=False)
    for column in OLD:
        op.drop_index(f'ix_item_summary_{column}', table_name='item_summary')


def downgrade() -> None:
    for column in OLD:
        op.create_index(f'ix_item_summary_{column}', 'item_summary', [column], unique=False)
    op.drop_index('ix_item_summary_class', table_name='item_summary')
    op.drop_index('ix_item_summary_pupil', table_name='item_summary')
