"""The schema comes only from Alembic migrations, and they match the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import Migrate

from lms.extensions import db
from tests.conftest import ROOT


def test_migrations_have_a_single_head(app):
    """Two heads mean two branches of migrations that were never merged."""
    config = app.extensions["migrate"].migrate.get_config(str(ROOT / "migrations"))
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"more than one migration head: {heads}"


def test_models_and_migrations_agree(app):
    """A model change without a migration (or the reverse) fails here."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"run `flask --app lms db migrate`: models and migrations differ: {diff}"


def test_migrate_extension_is_configured(app):
    """Flask-Migrate is attached so `flask db upgrade` works."""
    assert isinstance(app.extensions["migrate"].migrate, Migrate)
