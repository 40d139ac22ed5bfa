"""Template filters and globals: UK local times, navigation for the person's roles, the
header's unread notification count."""

from __future__ import annotations

from flask import Flask
from flask_login import current_user

from lms.navigation import navigation_for
from lms.ukdates import uk_date, uk_datetime


def own_record(subject) -> bool:
    """For templates: whether ``subject`` (a person or their id) is the signed-in person, whose
    own accreditation they may not act on (lms/accounts/duties.py)."""
    from lms.accounts.duties import is_own

    return bool(current_user.is_authenticated) and is_own(current_user, subject)


def unread_notifications() -> int:
    """For the header: how many of the signed-in person's notifications are unread."""
    from lms.extensions import db
    from lms.notifications.services import unread_count

    if not current_user.is_authenticated:
        return 0
    return unread_count(db.session, current_user)


def register(app: Flask) -> None:
    app.jinja_env.globals["own_record"] = own_record
    app.jinja_env.globals["unread_notifications"] = unread_notifications
    app.jinja_env.filters["uk_datetime"] = uk_datetime
    app.jinja_env.filters["uk_date"] = uk_date
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def inject_navigation() -> dict[str, object]:
        return {"navigation": navigation_for(current_user), "product_name": "Peer Mentor Training"}
