"""Who may coordinate, supervise and see what in matching: the one rule the web, the API and the
services all ask (nothing else in lms/matching decides it)."""

from __future__ import annotations

from typing import Protocol

from lms.accounts.duties import is_own
from lms.accounts.models import Person, Role


class InScheme(Protocol):
    """Anything that belongs to a scheme (a mentee, say)."""

    scheme_id: int | None


def may_coordinate(actor: Person | None, scheme_id: int | None) -> bool:
    """Active coordinators of the scheme and active admins manage its mentees, matches, mentor
    profiles and API keys. The one rule for "may coordinate"; a deactivated account may nothing."""
    if actor is None or not actor.active:
        return False
    if actor.has_role(Role.ADMIN):
        return True
    return (
        actor.has_role(Role.COORDINATOR)
        and actor.scheme_id is not None
        and actor.scheme_id == scheme_id
    )


def may_see_notes(actor: Person, mentee: InScheme) -> bool:
    """Restricted notes are for the mentee's scheme coordinators only (not admins, not trainers)."""
    return (
        actor.has_role(Role.COORDINATOR)
        and actor.scheme_id is not None
        and actor.scheme_id == mentee.scheme_id
    )


def may_see_supervision(actor: Person, scheme_id: int | None) -> bool:
    """Admins see every mentor's supervision record; trainers those of their own scheme."""
    return actor.has_role(Role.ADMIN) or scheme_id == actor.scheme_id


def may_supervise(actor: Person, mentor: Person) -> bool:
    """Trainers of the mentor's scheme and admins record supervision; nobody their own."""
    if is_own(actor, mentor):
        return False
    if actor.has_role(Role.ADMIN):
        return True
    return (
        actor.has_role(Role.TRAINER)
        and actor.scheme_id is not None
        and actor.scheme_id == mentor.scheme_id
    )


def may_edit_profile(actor: Person, person: Person) -> bool:
    """The holder edits their own profile; the scheme's coordinators and admins may too."""
    return actor.id == person.id or may_coordinate(actor, person.scheme_id)
