"""anonymous event context, new events, no research use

Every anonymous event gets its context (pseudonymous school key, level, school year, ISO week and
whether research use is allowed); the microsecond times on answer_event and game_outcome go, after
their ISO week is kept. Events of pupils who still exist get school, level and year from the pupil's
class; the started/finished events are back-filled from module_progress and game_run, and
self-efficacy ratings from the pupils' stored answers.

Revision ID: 0464072d35f8
Revises: d2c6e049a42a
Create Date: 2026-11-29 04:46:51.914436
"""

import secrets
from collections.abc import Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0464072d35f8'
down_revision: str | None = 'd2c6e049a42a'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('activity_event',
    sa.Column('pseudonym', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('school_key', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('level', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('school_year', sqlmodel.sql.sqltypes.AutoString(length=9), nullable=True),
    sa.Column('iso_week', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('research_use', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('item_id', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('item_version', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('run_number', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('pseudonym', 'kind', 'item_id', 'run_number')
    )
    with op.batch_alter_table('activity_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_event_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_event_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_event_pseudonym'), ['pseudonym'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_event_school_key'), ['school_key'], unique=False)

    op.create_table('self_efficacy_event',
    sa.Column('pseudonym', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('school_key', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('level', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('school_year', sqlmodel.sql.sqltypes.AutoString(length=9), nullable=True),
    sa.Column('iso_week', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('research_use', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('module_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('module_version', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('moment', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('statement_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('pseudonym', 'module_id', 'moment', 'statement_id')
    )
    with op.batch_alter_table('self_efficacy_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_self_efficacy_event_module_id'), ['module_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_self_efficacy_event_pseudonym'), ['pseudonym'], unique=False)
        batch_op.create_index(batch_op.f('ix_self_efficacy_event_school_key'), ['school_key'], unique=False)

    # Plain ADD COLUMN, never batch mode, on school and pupil: on SQLite, batch mode copies the
    # table and dropping the old one would cascade-delete every class, pupil and their work.
    op.add_column('school', sa.Column('research_key', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
    op.add_column('pupil', sa.Column('no_research_use', sa.Boolean(), nullable=False, server_default=sa.false()))
    for table in ('answer_event', 'game_outcome'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('school_key', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
            batch_op.add_column(sa.Column('level', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
            batch_op.add_column(sa.Column('school_year', sqlmodel.sql.sqltypes.AutoString(length=9), nullable=True))
            batch_op.add_column(sa.Column('iso_week', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True))
            batch_op.add_column(sa.Column('research_use', sa.Boolean(), nullable=False, server_default=sa.true()))

    _backfill(op.get_bind())

    op.create_index(op.f('ix_school_research_key'), 'school', ['research_key'], unique=True)
    with op.batch_alter_table('answer_event', schema=None) as batch_op:
        batch_op.alter_column('iso_week', existing_type=sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False)
        batch_op.create_index(batch_op.f('ix_answer_event_school_key'), ['school_key'], unique=False)
        batch_op.create_unique_constraint('uq_answer_event_pseudonym_module_step', ['pseudonym', 'module_id', 'step_id'])
        batch_op.drop_column('answered_at')
    with op.batch_alter_table('game_outcome', schema=None) as batch_op:
        batch_op.alter_column('iso_week', existing_type=sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False)
        batch_op.create_index(batch_op.f('ix_game_outcome_school_key'), ['school_key'], unique=False)
        batch_op.drop_column('finished_at')


SCHOOL_TIMEZONE = ZoneInfo("Europe/Amsterdam")


def _week(moment) -> str:
    """The ISO week of a stored time, in the school's time zone (naive times are UTC)."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    year, week, _ = moment.astimezone(SCHOOL_TIMEZONE).date().isocalendar()
    return f"{year}-W{week:02d}"


def _backfill(conn) -> None:
    school = sa.table('school', sa.column('id', sa.Integer), sa.column('research_key', sa.String))
    for (school_id,) in conn.execute(sa.select(school.c.id)).all():
        conn.execute(school.update().where(school.c.id == school_id)
                     .values(research_key=secrets.token_hex(8)))

    pupil = sa.table('pupil', sa.column('id', sa.Integer), sa.column('pseudonym', sa.String),
                     sa.column('classroom_id', sa.Integer))
    classroom = sa.table('classroom', sa.column('id', sa.Integer), sa.column('school_id', sa.Integer),
                         sa.column('level', sa.String), sa.column('school_year', sa.String))
    joined = (sa.select(pupil.c.id, pupil.c.pseudonym, school.c.research_key, classroom.c.level,
                        classroom.c.school_year)
              .select_from(pupil.join(classroom, pupil.c.classroom_id == classroom.c.id)
                           .join(school, classroom.c.school_id == school.c.id)))
    context, by_pupil_id = {}, {}
    for pupil_id, pseudonym, key, level, year in conn.execute(joined).all():
        context[pseudonym] = {'school_key': key, 'level': level, 'school_year': year or None}
        by_pupil_id[pupil_id] = pseudonym
    nobody = {'school_key': None, 'level': None, 'school_year': None}  # the pupil is deleted

    for name, moment in (('answer_event', 'answered_at'), ('game_outcome', 'finished_at')):
        table = sa.table(name, sa.column('id', sa.Integer), sa.column('pseudonym', sa.String),
                         sa.column(moment, sa.DateTime), sa.column('school_key', sa.String),
                         sa.column('level', sa.String), sa.column('school_year', sa.String),
                         sa.column('iso_week', sa.String))
        rows = conn.execute(sa.select(table.c.id, table.c.pseudonym, table.c[moment])).all()
        if rows:
            conn.execute(
                table.update().where(table.c.id == sa.bindparam('event_id')).values(
                    school_key=sa.bindparam('school_key'), level=sa.bindparam('level'),
                    school_year=sa.bindparam('school_year'), iso_week=sa.bindparam('iso_week')),
                [{'event_id': event_id, **context.get(pseudonym, nobody), 'iso_week': _week(at)}
                 for event_id, pseudonym, at in rows],
            )

    activity = sa.table('activity_event', *(sa.column(c) for c in (
        'pseudonym', 'school_key', 'level', 'school_year', 'iso_week', 'research_use', 'kind',
        'item_id', 'item_version', 'run_number')))
    progress = sa.table('module_progress', *(sa.column(c) for c in (
        'pupil_id', 'module_id', 'module_version', 'started_at', 'finished_at')))
    run = sa.table('game_run', *(sa.column(c) for c in (
        'pupil_id', 'scenario_id', 'scenario_version', 'run_number', 'started_at', 'finished_at')))
    events = []
    sources = (
        (progress, progress.c.module_id, progress.c.module_version, sa.literal(1), 'module'),
        (run, run.c.scenario_id, run.c.scenario_version, run.c.run_number, 'game'),
    )
    for table, item, version, number, kind in sources:
        query = sa.select(table.c.pupil_id, item, version, number, table.c.started_at,
                          table.c.finished_at)
        for pupil_id, item_id, item_version, run_number, started, finished in conn.execute(query):
            pseudonym = by_pupil_id[pupil_id]
            for what, at in (('started', started), ('finished', finished)):
                if at is not None:
                    events.append({'pseudonym': pseudonym, **context[pseudonym],
                                   'iso_week': _week(at), 'research_use': True,
                                   'kind': f'{kind}_{what}', 'item_id': item_id,
                                   'item_version': item_version, 'run_number': run_number})
    if events:
        conn.execute(activity.insert(), events)
    _backfill_self_efficacy(conn, context, by_pupil_id)


def _backfill_self_efficacy(conn, context, by_pupil_id) -> None:
    """Ratings were stored as the pupil's answers only. A module has one self-efficacy step
    before and one after its lesson, so of a pupil's rating answers the first is "pre"."""
    progress = sa.table('module_progress', *(sa.column(c) for c in (
        'id', 'pupil_id', 'module_id', 'module_version')))
    answer = sa.table('step_answer', sa.column('id'), sa.column('progress_id'),
                      sa.column('step_id'), sa.column('answer', sa.JSON),
                      sa.column('created_at', sa.DateTime))
    query = (sa.select(progress.c.pupil_id, progress.c.module_id, progress.c.module_version,
                       answer.c.progress_id, answer.c.answer, answer.c.created_at)
             .select_from(answer.join(progress, answer.c.progress_id == progress.c.id))
             .order_by(answer.c.progress_id, answer.c.created_at, answer.c.id))
    seen: dict[int, int] = {}
    events = []
    for pupil_id, module_id, version, progress_id, data, created in conn.execute(query):
        ratings = data.get('ratings') if isinstance(data, dict) else None
        if not isinstance(ratings, dict) or seen.get(progress_id, 0) >= 2:
            continue
        moment = ('pre', 'post')[seen.get(progress_id, 0)]
        seen[progress_id] = seen.get(progress_id, 0) + 1
        pseudonym = by_pupil_id[pupil_id]
        for statement_id, rating in ratings.items():
            events.append({'pseudonym': pseudonym, **context[pseudonym], 'iso_week': _week(created),
                           'research_use': True, 'module_id': module_id,
                           'module_version': version, 'moment': moment,
                           'statement_id': statement_id, 'rating': int(rating)})
    if events:
        table = sa.table('self_efficacy_event', *(sa.column(c) for c in events[0]))
        conn.execute(table.insert(), events)


def downgrade() -> None:
    # The exact times are gone for good: the old columns come back empty (nullable).
    # Plain DROP COLUMN (SQLite >= 3.35): batch mode would cascade-delete through the copy.
    op.drop_index(op.f('ix_school_research_key'), table_name='school')
    op.drop_column('school', 'research_key')
    op.drop_column('pupil', 'no_research_use')
    with op.batch_alter_table('game_outcome', schema=None) as batch_op:
        batch_op.add_column(sa.Column('finished_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.drop_index(batch_op.f('ix_game_outcome_school_key'))
        for column in ('research_use', 'iso_week', 'school_year', 'level', 'school_key'):
            batch_op.drop_column(column)
    with op.batch_alter_table('answer_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answered_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.drop_constraint('uq_answer_event_pseudonym_module_step', type_='unique')
        batch_op.drop_index(batch_op.f('ix_answer_event_school_key'))
        for column in ('research_use', 'iso_week', 'school_year', 'level', 'school_key'):
            batch_op.drop_column(column)
    op.drop_table('self_efficacy_event')
    op.drop_table('activity_event')
