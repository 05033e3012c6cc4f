"""auth hardening: atomic rate-limit counters, token expiry, case-folded name keys

Revision ID: 0003_auth_hardening
Revises: 0002_report
Create Date: 2026-11-25 23:10:00

- `rate_limit_counters` replaces `login_failures`: one fixed-window counter per key, counted
  by a single atomic upsert (the old table counted with a SELECT, which parallel requests raced).
- `api_tokens.expires_at`: tokens made from now on expire (90 days unless chosen otherwise);
  existing tokens keep working until revoked (None means no expiry).
- `password_resets`: one-time links to choose a new password (only a hash of each is stored).
- `name_key` on organisations, cohorts and teams: a SHA-256 of the NFKC case-folded name with a
  unique index, so "Ünïcødé" and "üNÏCØDÉ" clash on SQLite as on PostgreSQL. Filled here; an
  existing row whose key clashes with an earlier one gets " (<id>)" added to its name.
"""
import hashlib
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0003_auth_hardening"
down_revision = "0002_report"
branch_labels = None
depends_on = None


def _name_key(name: str) -> str:
    # A frozen copy of workspace.models.name_key: a migration must not change when the app does.
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return hashlib.sha256(folded.encode()).hexdigest()


#: table -> the columns a name must be unique within (besides the name itself)
NAMED_TABLES = {"organisations": (), "cohorts": (), "teams": ("cohort_id",)}


def _fill_name_keys(table: str, scope: tuple[str, ...]) -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.text(f"SELECT id, name{''.join(', ' + c for c in scope)} FROM {table} ORDER BY id")).all()
    seen = set()
    for row in rows:
        name = row.name
        key = (tuple(getattr(row, c) for c in scope), _name_key(name))
        if key in seen:  # a duplicate the old lower() check missed: keep both, renamed
            name = f"{name} ({row.id})"
            key = (key[0], _name_key(name))
        seen.add(key)
        connection.execute(
            sa.text(f"UPDATE {table} SET name = :name, name_key = :key WHERE id = :id"),
            {"name": name, "key": key[1], "id": row.id},
        )


def upgrade():
    op.create_table(
        "rate_limit_counters",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("window_ends", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_limit_counters")),
    )
    with op.batch_alter_table("rate_limit_counters", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rate_limit_counters_window_ends"), ["window_ends"], unique=False)

    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.drop_index("ix_login_failures_key_at")
    op.drop_table("login_failures")

    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))

    for table, scope in NAMED_TABLES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("name_key", sa.String(length=64), nullable=True))
        _fill_name_keys(table, scope)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("name_key", existing_type=sa.String(length=64), nullable=False)
            batch_op.create_unique_constraint(f"uq_{table}_{'_'.join((*scope, 'name_key'))}", [*scope, "name_key"])


    op.create_table(
        "password_resets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_password_resets_created_by_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_password_resets_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_resets")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_password_resets_token_hash")),
    )
    with op.batch_alter_table("password_resets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_password_resets_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("password_resets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_password_resets_user_id"))
    op.drop_table("password_resets")

    for table, scope in NAMED_TABLES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"uq_{table}_{'_'.join((*scope, 'name_key'))}", type_="unique")
            batch_op.drop_column("name_key")

    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_column("expires_at")

    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failures")),
    )
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.create_index("ix_login_failures_key_at", ["key", "at"], unique=False)

    with op.batch_alter_table("rate_limit_counters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rate_limit_counters_window_ends"))
    op.drop_table("rate_limit_counters")
