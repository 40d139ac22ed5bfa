"""Load an object by id and check the signed-in person may touch it, or answer 404 (flaskr's
``get_post(id, check_author=True)``, once for every blueprint)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from lms.accounts.models import Person, Role
from lms.extensions import db

T = TypeVar("T")
SchemeCheck = Callable[[Person, "int | None"], bool]


def get_or_404(model: type[T], object_id: int) -> T:
    """The row of ``model`` with this primary key, or 404."""
    obj = db.session.get(model, object_id)
    if obj is None:
        abort(404)
    return obj


def get_own_or_404(model: type[T], object_id: int) -> T:
    """The row of ``model`` with this id if it is the signed-in person's own (``person_id``),
    else 404: someone else's looks exactly like a missing one."""
    obj = get_or_404(model, object_id)
    if obj.person_id != current_user.id:
        abort(404)
    return obj


def in_scheme(actor: Person, scheme_id: int | None) -> bool:
    """Admins see every scheme; everyone else only their own (the default per-object check)."""
    if actor.has_role(Role.ADMIN):
        return True
    return actor.scheme_id is not None and actor.scheme_id == scheme_id


def get_in_scheme_or_404(
    model: type[T],
    object_id: int,
    *,
    may: SchemeCheck = in_scheme,
    scheme_of: Callable[[Any], int | None] | None = None,
) -> T:
    """The row of ``model`` with this id if ``may(current_user, its scheme)``, else 404.

    Another scheme's objects answer 404, exactly as if they did not exist, so ids leak nothing.
    ``scheme_of`` finds the scheme of objects without a ``scheme_id`` column.
    """
    obj = get_or_404(model, object_id)
    scheme_id = scheme_of(obj) if scheme_of is not None else obj.scheme_id
    if not may(current_user, scheme_id):
        abort(404)
    return obj
