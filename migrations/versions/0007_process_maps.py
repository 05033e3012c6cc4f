"""process maps: maps, their lanes, steps, branches and sticky notes (issue 10)

Revision ID: 0007_process_maps
Revises: 0006_stakeholders
Create Date: 2026-12-06 08:56:03

- `process_maps`: a current or future state map of a pathway; a future map names the current
  map it redesigns (`redesigns_id`, SET NULL if that goes). `version` counts every change to the
  map or anything on it (the drag script's guard). Deleting one sets `deleted_at`.
- `process_lanes`: the swimlane rows, ordered by `position`; the first is the patient or citizen.
- `process_steps`: in map order (`position`), each in a lane (a lane with steps cannot be
  dropped: RESTRICT), with its kind, minutes (0 to ten years), wait before it, value and paper flag.
- `process_branches`: labelled ways out of a step to another step of the same map.
- `process_notes`: sticky notes (pain point, idea, question) with their author; `change_idea_id`
  is kept ready for the QI issue's change ideas.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_process_maps'
down_revision = '0006_stakeholders'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('process_maps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('redesigns_id', sa.Integer(), nullable=True),
    sa.Column('scope', sa.String(length=300), nullable=False),
    sa.Column('start_point', sa.String(length=300), nullable=False),
    sa.Column('end_point', sa.String(length=300), nullable=False),
    sa.Column('mapped_on', sa.Date(), nullable=True),
    sa.Column('participants', sa.String(length=300), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("state IN ('current', 'future')", name=op.f('ck_process_maps_state')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_process_maps_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['redesigns_id'], ['process_maps.id'], name=op.f('fk_process_maps_redesigns_id_process_maps'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_process_maps_team_id_teams'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_process_maps_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_process_maps'))
    )
    with op.batch_alter_table('process_maps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_process_maps_redesigns_id'), ['redesigns_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_process_maps_team_id'), ['team_id'], unique=False)

    op.create_table('process_lanes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('map_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['map_id'], ['process_maps.id'], name=op.f('fk_process_lanes_map_id_process_maps'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_process_lanes_team_id_teams'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_process_lanes'))
    )
    with op.batch_alter_table('process_lanes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_process_lanes_map_id'), ['map_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_process_lanes_team_id'), ['team_id'], unique=False)

    op.create_table('process_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('map_id', sa.Integer(), nullable=False),
    sa.Column('lane_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('wait_minutes', sa.Integer(), nullable=False),
    sa.Column('value', sa.String(length=4), nullable=True),
    sa.Column('paper', sa.Boolean(), nullable=False),
    sa.CheckConstraint("kind IN ('start', 'step', 'decision', 'wait', 'handoff', 'end')", name=op.f('ck_process_steps_kind')),
    sa.CheckConstraint("value IN ('va', 'nva', 'bnva')", name=op.f('ck_process_steps_value')),
    sa.CheckConstraint('minutes BETWEEN 0 AND 5270400', name=op.f('ck_process_steps_minutes')),
    sa.CheckConstraint('wait_minutes BETWEEN 0 AND 5270400', name=op.f('ck_process_steps_wait_minutes')),
    sa.ForeignKeyConstraint(['lane_id'], ['process_lanes.id'], name=op.f('fk_process_steps_lane_id_process_lanes'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['map_id'], ['process_maps.id'], name=op.f('fk_process_steps_map_id_process_maps'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_process_steps_team_id_teams'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_process_steps'))
    )
    with op.batch_alter_table('process_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_process_steps_lane_id'), ['lane_id'], unique=False)
        batch_op.create_index('ix_process_steps_map_id_position', ['map_id', 'position'], unique=False)
        batch_op.create_index(batch_op.f('ix_process_steps_team_id'), ['team_id'], unique=False)

    op.create_table('process_branches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('map_id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.Integer(), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('step_id <> target_id', name=op.f('ck_process_branches_not_itself')),
    sa.ForeignKeyConstraint(['map_id'], ['process_maps.id'], name=op.f('fk_process_branches_map_id_process_maps'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['step_id'], ['process_steps.id'], name=op.f('fk_process_branches_step_id_process_steps'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_id'], ['process_steps.id'], name=op.f('fk_process_branches_target_id_process_steps'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_process_branches_team_id_teams'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_process_branches'))
    )
    with op.batch_alter_table('process_branches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_process_branches_map_id'), ['map_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_process_branches_step_id'), ['step_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_process_branches_target_id'), ['target_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_process_branches_team_id'), ['team_id'], unique=False)

    op.create_table('process_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('map_id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('author_name', sa.String(length=120), nullable=False),
    sa.Column('change_idea_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('pain_point', 'idea', 'question')", name=op.f('ck_process_notes_kind')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_process_notes_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['map_id'], ['process_maps.id'], name=op.f('fk_process_notes_map_id_process_maps'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['step_id'], ['process_steps.id'], name=op.f('fk_process_notes_step_id_process_steps'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_process_notes_team_id_teams'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_process_notes'))
    )
    with op.batch_alter_table('process_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_process_notes_map_id'), ['map_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_process_notes_step_id'), ['step_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_process_notes_team_id'), ['team_id'], unique=False)



def downgrade():
    with op.batch_alter_table('process_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_process_notes_team_id'))
        batch_op.drop_index(batch_op.f('ix_process_notes_step_id'))
        batch_op.drop_index(batch_op.f('ix_process_notes_map_id'))

    op.drop_table('process_notes')
    with op.batch_alter_table('process_branches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_process_branches_team_id'))
        batch_op.drop_index(batch_op.f('ix_process_branches_target_id'))
        batch_op.drop_index(batch_op.f('ix_process_branches_step_id'))
        batch_op.drop_index(batch_op.f('ix_process_branches_map_id'))

    op.drop_table('process_branches')
    with op.batch_alter_table('process_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_process_steps_team_id'))
        batch_op.drop_index('ix_process_steps_map_id_position')
        batch_op.drop_index(batch_op.f('ix_process_steps_lane_id'))

    op.drop_table('process_steps')
    with op.batch_alter_table('process_lanes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_process_lanes_team_id'))
        batch_op.drop_index(batch_op.f('ix_process_lanes_map_id'))

    op.drop_table('process_lanes')
    with op.batch_alter_table('process_maps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_process_maps_team_id'))
        batch_op.drop_index(batch_op.f('ix_process_maps_redesigns_id'))

    op.drop_table('process_maps')
