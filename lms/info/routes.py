"""The public help, privacy and accessibility pages, and /favicon.ico for browsers that ask."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template
from flask_login import current_user

from lms.extensions import db
from lms.info import privacy as notice
from lms.info import statement
from lms.info.contacts import scheme_help

bp = Blueprint("info", __name__)

# Browsers ask for /favicon.ico on their own; it changes rarely, so let them keep it a day.
FAVICON_MAX_AGE = 24 * 60 * 60


def _page(template: str, **context):
    """Render an info page with the signed-in person's scheme help (None when signed out)."""
    person = current_user if current_user.is_authenticated else None
    return render_template(
        template,
        contacts=scheme_help(db.session, person),
        service_contact=current_app.config.get("CONTACT_EMAIL"),
        **context,
    )


@bp.get("/help")
def help_page():
    """How to use the site, and who to contact in your scheme."""
    return _page("info/help.html")


@bp.get("/privacy")
def privacy():
    """What the site stores about you, who sees it, for how long, and your rights."""
    hours = current_app.config["HELD_ANSWER_HOURS"]
    return _page("info/privacy.html", privacy=notice, held_hours=hours)


@bp.get("/accessibility")
def accessibility():
    """How accessible the site is, what is known not to work, and how to report a problem."""
    return _page("info/accessibility.html", statement=statement)


@cache
def _favicon_bytes(static_folder: str) -> bytes:
    """The icon's bytes, read once: a 1.6 KB file needs no open file handle per request."""
    return (Path(static_folder) / "favicon.ico").read_bytes()


@bp.get("/favicon.ico")
def favicon():
    """The site's icon (lms/static/favicon.ico); base.html also links the SVG beside it."""
    response = Response(_favicon_bytes(current_app.static_folder), mimetype="image/x-icon")
    response.cache_control.public = True
    response.cache_control.max_age = FAVICON_MAX_AGE
    return response
