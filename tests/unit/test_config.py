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


def test_audit_key_is_required_in_production(monkeypatch):
    """Outside development and tests the app will not start without AUDIT_KEY, and says why."""
    monkeypatch.setenv("SECRET_KEY", "a-session-secret")
    monkeypatch.delenv("AUDIT_KEY", raising=False)
    monkeypatch.setenv("LMS_ENV", "production")
    with pytest.raises(ConfigError, match=r"AUDIT_KEY is not set.*secret store"):
        load_config()
    monkeypatch.setenv("AUDIT_KEY", "an-audit-key-of-at-least-32-characters")
    assert load_config()["AUDIT_KEY"] == "an-audit-key-of-at-least-32-characters"


def test_audit_key_must_differ_from_secret_key(monkeypatch):
    """One leaked secret must not both forge sessions and rewrite the audit trail."""
    monkeypatch.setenv("SECRET_KEY", "the-same-value-for-both-and-long-enough")
    monkeypatch.setenv("AUDIT_KEY", "the-same-value-for-both-and-long-enough")
    with pytest.raises(ConfigError, match="AUDIT_KEY must differ from SECRET_KEY"):
        load_config()


def test_a_short_audit_key_is_refused_outside_development(monkeypatch):
    """Outside development and tests AUDIT_KEY needs 32 characters; the error says how to make
    one, and development and tests still accept a short key."""
    monkeypatch.setenv("SECRET_KEY", "a-session-secret")
    monkeypatch.setenv("AUDIT_KEY", "x" * 31)
    monkeypatch.setenv("LMS_ENV", "production")
    too_short = r"AUDIT_KEY is too short \(31 characters\).*token_urlsafe"
    with pytest.raises(ConfigError, match=too_short):
        load_config()
    monkeypatch.setenv("AUDIT_KEY", "x" * 32)
    assert load_config()["AUDIT_KEY"] == "x" * 32
    monkeypatch.setenv("AUDIT_KEY", "short")
    assert load_config({"TESTING": True})["AUDIT_KEY"] == "short"
    monkeypatch.setenv("LMS_ENV", "development")
    assert load_config()["AUDIT_KEY"] == "short"


def test_env_example_has_no_audit_key_that_would_pass(monkeypatch):
    """A copied .env.example must not start the app with a published audit key."""
    from dotenv import dotenv_values

    from tests.conftest import ROOT

    example = dotenv_values(ROOT / ".env.example")
    monkeypatch.setenv("SECRET_KEY", "a-session-secret")
    monkeypatch.setenv("LMS_ENV", "production")
    monkeypatch.setenv("AUDIT_KEY", example.get("AUDIT_KEY") or "")
    with pytest.raises(ConfigError, match=r"AUDIT_KEY is (not set|too short)"):
        load_config()
    assert "token_urlsafe" in (ROOT / ".env.example").read_text()


def test_development_and_tests_have_a_fixed_audit_key(monkeypatch):
    """make run and the tests work without an AUDIT_KEY of their own."""
    monkeypatch.delenv("AUDIT_KEY", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("LMS_ENV", "development")
    dev = load_config()
    assert dev["AUDIT_KEY"] and dev["AUDIT_KEY"] != dev["SECRET_KEY"]
    assert load_config({"TESTING": True})["AUDIT_KEY"]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("no-colon-here", "AUDIT_KEYS_OLD must be id:key pairs"),
        (":key-without-id", "AUDIT_KEYS_OLD must be id:key pairs"),
        ("1:reusing-the-current-id", "Give the new key a new id"),
    ],
)
def test_old_audit_keys_are_checked_at_start_up(monkeypatch, raw, message):
    """A mistyped AUDIT_KEYS_OLD is refused with a message saying how to write it."""
    monkeypatch.setenv("AUDIT_KEYS_OLD", raw)
    with pytest.raises(ConfigError, match=message):
        load_config({"TESTING": True})


def test_old_audit_keys_are_read_by_id(monkeypatch):
    """AUDIT_KEYS_OLD lists earlier keys by the AUDIT_KEY_ID they had."""
    monkeypatch.setenv("AUDIT_KEY_ID", "2026")
    monkeypatch.setenv("AUDIT_KEYS_OLD", "2024:first-key, 2025:second:key")
    config = load_config({"TESTING": True})
    assert config["AUDIT_KEYS_OLD"] == {"2024": "first-key", "2025": "second:key"}
