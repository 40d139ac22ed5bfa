"""Wiring for the application factory: extensions, blueprints, errors, hooks and commands."""

from __future__ import annotations

import mimetypes

from flask import Flask


def register_proxy_fix(app: Flask) -> None:
    """Believe X-Forwarded-For and -Proto from exactly TRUSTED_PROXIES proxies in front.

    With none (the default) the socket's address is the client, and a forged header changes
    nothing; behind one nginx, 1 makes the rate limits key on the real client's address.
    """
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]


def register_extensions(app: Flask) -> None:
    from lms import models  # noqa: F401 - every model must be known before the first query
    from lms.extensions import csrf, db, limiter, login_manager, mail, migrate

    db.init_app(app)
    from lms.outage import close_session

    app.teardown_appcontext(close_session)  # runs before Flask-SQLAlchemy's own (reverse order)
    from sqlalchemy import Engine, event

    from lms.db import postgresql_settings, sqlite_pragmas

    for listener in (sqlite_pragmas, postgresql_settings):
        if not event.contains(Engine, "connect", listener):
            event.listen(Engine, "connect", listener)
    migrate.init_app(app, db, directory=str(app.config.get("MIGRATIONS_DIR", "migrations")))
    csrf.init_app(app)
    mail.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    from lms import compression

    compression.init_app(app)  # pages, CSS and JS go out compressed (lms/compression.py)
    # Signal subscribers connect when first imported, once per process however many apps are
    # built (lms/events.py); importing them here makes sure every app has them.
    import lms.credentials.file_check  # a credential (.json) can be checked at /verify/file
    import lms.credentials.signals  # a credential with each certificate; status lists rebuilt
    import lms.matching.cascade  # pauses matches when a certificate stops
    import lms.matching.vetting_cascade  # pauses matches when a DBS check is struck out
    import lms.notifications.learning  # tells the trainee of marks and practice decisions
    import lms.notifications.triggers  # the in-site list and its emails
    from lms import jobs
    from lms.outbox.jobs import register as register_outbox

    jobs.init_app(app)
    register_outbox()
    # Every module that declares jobs, so they are known wherever jobs are queued or run.
    import lms.assessment.held_cleanup  # held answer text deleted once expired
    import lms.audit.nightly
    import lms.auth.jobs
    import lms.home.work  # the work-waiting email's counts (registered with it)
    import lms.matching.conflicts.earlier  # the morning check for matches beside a conflict
    import lms.notifications.digest
    import lms.notifications.expiry
    import lms.notifications.work_digest
    import lms.outbox.jobs  # noqa: F401
    from lms.auth.loader import configure_login

    configure_login(login_manager)


def register_blueprints(app: Flask) -> None:
    # Each matching routes module adds its views to the one matching blueprint when imported;
    # lms.api.match_routes adds its views to the scheme API blueprint.
    import lms.api.match_routes
    import lms.auth.account_routes
    import lms.matching.concerns.routes
    import lms.matching.conflicts.routes
    import lms.matching.dashboard.routes
    import lms.matching.matches.routes
    import lms.matching.mentees.routes
    import lms.matching.mentors.routes
    import lms.matching.mine.routes
    import lms.matching.register.routes
    import lms.matching.supervision.routes
    import lms.people.card_routes
    import lms.practice.record_routes  # noqa: F401 (the trainer records a practice session)
    from lms.admin.audit_routes import bp as audit_bp
    from lms.admin.routes import bp as admin_bp
    from lms.admin.settings_routes import bp as scheme_settings_bp
    from lms.api.key_routes import bp as api_keys_bp
    from lms.api.routes import bp as api_bp
    from lms.api.scheme_routes import bp as scheme_api_bp
    from lms.assessment.routes import bp as assessment_bp
    from lms.auth.routes import bp as auth_bp
    from lms.certificates.routes import bp as certificates_bp
    from lms.core.routes import bp as core_bp
    from lms.credentials.routes import bp as credentials_bp
    from lms.expenses.routes import bp as expenses_bp
    from lms.info.routes import bp as info_bp
    from lms.matching.blueprint import bp as matching_bp
    from lms.notifications.routes import bp as notifications_bp
    from lms.outbox.routes import bp as outbox_bp
    from lms.people.routes import bp as people_bp
    from lms.practice.routes import bp as practice_bp
    from lms.reading.routes import bp as reading_bp
    from lms.training.routes import bp as training_bp
    from lms.training.trainer_routes import bp as training_reports_bp
    from lms.verify.routes import bp as verify_bp
    from lms.vetting.routes import bp as vetting_bp

    blueprints = (
        core_bp,
        auth_bp,
        people_bp,
        admin_bp,
        scheme_settings_bp,
        training_bp,
        training_reports_bp,
        assessment_bp,
        practice_bp,
        audit_bp,
        vetting_bp,
        certificates_bp,
        verify_bp,
        credentials_bp,
        api_bp,
        matching_bp,
        scheme_api_bp,
        api_keys_bp,
        outbox_bp,
        notifications_bp,
        expenses_bp,
        info_bp,
        reading_bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)


def register_errorhandlers(app: Flask) -> None:
    from lms.errors import register

    register(app)


def register_request_hooks(app: Flask) -> None:
    from lms.security import register

    mimetypes.add_type("text/javascript", ".mjs")
    register(app)


def register_template_helpers(app: Flask) -> None:
    from lms.templating import register

    register(app)


def register_commands(app: Flask) -> None:
    from lms.cli import register

    register(app)
