"""Settings from the environment."""

from __future__ import annotations

import pytest

from lms.config import ConfigError, load_config


def test_secret_key_is_required_in_production(monkeypatch):
    """Outside development and tests the app will not start without SECRET_KEY."""
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("LMS_ENV", "production")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config()


def test_development_has_a_default_secret_and_console_mail(monkeypatch):
    """make run works without any settings."""
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("MAIL_BACKEND", raising=False)
    monkeypatch.setenv("LMS_ENV", "development")
    config = load_config()
    assert config["SECRET_KEY"] and config["MAIL_BACKEND"] == "console"


def test_database_url_defaults_to_sqlite_under_instance(monkeypatch):
    """With no DATABASE_URL the database is a SQLite file in instance/."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = load_config({"TESTING": True})
    assert config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert config["SQLALCHEMY_DATABASE_URI"].endswith("instance/lms.sqlite3")


@pytest.mark.parametrize(
    "raw", ["postgres://u@h/db", "postgresql://u@h/db", "postgresql+psycopg://u@h/db"]
)
def test_postgres_urls_use_psycopg3(monkeypatch, raw):
    """Common PostgreSQL URL spellings all select the psycopg 3 driver."""
    monkeypatch.setenv("DATABASE_URL", raw)
    assert (
        load_config({"TESTING": True})["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    )


def test_mail_backend_in_tests_is_in_memory():
    """Tests never send real email."""
    assert load_config({"TESTING": True})["MAIL_BACKEND"] == "locmem"


def test_unknown_mail_backend_is_refused(monkeypatch):
    """A typo in MAIL_BACKEND is caught at start-up."""
    monkeypatch.setenv("MAIL_BACKEND", "smpt")
    monkeypatch.setenv("SECRET_KEY", "x")
    with pytest.raises(ConfigError, match="MAIL_BACKEND"):
        load_config()
