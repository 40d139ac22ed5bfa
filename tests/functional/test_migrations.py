"""The schema comes only from Alembic migrations, and they match the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import Migrate
from sqlalchemy import select

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


def test_checks_dated_before_the_dbs_become_crb_checks(people):
    """Migration 0022's data step records checks dated before 1 December 2012 as CRB checks."""
    import importlib.util
    from datetime import date

    from lms.vetting.models import VettingCheck

    path = next((ROOT / "migrations" / "versions").glob("0022_*.py"))
    spec = importlib.util.spec_from_file_location("migration_0022", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    person, coordinator = people["trainee"], people["coordinator"]
    for on in (date(2012, 11, 30), date(2012, 12, 1)):
        db.session.add(
            VettingCheck(
                person_id=person.id,
                scheme_id=person.scheme_id,
                level="enhanced",
                certificate_date=on,
                recheck_due=on.replace(year=on.year + 3),
                recorded_by_id=coordinator.id,
                kind="dbs",
            )
        )
    db.session.commit()
    db.session.execute(migration.crb_checks())
    db.session.commit()
    rows = db.session.scalars(select(VettingCheck).order_by(VettingCheck.certificate_date)).all()
    assert [check.kind for check in rows] == ["crb", "dbs"]
