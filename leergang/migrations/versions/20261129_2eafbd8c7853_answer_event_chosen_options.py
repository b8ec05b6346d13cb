"""answer_event chosen options

Item statistics need to know which option(s) a pupil chose. The column is added with a plain
``op.add_column`` (no batch mode: on SQLite that copies the table). Events of pupils who still
exist are back-filled from their stored answer, reading only the choice shapes (``choice`` as an
option id or true/false, ``choices`` as a list of option ids) and only slug-shaped ids: a
reflection's text or any other typed answer is never copied. Events of deleted pupils keep NULL.

Revision ID: 2eafbd8c7853
Revises: 381f0d3dbb8f
Create Date: 2026-11-29 05:50:54.395168
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '2eafbd8c7853'
down_revision: str | None = '381f0d3dbb8f'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPTION_ID = re.compile(r'[a-z0-9]+(?:-[a-z0-9]+)*')  # content.fields.Slug, as on 2026-11-29


def upgrade() -> None:
    op.add_column('answer_event', sa.Column(
        'chosen', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True))
    _backfill(op.get_bind())


def _chosen(answer) -> str | None:
    """A copy of record.chosen_options frozen in time (migrations do not import app code)."""
    if not isinstance(answer, dict):
        return None
    choice, choices = answer.get('choice'), answer.get('choices')
    if isinstance(choice, bool):
        ids = ['true' if choice else 'false']
    elif isinstance(choice, str):
        ids = [choice]
    elif isinstance(choices, list) and choices:
        ids = choices
    else:
        return None
    if not all(isinstance(i, str) and OPTION_ID.fullmatch(i) for i in ids):
        return None
    joined = ','.join(ids)
    return joined if len(joined) <= 255 else None


def _backfill(conn) -> None:
    event = sa.table('answer_event', sa.column('id', sa.Integer), sa.column('pseudonym'),
                     sa.column('module_id'), sa.column('step_id'), sa.column('chosen'))
    pupil = sa.table('pupil', sa.column('id', sa.Integer), sa.column('pseudonym'))
    progress = sa.table('module_progress', sa.column('id', sa.Integer),
                        sa.column('pupil_id', sa.Integer), sa.column('module_id'))
    answer = sa.table('step_answer', sa.column('progress_id', sa.Integer), sa.column('step_id'),
                      sa.column('answer', sa.JSON), sa.column('correct', sa.Boolean))
    query = (
        sa.select(event.c.id, answer.c.answer)
        .select_from(
            event.join(pupil, pupil.c.pseudonym == event.c.pseudonym)
            .join(progress, sa.and_(progress.c.pupil_id == pupil.c.id,
                                    progress.c.module_id == event.c.module_id))
            .join(answer, sa.and_(answer.c.progress_id == progress.c.id,
                                  answer.c.step_id == event.c.step_id))
        )
        # Questions only: a reflection's answer has no right or wrong (correct is NULL).
        .where(answer.c.correct.is_not(None))
    )
    updates = [{'event_id': event_id, 'value': value}
               for event_id, data in conn.execute(query)
               if (value := _chosen(data)) is not None]
    if updates:
        conn.execute(event.update().where(event.c.id == sa.bindparam('event_id'))
                     .values(chosen=sa.bindparam('value')), updates)


def downgrade() -> None:
    op.drop_column('answer_event', 'chosen')
