"""Settings read from the environment, with safe defaults for development and tests."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

# The site's name in pages, emails, errors and the credentials it signs.
PRODUCT_NAME = "Peer Mentor Training"

ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET = "dev-only-secret-not-for-production"  # noqa: S105 - refused outside development
DEV_AUDIT_KEY = "dev-only-audit-key-not-for-production"
AUDIT_KEY_MIN_LENGTH = 32  # outside development and tests; token_urlsafe(48) gives 64


class ConfigError(RuntimeError):
    """Raised when the environment does not describe a runnable application."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _default_database_url() -> str:
    path = ROOT / "instance" / "lms.sqlite3"
    return f"sqlite:///{path}"


def _database_url(raw: str) -> str:
    """Accept the URL forms hosting platforms hand out and pick the psycopg 3 driver."""
    if raw.startswith("postgres://"):
        raw = "postgresql://" + raw[len("postgres://") :]
    if raw.startswith("postgresql://"):
        raw = "postgresql+psycopg://" + raw[len("postgresql://") :]
    return raw


def _default_jobs_url() -> str:
    return f"sqlite:///{ROOT / 'instance' / 'jobs.sqlite3'}"


def _hosts(raw: str) -> list[str]:
    return [host.strip() for host in raw.split(",") if host.strip()]


def _trusted_hosts(config: dict[str, Any]) -> list[str]:
    """The hosts requests may name: BASE_URL's, plus the loopback names in development."""
    hosts = [urlsplit(config["BASE_URL"]).hostname or ""]
    if config["ENV_NAME"] == "development":
        hosts += ["localhost", "127.0.0.1"]
    return [host for host in dict.fromkeys(hosts) if host]


def _old_audit_keys(raw: str) -> dict[str, str]:
    """``AUDIT_KEYS_OLD``: ``id:key`` pairs separated by commas, for events sealed before a
    rotation. A pair without an id, or an empty key, is refused at start-up."""
    keys: dict[str, str] = {}
    for pair in filter(None, (part.strip() for part in raw.split(","))):
        key_id, sep, key = pair.partition(":")
        if not sep or not key_id.strip() or not key:
            raise ConfigError(
                "AUDIT_KEYS_OLD must be id:key pairs separated by commas, for example "
                "AUDIT_KEYS_OLD=2025:the-old-key (the id is the old AUDIT_KEY_ID)."
            )
        keys[key_id.strip()] = key
    return keys


def _engine_options(config: dict[str, Any]) -> dict[str, Any]:
    """The main pool's options: on a database server, SQLAlchemy's pessimistic disconnect check.

    ``pool_pre_ping`` tests each connection as it leaves the pool and replaces it (and every
    older one) if the server dropped it, so after a restart or failover pages work again at
    once. It costs one tiny round trip per request on the main pool; certificate checks read
    through their own pool (``lms.db.read_row``), which retries after a drop instead. A SQLite
    file has no server to lose, so it is not pinged.
    """
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if not str(config["SQLALCHEMY_DATABASE_URI"]).startswith("sqlite"):
        options.setdefault("pool_pre_ping", True)
    return options


