"""export settings: where a team places each exported part, main text or appendix

Revision ID: 0004_export_settings
Revises: 0003_auth_hardening
Create Date: 2026-11-26 09:00:00

One row per team and part ("<provider>/<part key>"); a part without a row keeps the placement
its capability gives it.
"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = "0004_export_settings"
down_revision = "0003_auth_hardening"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('export_settings',
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('part_key', sa.String(length=160), nullable=False),
    sa.Column('placement', sa.String(length=10), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("placement IN ('main', 'appendix')", name=op.f('ck_export_settings_placement')),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_export_settings_team_id_teams'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_export_settings_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('team_id', 'part_key', name=op.f('pk_export_settings'))
    )


def downgrade():
    op.drop_table('export_settings')
