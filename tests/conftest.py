"""Shared fixtures: a migrated database per worker, emptied after each test; sign-in helpers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from lms import create_app
from lms.accounts.models import Role
from lms.extensions import db
from tests.factories import PASSWORD, make_person, make_scheme

ROOT = Path(__file__).resolve().parent.parent


RACES = "SQLite runs one writer at a time, so nothing races"


def pytest_collection_modifyitems(config, items) -> None:
    """Tests marked ``postgres_only`` run on PostgreSQL only; the marker's ``reason`` says why
    (by default: they race two transactions, and SQLite has one writer at a time)."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    for item in items:
        marker = item.get_closest_marker("postgres_only")
        if marker is not None:
            why = marker.kwargs.get("reason", RACES)
            item.add_marker(pytest.mark.skip(reason=f"needs PostgreSQL (DATABASE_URL): {why}"))


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def _database_url(tmp_root: Path) -> Iterator[str]:
    """SQLite file per worker by default; a throwaway database per run and worker on PostgreSQL.

    The PostgreSQL database is named after the one in DATABASE_URL plus the worker and process,
    so two test runs on one server never drop each other's data, and it is dropped afterwards.
    """
    raw = os.environ.get("DATABASE_URL", "")
    if not raw.startswith("postgres"):
        yield f"sqlite:///{tmp_root / f'test-{_worker()}.sqlite3'}"
        return
    from lms.config import _database_url as normalise

    url = make_url(normalise(raw))
    name = f"{url.database}_{_worker()}_{os.getpid()}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    urls = _database_url(tmp_path_factory.mktemp("db"))
    url = next(urls)
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "MIGRATIONS_DIR": str(ROOT / "migrations"),
        }
    )
    from flask_migrate import upgrade

    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        db.engine.dispose()
    yield url
    next(urls, None)


def _empty_tables() -> None:
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    else:
        db.session.execute(text("PRAGMA foreign_keys=OFF"))
        for table in tables:
            db.session.execute(text(f"DELETE FROM {table}"))  # noqa: S608 - our own table names
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("PRAGMA foreign_keys=ON"))
        db.session.commit()


@pytest.fixture(scope="session")
def credential_key() -> str:
    """A fresh Ed25519 issuer key for the run (PEM), so tests never write one under instance/."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from lms.credentials.keys import pem

    return pem(Ed25519PrivateKey.generate())


@pytest.fixture(scope="session")
def pdf_signing(tmp_path_factory) -> dict:
    """A PDF signing CA and certificate made once per session, never under instance/; valid
    from 2020, as tests set the clock back to issue on a given day."""
    from datetime import UTC, datetime

    from lms.certificates.signing_ca import make_signing_ca

    paths = make_signing_ca(
        tmp_path_factory.mktemp("pdf-signing"),
        "lms.test",
        valid_from=datetime(2020, 1, 1, tzinfo=UTC),
    )
    return {
        "PDF_SIGNING_KEY_FILE": str(paths.key),
        "PDF_SIGNING_CERT_FILE": str(paths.cert),
        "PDF_SIGNING_CHAIN_FILE": str(paths.ca),
    }


@pytest.fixture
def app_config(database_url: str, tmp_path: Path, pdf_signing: dict, credential_key: str) -> dict:
    """Settings for the test app; tests may change them before ``app`` is created."""
    return {
        **pdf_signing,
        "AUDIT_CHECKPOINT_PATH": str(tmp_path / "audit-checkpoints.jsonl"),
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "MIGRATIONS_DIR": str(ROOT / "migrations"),
        "SERVER_NAME": "lms.test",
        "BASE_URL": "http://lms.test",
        # localhost: what WSGI callers with no SERVER_NAME name (Schemathesis, test clients).
        "TRUSTED_HOSTS": ["lms.test", "localhost"],
        "RATELIMIT_SIGN_IN": "1000 per minute",
        "CREDENTIAL_SIGNING_KEY": credential_key,
        "CREDENTIALS_ISSUE_ENDPOINT": True,
    }


class IsolatedClient(FlaskClient):
    """Runs each request in its own app context, as a real server does.

    The test itself holds an app context for factories and queries; without this, requests
    would share its ``g`` and database session and hide bugs that only show in production.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def app(app_config: dict) -> Iterator[Flask]:
    app = create_app(app_config)
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.rollback()
        _empty_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def outbox(app: Flask) -> list:
    """Messages sent during the test (Flask-Mailman's in-memory backend)."""
    state = app.extensions["mailman"]
    state.outbox = []
    return state.outbox


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def scheme(app: Flask):
    return make_scheme("demo", "Demo Scheme")


@pytest.fixture
def people(app: Flask, scheme) -> dict[str, object]:
    """One account per role in the ``demo`` scheme."""
    made = {
        role.value: make_person(f"{role.value}@example.org", role.value.title(), [role], scheme)
        for role in Role
    }
    db.session.commit()
    return made


def csrf_token(client: FlaskClient, path: str = "/sign-in") -> str:
    """Fetch a page and read the CSRF token from its form."""
    import re

    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html
    )
    if match is None and not client.application.config.get("WTF_CSRF_ENABLED", True):
        return ""
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD):
    token = csrf_token(client)
    return client.post("/sign-in", data={"email": email, "password": password, "csrf_token": token})


@pytest.fixture
def login(client: FlaskClient, people):
    """``login("trainer")`` signs the client in as that role's demo person and returns them."""

    def _login(role: str):
        person = people[role]
        response = sign_in(client, person.email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return person

    return _login