def load_config(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the settings for one app, from the environment and then ``overrides``."""
    env = os.environ
    overrides = dict(overrides or {})
    environment = overrides.get("ENV_NAME") or env.get("LMS_ENV", "production")
    testing = bool(overrides.get("TESTING", False))
    development = environment == "development"

    config: dict[str, Any] = {
        "ENV_NAME": environment,
        "TESTING": testing,
        "SECRET_KEY": env.get("SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": _database_url(
            env.get("DATABASE_URL") or _default_database_url()
        ),
        # Recycle connections before servers drop idle ones; a database server is also pinged
        # at each checkout (below), so a restart costs no request an error.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_recycle": 1800},
        "SERVER_NAME": env.get("SERVER_NAME") or None,
        "PREFERRED_URL_SCHEME": env.get("PREFERRED_URL_SCHEME", "http"),
        "BASE_URL": env.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        # The service's own contact address, offered on a verification page when the scheme
        # that issued the certificate has recorded none.
        "CONTACT_EMAIL": (env.get("CONTACT_EMAIL") or "").strip() or None,
        # Hosts a request may name (Flask checks Host against them: 400 otherwise); by
        # default BASE_URL's. Links that leave the site are built from BASE_URL alone.
        "TRUSTED_HOSTS": _hosts(env["TRUSTED_HOSTS"]) if env.get("TRUSTED_HOSTS") else None,
        # Reverse proxies in front of the app whose X-Forwarded-For and -Proto are believed.
        "TRUSTED_PROXIES": int(env.get("TRUSTED_PROXIES", "0")),
        "MAX_CONTENT_LENGTH": int(env.get("MAX_CONTENT_LENGTH", str(1024 * 1024))),
        # Cookies: HttpOnly and SameSite=Lax always; Secure when the site is served over HTTPS.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool(env.get("SESSION_COOKIE_SECURE")),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _bool(env.get("SESSION_COOKIE_SECURE")),
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=int(env.get("SESSION_HOURS", "12"))),
        # A sign-in ends this long after the person's last request (each one renews it). Pages
        # where someone writes warn this many seconds before, with a "Stay signed in" button.
        "SESSION_WARNING_SECONDS": int(env.get("SESSION_WARNING_SECONDS", "120")),
        # Answer text sent after a sign-in ended is held this long for its writer to sign in.
        "HELD_ANSWER_HOURS": int(env.get("HELD_ANSWER_HOURS", "24")),
        "WTF_CSRF_TIME_LIMIT": None,
        # Pages, CSS, JS and JSON go out compressed to browsers that accept it (lms/compression.py):
        # brotli, else gzip (all some phones' browsers take). Streams (CSV exports, a range of a
        # file) are sent as they are.
        "COMPRESS_MIMETYPES": [
            "text/html",
            "text/css",
            "text/javascript",
            "application/javascript",
            "application/json",
            "image/svg+xml",
        ],
        "COMPRESS_ALGORITHM": ["br", "gzip"],
        "COMPRESS_STREAMS": False,
        # Rate limits live in Redis when several app servers share them.
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        # While that Redis is down, the same limits are counted in each process's memory: the
        # site still answers (no 500) and each server still limits (per process, not shared).
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SIGN_IN": env.get("RATELIMIT_SIGN_IN", "10 per minute;50 per hour"),
        # Certificate checks (/verify/<number> and the API together), per client.
        "RATELIMIT_VERIFY": env.get("RATELIMIT_VERIFY", "60 per minute"),
        # Mail: smtp in production, console in development, locmem in tests.
        "MAIL_BACKEND": env.get("MAIL_BACKEND", "console" if development else "smtp"),
        "MAIL_SERVER": env.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": int(env.get("MAIL_PORT", "25")),
        "MAIL_USERNAME": env.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD"),
        "MAIL_USE_TLS": _bool(env.get("MAIL_USE_TLS")),
        "MAIL_USE_SSL": _bool(env.get("MAIL_USE_SSL")),
        "MAIL_DEFAULT_SENDER": env.get(
            "MAIL_DEFAULT_SENDER", f"{PRODUCT_NAME} <no-reply@localhost>"
        ),
        # Seconds to wait for the mail server before an attempt counts as failed.
        "MAIL_TIMEOUT": int(env.get("MAIL_TIMEOUT", "30")),
        # The job queue the outbox worker reads: a SQLite file, or redis:// for several machines.
        "JOBS_URL": env.get("JOBS_URL") or _default_jobs_url(),
        "JOBS_IMMEDIATE": _bool(env.get("JOBS_IMMEDIATE")),
        # The queue's name: sites (or test runs) sharing one Redis each use their own.
        "JOBS_QUEUE": env.get("JOBS_QUEUE", "lms"),
        # Outbox delivery: attempts before a message is a dead letter, and the first retry's wait
        # (doubled at each further attempt).
        "OUTBOX_MAX_ATTEMPTS": int(env.get("OUTBOX_MAX_ATTEMPTS", "8")),
        "OUTBOX_BACKOFF_SECONDS": int(env.get("OUTBOX_BACKOFF_SECONDS", "60")),
        "INVITATION_MAX_AGE": timedelta(days=int(env.get("INVITATION_DAYS", "7"))),
        "PASSWORD_RESET_MAX_AGE": timedelta(hours=int(env.get("PASSWORD_RESET_HOURS", "2"))),
        "EMAIL_CONFIRM_MAX_AGE": timedelta(hours=int(env.get("EMAIL_CONFIRM_HOURS", "48"))),
        # A printed sign-in card's one-time code works this long (lms/accounts/cards.py).
        "SIGN_IN_CARD_MAX_AGE": timedelta(days=int(env.get("SIGN_IN_CARD_DAYS", "14"))),
        "PASSWORD_HASH_CHEAP": False,
        "PAGE_SIZE": int(env.get("PAGE_SIZE", "25")),
        "SCENARIO_CLAIM_MINUTES": int(env.get("SCENARIO_CLAIM_MINUTES", "60")),
        "SCENARIO_MAX_ATTEMPTS": int(env.get("SCENARIO_MAX_ATTEMPTS", "3")),
        "SCENARIO_MAX_WORDS": int(env.get("SCENARIO_MAX_WORDS", "1000")),
        # seed-demo renders each demo certificate's PDF with WeasyPrint; tests get a one-page
        # placeholder instead (a test that needs real ones sets this back to True).
        "DEMO_REAL_PDFS": True,
        # The audit trail is sealed with HMAC under a key the database never holds; the id
        # is written on every event so a rotated key's events still verify (AUDIT_KEYS_OLD).
        "AUDIT_KEY": env.get("AUDIT_KEY"),
        "AUDIT_KEY_ID": env.get("AUDIT_KEY_ID", "1"),
        "AUDIT_KEYS_OLD": _old_audit_keys(env.get("AUDIT_KEYS_OLD", "")),
        # Signed checkpoints of the trail's head are appended here (keep a copy off the host).
        "AUDIT_CHECKPOINT_PATH": env.get(
            "AUDIT_CHECKPOINT_PATH", str(ROOT / "instance" / "audit-checkpoints.jsonl")
        ),
        # Open Badges credentials (lms/credentials): the issuer's Ed25519 key, from the environment
        # (PEM PKCS#8 or a base64url 32-byte seed) or a PEM key file; never the database.
        "CREDENTIAL_SIGNING_KEY": env.get("CREDENTIAL_SIGNING_KEY") or None,
        "CREDENTIAL_KEY_FILE": env.get("CREDENTIAL_KEY_FILE") or None,
        "CREDENTIAL_LINK_MINUTES": int(env.get("CREDENTIAL_LINK_MINUTES", "15")),  # wallet QR
        # POST /credentials/issue signs whatever it is sent: for the W3C test suites, never live.
        "CREDENTIALS_ISSUE_ENDPOINT": _bool(env.get("CREDENTIALS_ISSUE_ENDPOINT")),
        # Certificate PDFs are signed (PAdES) with these files (lms/certificates/signing.py): made
        # under instance/ in development when unset; refused in production unless PDF_SIGNING=off.
        "PDF_SIGNING": env.get("PDF_SIGNING", "on"),
        "PDF_SIGNING_KEY_FILE": env.get("PDF_SIGNING_KEY_FILE") or None,
        "PDF_SIGNING_CERT_FILE": env.get("PDF_SIGNING_CERT_FILE") or None,
        "PDF_SIGNING_CHAIN_FILE": env.get("PDF_SIGNING_CHAIN_FILE") or None,
        "PDF_SIGNING_KEY_PASSPHRASE": env.get("PDF_SIGNING_KEY_PASSPHRASE") or None,
        "PDF_TIMESTAMP_URL": env.get("PDF_TIMESTAMP_URL") or None,  # RFC 3161: B-LTA when set
        "PDF_TIMESTAMP_CA_FILE": env.get("PDF_TIMESTAMP_CA_FILE") or None,  # the TSA's root
        "PDF_PRINTER": env.get("PDF_PRINTER", "process"),  # certificates/printer.py, or inline
        "PDF_PRINT_SECONDS": int(env.get("PDF_PRINT_SECONDS", "30")),  # below nginx's 60 s
    }
    if development:
        config["SECRET_KEY"] = config["SECRET_KEY"] or DEV_SECRET
        config["AUDIT_KEY"] = config["AUDIT_KEY"] or DEV_AUDIT_KEY
    if testing:
        config.update(
            SECRET_KEY=config["SECRET_KEY"] or "test-secret",
            AUDIT_KEY=config["AUDIT_KEY"] or "test-audit-key",
            MAIL_BACKEND="locmem",
            JOBS_IMMEDIATE=True,
            PASSWORD_HASH_CHEAP=True,
            RATELIMIT_STORAGE_URI="memory://",
            DEMO_REAL_PDFS=False,
        )
    config.update(overrides)
    config["BASE_URL"] = config["BASE_URL"].rstrip("/")
    base = urlsplit(config["BASE_URL"])
    if base.scheme not in {"http", "https"} or not base.hostname or base.query or base.fragment:
        raise ConfigError(
            "BASE_URL must be the site's public address, such as https://mentors.example.org "
            f"(got {config['BASE_URL']!r})."
        )
    if not config.get("TRUSTED_HOSTS"):
        config["TRUSTED_HOSTS"] = _trusted_hosts(config)
    if config.get("CREDENTIALS_ISSUE_ENDPOINT") and not (
        config.get("TESTING") or config["ENV_NAME"] == "development"
    ):
        raise ConfigError(
            "CREDENTIALS_ISSUE_ENDPOINT opens an endpoint that signs whatever it is sent, for "
            "the W3C test suites on your own machine: it cannot be on in production. Unset it."
        )
    if config["TRUSTED_PROXIES"] < 0:
        raise ConfigError("TRUSTED_PROXIES must be 0 or more: the number of proxies in front.")
    config["SQLALCHEMY_ENGINE_OPTIONS"] = _engine_options(config)
    if not config.get("SECRET_KEY"):
        raise ConfigError(
            "SECRET_KEY is not set. Set it in the environment to a long random value, "
            'for example: python -c "import secrets; print(secrets.token_urlsafe(48))"'
        )
    contact = config.get("CONTACT_EMAIL")
    if contact and not re.fullmatch(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+", contact):
        raise ConfigError(
            "CONTACT_EMAIL must be one email address, such as help@mentors.example.org "
            f"(got {contact!r})."
        )
    if config["MAIL_BACKEND"] not in {"smtp", "console", "locmem", "dummy"}:
        raise ConfigError("MAIL_BACKEND must be one of smtp, console, locmem or dummy.")
    if config["PDF_PRINTER"] not in {"process", "inline"}:
        raise ConfigError("PDF_PRINTER must be process (the default: a small process) or inline.")
    if not config["JOBS_URL"].startswith(("sqlite:///", "redis://", "rediss://")):
        raise ConfigError("JOBS_URL must be sqlite:///path/to/jobs.sqlite3 or redis://host:6379/0.")
    if not config.get("AUDIT_KEY"):
        raise ConfigError(
            "AUDIT_KEY is not set. It seals the audit trail, so keep it in a secret store, "
            "not in the database or its backups. Set it to a long random value different "
            'from SECRET_KEY, for example: python -c "import secrets; '
            'print(secrets.token_urlsafe(48))"'
        )
    if not (development or testing) and len(config["AUDIT_KEY"]) < AUDIT_KEY_MIN_LENGTH:
        raise ConfigError(
            f"AUDIT_KEY is too short ({len(config['AUDIT_KEY'])} characters): it must be at "
            f"least {AUDIT_KEY_MIN_LENGTH} characters of random text, or someone could guess "
            'it and reseal a rewritten trail. Make one with: python -c "import secrets; '
            'print(secrets.token_urlsafe(48))"'
        )
    if config["AUDIT_KEY"] == config["SECRET_KEY"]:
        raise ConfigError(
            "AUDIT_KEY must differ from SECRET_KEY: a leaked session secret must not also "
            "let someone rewrite the audit trail. Generate a second random value for it."
        )
    if not re.fullmatch(r"[A-Za-z0-9._-]{1,20}", config["AUDIT_KEY_ID"]):
        raise ConfigError(
            "AUDIT_KEY_ID must be 1 to 20 letters, digits, dots, hyphens or underscores, "
            "for example 2026-1."
        )
    if config["AUDIT_KEY_ID"] in config["AUDIT_KEYS_OLD"]:
        raise ConfigError(
            f"AUDIT_KEYS_OLD also names key id {config['AUDIT_KEY_ID']!r}, the current "
            "AUDIT_KEY_ID. Give the new key a new id (AUDIT_KEY_ID) when you rotate."
        )
    return config
