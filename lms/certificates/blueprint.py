"""The certificates blueprint and what its page modules share: loading a certificate or a
trainee the viewer may see, and where issued certificates are checked."""

from __future__ import annotations

from flask import Blueprint, abort, current_app
from flask_login import current_user

from lms.accounts.models import Person, Role
from lms.certificates import queries, services
from lms.certificates.definitions import current_definitions
from lms.certificates.eligibility import evaluate
from lms.extensions import db
from lms.ukdates import uk_today
from lms.web.loading import get_in_scheme_or_404

bp = Blueprint("certificates", __name__, url_prefix="/certificates")
STAFF = (Role.TRAINER, Role.COORDINATOR, Role.ADMIN)


def settings() -> services.IssueSettings:
    return services.IssueSettings(base_url=current_app.config["BASE_URL"])


def viewable(number: str):
    cert = queries.by_number(db.session, number)
    if cert is None or not services.may_view(current_user, cert):
        abort(404)
    return cert


def _same_scheme(actor: Person, scheme_id: int | None) -> bool:
    # As before the kit: unlike ``in_scheme``, staff without a scheme match people without one.
    return actor.has_role(Role.ADMIN) or scheme_id == actor.scheme_id


def trainee_for_staff(person_id: int) -> Person:
    return get_in_scheme_or_404(Person, person_id, may=_same_scheme)


def routes_of(person: Person):
    today = uk_today()
    return [evaluate(db.session, person, d, today) for d in current_definitions(db.session)]
