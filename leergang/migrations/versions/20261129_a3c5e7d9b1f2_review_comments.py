"""review comments: a reviewer's remark per step of a content version

Revision ID: a3c5e7d9b1f2
Revises: 18e23b5d5384
Create Date: 2026-11-29 07:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = 'a3c5e7d9b1f2'
down_revision: str | None = '18e23b5d5384'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('review_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('step_id', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['staff_user.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['version_id'], ['content_version.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_review_comment_version_id', 'review_comment', ['version_id'])


def downgrade() -> None:
    op.drop_index('ix_review_comment_version_id', table_name='review_comment')
    op.drop_table('review_comment')
