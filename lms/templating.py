"""Template filters and globals: UK local times, curriculum Markdown, navigation for the
person's roles, the header's unread notification count, the words for a certified mentor."""

from __future__ import annotations

from flask import Flask
from flask_login import current_user

from lms.certificates.holders import certified, learner_words, role_words
from lms.config import PRODUCT_NAME
from lms.content.render import content_markdown, content_markdown_inline
from lms.navigation import navigation_for
from lms.ukdates import uk_date, uk_datetime


def own_record(subject) -> bool:
    """For templates: whether ``subject`` (a person or their id) is the signed-in person, whose
    own accreditation they may not act on (lms/accounts/duties.py)."""
    from lms.accounts.duties import is_own

    return bool(current_user.is_authenticated) and is_own(current_user, subject)


def certified_among(person_ids) -> set[int]:
    """For a list of learners: which of these people (a page of them) are certified mentors,
    in one statement, so every list labels them the same way without a query per row."""
    from lms.extensions import db

    return certified(db.session, person_ids)


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
    app.jinja_env.globals["certified_among"] = certified_among
    app.jinja_env.globals["learner_words"] = learner_words  # certified mentor or trainee
    app.jinja_env.globals["role_words"] = role_words
    app.jinja_env.filters["uk_datetime"] = uk_datetime
    app.jinja_env.filters["uk_date"] = uk_date
    app.jinja_env.filters["content_markdown"] = content_markdown  # curriculum prose, blocks
    app.jinja_env.filters["content_markdown_inline"] = content_markdown_inline
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def inject_navigation() -> dict[str, object]:
        return {"navigation": navigation_for(current_user), "product_name": PRODUCT_NAME}
