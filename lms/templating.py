"""Template filters and globals: UK local times, navigation for the person's roles."""

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


def register(app: Flask) -> None:
    app.jinja_env.globals["own_record"] = own_record
    app.jinja_env.filters["uk_datetime"] = uk_datetime
    app.jinja_env.filters["uk_date"] = uk_date
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def inject_navigation() -> dict[str, object]:
        return {"navigation": navigation_for(current_user), "product_name": "Peer Mentor Training"}
