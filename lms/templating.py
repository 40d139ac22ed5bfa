"""Template filters and globals: UK local times, navigation for the person's roles."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask
from flask_login import current_user

from lms.navigation import navigation_for

UK = ZoneInfo("Europe/London")


def uk_datetime(value: datetime | None) -> str:
    """A UTC time as UK people read it: '3 March 2026 at 2:05pm'."""
    if value is None:
        return ""
    local = value.astimezone(UK)
    hour = local.strftime("%I").lstrip("0")
    return f"{local.day} {local:%B %Y} at {hour}:{local:%M}{local:%p}".replace("AM", "am").replace(
        "PM", "pm"
    )


def uk_today(now: datetime | None = None) -> date:
    """Today's date in the UK."""
    from lms.db import utcnow

    return (now or utcnow()).astimezone(UK).date()


def uk_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(UK).date()
    return f"{value.day} {value:%B %Y}"


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
