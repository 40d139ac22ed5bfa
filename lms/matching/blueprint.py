"""The matching blueprint (``/matching``) and what its views share: who uses which pages, the
labels templates show, and which scheme a list or the dashboard shows."""

from __future__ import annotations

from flask import Blueprint, abort, request
from flask_login import current_user
from sqlalchemy import select

from lms.accounts.models import Role, Scheme
from lms.extensions import db
from lms.matching.models import CONFLICT_KINDS, END_REQUESTERS, GENDER_PREFERENCES, GENDERS, NEEDS
from lms.numbers import query_int

# Every routes module in lms/matching/ adds its views to this one blueprint, so endpoint names
# stay ``matching.<view>``; lms/setup.py imports them all before registering it.
bp = Blueprint("matching", __name__, url_prefix="/matching")

MANAGERS = (Role.COORDINATOR, Role.ADMIN)
SUPERVISORS = (Role.TRAINER, Role.ADMIN)
EVERYONE_SIGNED_IN = (Role.TRAINEE, Role.TRAINER, Role.COORDINATOR, Role.ADMIN)
LABELS = {
    "needs": NEEDS,
    "genders": GENDERS,
    "preferences": GENDER_PREFERENCES,
    "conflicts": CONFLICT_KINDS,
    "requested_by": END_REQUESTERS,
}


def list_scheme_id() -> int | None:
    """Coordinators see their own scheme; admins every scheme unless they pick one."""
    if current_user.has_role(Role.ADMIN):
        return request.args.get("scheme", type=query_int)
    return current_user.scheme_id


def schemes() -> list[Scheme]:
    """The schemes an admin may pick from (none for anyone else)."""
    if not current_user.has_role(Role.ADMIN):
        return []
    return list(db.session.scalars(select(Scheme).order_by(Scheme.name)))


def dashboard_scheme() -> Scheme:
    """The coordinator's own scheme; admins choose one (their own, or the first, by default)."""
    if not current_user.has_role(Role.ADMIN):
        scheme = current_user.scheme
    else:
        wanted = request.args.get("scheme", type=query_int) or current_user.scheme_id
        scheme = db.session.get(Scheme, wanted) if wanted else None
        scheme = scheme or db.session.scalars(select(Scheme).order_by(Scheme.name)).first()
    if scheme is None:
        abort(404)
    return scheme
