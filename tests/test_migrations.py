"""The migrations are the schema: one head, models match `upgrade head`, down and up again."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from workspace import create_app
from workspace.config import PROJECT_ROOT
from workspace.extensions import db

from .conftest import _test_config


@pytest.fixture
def scratch_app(tmp_path, database_url):
    """An app on its own empty database (a separate schema on PostgreSQL)."""
    if database_url.startswith("postgresql"):
        engine = create_engine(database_url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS migration_check CASCADE"))
            conn.execute(text("CREATE SCHEMA migration_check"))
        engine.dispose()
        url = database_url + ("&" if "?" in database_url else "?") + "options=-csearch_path%3Dmigration_check"
    else:
        url = f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
    app = create_app(_test_config(url, tmp_path / "instance"))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    if database_url.startswith("postgresql"):
        engine = create_engine(database_url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS migration_check CASCADE"))
        engine.dispose()


def _script() -> ScriptDirectory:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    return ScriptDirectory.from_config(config)


def test_single_head():
    assert len(_script().get_heads()) == 1


def _diff() -> list:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_models_match_upgrade_head(scratch_app):
    upgrade()
    assert _diff() == []


def test_downgrade_to_base_and_upgrade_again(scratch_app):
    upgrade()
    downgrade(revision="base")
    tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert tables == set()
    upgrade()
    assert _diff() == []


def test_every_revision_steps_down_and_up(scratch_app):
    revisions = list(reversed(list(_script().walk_revisions())))
    upgrade()
    for revision in reversed(revisions):
        downgrade(revision=revision.down_revision or "base")
    for revision in revisions:
        upgrade(revision=revision.revision)
    assert _diff() == []
