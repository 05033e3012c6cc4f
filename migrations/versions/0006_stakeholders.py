"""stakeholders: the register, its score history and the relationships between stakeholders

Revision ID: 0006_stakeholders
Revises: 0005_submission
Create Date: 2026-12-06 05:24:08

- `stakeholders`: one row per person or group on a team's register, with the engagement plan,
  tags, the "9 Cs" they answer and two confidentiality flags. Deleting one sets `deleted_at`
  (kept for the audit trail and the history). `version` guards every update; `field_versions`
  says at which version each field last changed, so a stale write conflicts only on fields
  someone else changed.
- `stakeholder_changes`: the scores after each change of power, interest or attitude (the
  first values too), dated, for "then vs now" and each stakeholder's trend.
- `stakeholder_links`: influences, reports to, works with, is in conflict with; never to itself,
  never twice the same.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_stakeholders'
down_revision = '0005_submission'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stakeholders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('organisation', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=120), nullable=False),
    sa.Column('duplicate_key', sa.String(length=64), nullable=False),
    sa.Column('category', sa.String(length=30), nullable=False),
    sa.Column('power', sa.Integer(), nullable=False),
    sa.Column('interest', sa.Integer(), nullable=False),
    sa.Column('attitude', sa.Integer(), nullable=True),
    sa.Column('desired_attitude', sa.Integer(), nullable=True),
    sa.Column('impact', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('engagement_actions', sa.Text(), nullable=False),
    sa.Column('channel', sa.String(length=120), nullable=False),
    sa.Column('frequency', sa.String(length=20), nullable=True),
    sa.Column('last_contact_on', sa.Date(), nullable=True),
    sa.Column('next_contact_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('nine_cs', sa.JSON(), nullable=False),
    sa.Column('confidential', sa.Boolean(), nullable=False),
    sa.Column('attitude_confidential', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('field_versions', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("category IN ('icb', 'acute_trust', 'community_trust', 'mental_health_trust', 'primary_care', 'local_authority', 'voluntary_sector', 'public', 'staff_group', 'regulator', 'other')", name=op.f('ck_stakeholders_category')),
    sa.CheckConstraint('attitude BETWEEN -2 AND 2', name=op.f('ck_stakeholders_attitude')),
    sa.CheckConstraint('desired_attitude BETWEEN -2 AND 2', name=op.f('ck_stakeholders_desired_attitude')),
    sa.CheckConstraint('interest BETWEEN 1 AND 5', name=op.f('ck_stakeholders_interest')),
    sa.CheckConstraint('power BETWEEN 1 AND 5', name=op.f('ck_stakeholders_power')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_stakeholders_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_stakeholders_owner_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_stakeholders_team_id_teams'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_stakeholders_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stakeholders'))
    )
    with op.batch_alter_table('stakeholders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stakeholders_next_contact_on'), ['next_contact_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_stakeholders_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stakeholders_team_id'), ['team_id'], unique=False)
        batch_op.create_index('ix_stakeholders_team_id_duplicate_key', ['team_id', 'duplicate_key'], unique=False)

    op.create_table('stakeholder_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stakeholder_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('power', sa.Integer(), nullable=False),
    sa.Column('interest', sa.Integer(), nullable=False),
    sa.Column('attitude', sa.Integer(), nullable=True),
    sa.Column('desired_attitude', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_stakeholder_changes_changed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['stakeholder_id'], ['stakeholders.id'], name=op.f('fk_stakeholder_changes_stakeholder_id_stakeholders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_stakeholder_changes_team_id_teams'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stakeholder_changes'))
    )
    with op.batch_alter_table('stakeholder_changes', schema=None) as batch_op:
        batch_op.create_index('ix_stakeholder_changes_stakeholder_id_changed_at', ['stakeholder_id', 'changed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_stakeholder_changes_team_id'), ['team_id'], unique=False)

    op.create_table('stakeholder_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('influences', 'reports_to', 'works_with', 'conflicts_with')", name=op.f('ck_stakeholder_links_kind')),
    sa.CheckConstraint('source_id <> target_id', name=op.f('ck_stakeholder_links_not_itself')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_stakeholder_links_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['source_id'], ['stakeholders.id'], name=op.f('fk_stakeholder_links_source_id_stakeholders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_id'], ['stakeholders.id'], name=op.f('fk_stakeholder_links_target_id_stakeholders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_stakeholder_links_team_id_teams'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stakeholder_links')),
    sa.UniqueConstraint('source_id', 'target_id', 'kind', name='uq_stakeholder_links_source_id_target_id_kind')
    )
    with op.batch_alter_table('stakeholder_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stakeholder_links_source_id'), ['source_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stakeholder_links_target_id'), ['target_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stakeholder_links_team_id'), ['team_id'], unique=False)



def downgrade():
    with op.batch_alter_table('stakeholder_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stakeholder_links_team_id'))
        batch_op.drop_index(batch_op.f('ix_stakeholder_links_target_id'))
        batch_op.drop_index(batch_op.f('ix_stakeholder_links_source_id'))

    op.drop_table('stakeholder_links')
    with op.batch_alter_table('stakeholder_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stakeholder_changes_team_id'))
        batch_op.drop_index('ix_stakeholder_changes_stakeholder_id_changed_at')

    op.drop_table('stakeholder_changes')
    with op.batch_alter_table('stakeholders', schema=None) as batch_op:
        batch_op.drop_index('ix_stakeholders_team_id_duplicate_key')
        batch_op.drop_index(batch_op.f('ix_stakeholders_team_id'))
        batch_op.drop_index(batch_op.f('ix_stakeholders_owner_id'))
        batch_op.drop_index(batch_op.f('ix_stakeholders_next_contact_on'))

    op.drop_table('stakeholders')
