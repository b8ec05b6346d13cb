"""Authoring: organisations, content versions (draft to published), the change counter, audit.

staff_user gains organisation_id by a plain ADD COLUMN, never batch mode: on SQLite batch mode
copies the table and dropping the original would cascade-delete rows that refer to staff.

Revision ID: 57bc9a6d408d
Revises: 2eafbd8c7853
Create Date: 2026-11-29 05:35:52.103166
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '57bc9a6d408d'
down_revision: str | None = '2eafbd8c7853'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('content_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.execute("INSERT INTO content_change (id, value) VALUES (1, 0)")
    op.create_table('organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('content_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('content_id', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('version', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('yaml_text', sa.Text(), nullable=False),
    sa.Column('assets', sa.JSON(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('reviewed_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('published_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('review_comment', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['staff_user.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reviewed_by'], ['staff_user.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_content_version_content_id', 'content_version', ['content_id'])
    op.create_index('ix_content_version_organisation_id', 'content_version', ['organisation_id'])
    op.create_index('ix_content_version_status', 'content_version', ['status'])
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('who', sa.Integer(), nullable=True),
    sa.Column('when', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('what', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('content_version_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['content_version_id'], ['content_version.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['who'], ['staff_user.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_audit_entry_when', 'audit_entry', ['when'])
    if op.get_bind().dialect.name == 'sqlite':
        # Alembic would add the foreign key as a separate ALTER, which SQLite cannot do. No ON
        # DELETE: SQLAlchemy cannot read it back from a column clause, and an organisation
        # that still has people is not deleted anyway.
        op.execute(
            "ALTER TABLE staff_user ADD COLUMN organisation_id INTEGER "
            "REFERENCES organisation (id)"
        )
    else:
        op.add_column('staff_user', sa.Column('organisation_id', sa.Integer(), nullable=True))
        op.create_foreign_key(
            'fk_staff_user_organisation_id', 'staff_user', 'organisation',
            ['organisation_id'], ['id'],
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_constraint('fk_staff_user_organisation_id', 'staff_user', type_='foreignkey')
    op.drop_column('staff_user', 'organisation_id')
    op.drop_table('audit_entry')
    op.drop_table('content_version')
    op.drop_table('organisation')
    op.drop_table('content_change')
