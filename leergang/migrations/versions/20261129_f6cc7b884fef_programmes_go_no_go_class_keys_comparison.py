"""programmes, go/no-go criteria, class keys and comparison classes

Programmes group schools for evaluators; each class gets a random research key and a comparison
flag; every anonymous event gets the class key and group ("lesson" / "comparison"), back-filled
from the pupil's class where the pupil still exists (their events then belong to the lesson group:
no class was a comparison class before this revision).

Adds item_summary, the evaluator's pre-aggregate (one row per pupil and module or game), filled
from the events.

Revision ID: f6cc7b884fef
Revises: 57bc9a6d408d
Create Date: 2026-11-29 05:58:00.000000
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = 'f6cc7b884fef'
down_revision: str | None = '57bc9a6d408d'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EVENT_TABLES = ('answer_event', 'self_efficacy_event', 'activity_event', 'game_outcome')


def upgrade() -> None:
    op.create_table('programme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('cost_cents', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('programme_school',
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('programme_id', 'school_id')
    )
    op.create_table('programme_evaluator',
    sa.Column('staff_user_id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_user_id'], ['staff_user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('staff_user_id')
    )
    op.create_index(op.f('ix_programme_evaluator_programme_id'), 'programme_evaluator', ['programme_id'], unique=False)
    op.create_table('go_no_go_criterion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('phase', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('measure', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('threshold', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_go_no_go_criterion_programme_id'), 'go_no_go_criterion', ['programme_id'], unique=False)

    # Plain ADD COLUMN, never batch mode: classroom has pupils and the event tables are large; on
    # SQLite a batch copy of classroom would cascade-delete every pupil and their work.
    op.add_column('classroom', sa.Column('research_key', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
    op.add_column('classroom', sa.Column('comparison', sa.Boolean(), server_default=sa.false(), nullable=False))
    for table in EVENT_TABLES:
        op.add_column(table, sa.Column('class_key', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
        op.add_column(table, sa.Column('group', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True))

    op.create_table('item_summary',
    sa.Column('pseudonym', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('school_key', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('level', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('school_year', sqlmodel.sql.sqltypes.AutoString(length=9), nullable=True),
    sa.Column('iso_week', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('research_use', sa.Boolean(), nullable=False),
    sa.Column('class_key', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('group', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('item_id', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('finished', sa.Boolean(), nullable=False),
    sa.Column('pre_answered', sa.Integer(), nullable=False),
    sa.Column('pre_score', sa.Float(), nullable=False),
    sa.Column('post_answered', sa.Integer(), nullable=False),
    sa.Column('post_score', sa.Float(), nullable=False),
    sa.Column('efficacy_pre_count', sa.Integer(), nullable=False),
    sa.Column('efficacy_pre_sum', sa.Integer(), nullable=False),
    sa.Column('efficacy_post_count', sa.Integer(), nullable=False),
    sa.Column('efficacy_post_sum', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('pseudonym', 'kind', 'item_id')
    )
    op.create_index(op.f('ix_item_summary_class_key'), 'item_summary', ['class_key'], unique=False)
    op.create_index(op.f('ix_item_summary_pseudonym'), 'item_summary', ['pseudonym'], unique=False)
    op.create_index(op.f('ix_item_summary_school_key'), 'item_summary', ['school_key'], unique=False)

    _backfill(op.get_bind())

    op.create_index(op.f('ix_classroom_research_key'), 'classroom', ['research_key'], unique=True)
    for table in EVENT_TABLES:
        op.create_index(op.f(f'ix_{table}_class_key'), table, ['class_key'], unique=False)


def _backfill(conn) -> None:
    classroom = sa.table('classroom', sa.column('id', sa.Integer), sa.column('research_key', sa.String))
    for (class_id,) in conn.execute(sa.select(classroom.c.id)).all():
        conn.execute(classroom.update().where(classroom.c.id == class_id)
                     .values(research_key=secrets.token_hex(8)))
    pupil = sa.table('pupil', sa.column('pseudonym', sa.String), sa.column('classroom_id', sa.Integer))
    for name in EVENT_TABLES:
        event = sa.table(name, sa.column('pseudonym', sa.String), sa.column('class_key', sa.String),
                         sa.column('group', sa.String))
        key = (sa.select(classroom.c.research_key)
               .select_from(pupil.join(classroom, pupil.c.classroom_id == classroom.c.id))
               .where(pupil.c.pseudonym == event.c.pseudonym).scalar_subquery())
        conn.execute(event.update().values(class_key=key))
        conn.execute(event.update().where(event.c.class_key.is_not(None)).values(group='lesson'))
    _summaries(conn)


CONTEXT = ('pseudonym', 'school_key', 'level', 'school_year', 'iso_week', 'research_use',
           'class_key', 'group')


def _summaries(conn) -> None:
    """item_summary from the events: one row per pupil and module (or game) started.

    The same result as ``leergang.metrics.summaries.rebuild`` at this revision, written out here
    so that the migration does not change when the app's code does.
    """
    activity = sa.table('activity_event', *(sa.column(c) for c in CONTEXT), sa.column('kind'),
                        sa.column('item_id'), sa.column('run_number'))
    answer = sa.table('answer_event', sa.column('pseudonym'), sa.column('module_id'),
                      sa.column('knowledge_check_test'), sa.column('score', sa.Float))
    rating = sa.table('self_efficacy_event', sa.column('pseudonym'), sa.column('module_id'),
                      sa.column('moment'), sa.column('rating', sa.Integer))
    summary = sa.table('item_summary', *(sa.column(c) for c in CONTEXT), sa.column('kind'),
                       sa.column('item_id'), sa.column('finished', sa.Boolean),
                       *(sa.column(f'{t}_{c}') for t in ('pre', 'post')
                         for c in ('answered', 'score')),
                       *(sa.column(f'efficacy_{t}_{c}') for t in ('pre', 'post')
                         for c in ('count', 'sum')))
    zeros = {f'{t}_answered': 0 for t in ('pre', 'post')}
    zeros |= {f'{t}_score': 0.0 for t in ('pre', 'post')}
    zeros |= {f'efficacy_{t}_{c}': 0 for t in ('pre', 'post') for c in ('count', 'sum')}
    for kind, started, done in (('module', 'module_started', 'module_finished'),
                                ('game', 'game_started', 'game_finished')):
        names = [*CONTEXT, 'kind', 'item_id', 'finished', *zeros]
        conn.execute(summary.insert().from_select(names, sa.select(
            *(activity.c[c] for c in CONTEXT), sa.literal(kind), activity.c.item_id,
            sa.false(), *(sa.literal(v) for v in zeros.values()),
        ).where(activity.c.kind == started, activity.c.run_number == 1)))
        finish = sa.exists().where(activity.c.pseudonym == summary.c.pseudonym,
                                   activity.c.item_id == summary.c.item_id,
                                   activity.c.kind == done)
        conn.execute(summary.update().where(summary.c.kind == kind, finish)
                     .values(finished=sa.true()))
    values = {}
    for test in ('pre', 'post'):
        mine = (answer.c.pseudonym == summary.c.pseudonym, answer.c.module_id == summary.c.item_id,
                answer.c.knowledge_check_test == test)
        values[f'{test}_answered'] = sa.select(sa.func.count()).where(*mine).scalar_subquery()
        values[f'{test}_score'] = (sa.select(sa.func.coalesce(sa.func.sum(answer.c.score), 0.0))
                                   .where(*mine).scalar_subquery())
        rated = (rating.c.pseudonym == summary.c.pseudonym, rating.c.module_id == summary.c.item_id,
                 rating.c.moment == test)
        values[f'efficacy_{test}_count'] = sa.select(sa.func.count()).where(*rated).scalar_subquery()
        values[f'efficacy_{test}_sum'] = (
            sa.select(sa.cast(sa.func.coalesce(sa.func.sum(rating.c.rating), 0), sa.Integer))
            .where(*rated).scalar_subquery())
    conn.execute(summary.update().where(summary.c.kind == 'module').values(values))


def downgrade() -> None:
    op.drop_index(op.f('ix_item_summary_school_key'), table_name='item_summary')
    op.drop_index(op.f('ix_item_summary_pseudonym'), table_name='item_summary')
    op.drop_index(op.f('ix_item_summary_class_key'), table_name='item_summary')
    op.drop_table('item_summary')
    for table in EVENT_TABLES:
        op.drop_index(op.f(f'ix_{table}_class_key'), table_name=table)
        op.drop_column(table, 'group')
        op.drop_column(table, 'class_key')
    op.drop_index(op.f('ix_classroom_research_key'), table_name='classroom')
    op.drop_column('classroom', 'comparison')
    op.drop_column('classroom', 'research_key')
    op.drop_index(op.f('ix_go_no_go_criterion_programme_id'), table_name='go_no_go_criterion')
    op.drop_table('go_no_go_criterion')
    op.drop_index(op.f('ix_programme_evaluator_programme_id'), table_name='programme_evaluator')
    op.drop_table('programme_evaluator')
    op.drop_table('programme_school')
    op.drop_table('programme')
