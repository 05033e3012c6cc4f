"""submission: the cohort's report due date and declaration; frozen submissions

Revision ID: 0005_submission
Revises: 0004_export_settings
Create Date: 2026-11-27 10:00:00

- `cohorts.report_due_on` and `cohorts.declaration_text`: set by a facilitator; the Word
  report prints the declaration, and a submission after the due day is marked late.
- `submissions`: each freeze of a team's report, with every section's text and version as JSON
  and the .docx with its SHA-256. A partial unique index lets at most one submission of a team
  stand (not reopened) at a time.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0005_submission"
down_revision = "0004_export_settings"
branch_labels = None
depends_on = None

STANDING = "reopened_at IS NULL"


def upgrade():
    with op.batch_alter_table("cohorts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("report_due_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("declaration_text", sa.Text(), nullable=True))

    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("word_count", sa.Integer(), nullable=False),
        sa.Column("sections", sa.JSON(), nullable=False),
        sa.Column("docx", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("failed_parts", sa.JSON(), nullable=False),
        sa.Column("reopened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reopened_by_id", sa.Integer(), nullable=True),
        sa.Column("reopen_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_submissions_team_id_teams"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["submitted_by_id"], ["users.id"], name=op.f("fk_submissions_submitted_by_id_users"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["reopened_by_id"], ["users.id"], name=op.f("fk_submissions_reopened_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submissions")),
        sa.UniqueConstraint("team_id", "number", name="uq_submissions_team_id_number"),
    )
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_submissions_team_id"), ["team_id"], unique=False)
        batch_op.create_index("uq_submissions_standing", ["team_id"], unique=True,
                              sqlite_where=sa.text(STANDING), postgresql_where=sa.text(STANDING))


def downgrade():
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_index("uq_submissions_standing")
        batch_op.drop_index(batch_op.f("ix_submissions_team_id"))
    op.drop_table("submissions")
    with op.batch_alter_table("cohorts", schema=None) as batch_op:
        batch_op.drop_column("declaration_text")
        batch_op.drop_column("report_due_on")
