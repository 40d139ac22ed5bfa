"""Who may coordinate, supervise and see what in matching: the one rule in lms.matching.policy."""

from __future__ import annotations

import pytest

from lms.accounts.models import Person, PersonRole, Role
from lms.matching import policy
from lms.matching.models import Mentee

SCHEME, OTHER = 1, 2


def _person(*roles: Role, scheme_id: int | None = SCHEME, active: bool = True, pid: int = 10):
    """An unsaved person holding ``roles`` (the rules read attributes only)."""
    return Person(
        id=pid,
        name="Pat",
        scheme_id=scheme_id,
        active=active,
        role_rows=[PersonRole(role=role.value) for role in roles],
    )


@pytest.mark.parametrize(
    ("roles", "scheme_id", "active", "allowed"),
    [
        ((Role.COORDINATOR,), SCHEME, True, True),
        ((Role.COORDINATOR,), SCHEME, False, False),
        ((Role.COORDINATOR,), OTHER, True, False),
        ((Role.COORDINATOR,), None, True, False),
        ((Role.ADMIN,), OTHER, True, True),
        ((Role.ADMIN,), None, True, True),
        ((Role.ADMIN,), SCHEME, False, False),
        ((Role.TRAINER,), SCHEME, True, False),
        ((Role.TRAINEE,), SCHEME, True, False),
    ],
)
def test_may_coordinate(roles, scheme_id, active, allowed):
    """Active coordinators of the scheme and active admins coordinate; nobody deactivated."""
    actor = _person(*roles, scheme_id=scheme_id, active=active)
    assert policy.may_coordinate(actor, SCHEME) is allowed


def test_nobody_signed_in_may_coordinate():
    """No person (no key, no session) coordinates nothing."""
    assert not policy.may_coordinate(None, SCHEME)


def test_restricted_notes_are_for_the_schemes_coordinators_only():
    """Coordinators of the mentee's scheme see notes; admins, trainers and others do not."""
    mentee = Mentee(scheme_id=SCHEME)
    assert policy.may_see_notes(_person(Role.COORDINATOR), mentee)
    assert not policy.may_see_notes(_person(Role.COORDINATOR, scheme_id=OTHER), mentee)
    assert not policy.may_see_notes(_person(Role.ADMIN), mentee)
    assert not policy.may_see_notes(_person(Role.TRAINER), mentee)


def test_supervision_is_recorded_by_the_schemes_trainers_and_admins_never_for_oneself():
    """Trainers of the mentor's scheme and admins supervise; another scheme's trainer and
    coordinators do not, and nobody records their own supervision."""
    mentor = _person(Role.TRAINEE, pid=20)
    assert policy.may_supervise(_person(Role.TRAINER), mentor)
    assert policy.may_supervise(_person(Role.ADMIN, scheme_id=OTHER), mentor)
    assert not policy.may_supervise(_person(Role.TRAINER, scheme_id=OTHER), mentor)
    assert not policy.may_supervise(_person(Role.COORDINATOR), mentor)
    trainer = _person(Role.TRAINER, pid=20)
    assert not policy.may_supervise(trainer, trainer)


def test_supervision_records_are_seen_within_the_scheme_or_by_admins():
    """Admins see every scheme's supervision records; trainers only their own scheme's."""
    assert policy.may_see_supervision(_person(Role.ADMIN, scheme_id=OTHER), SCHEME)
    assert policy.may_see_supervision(_person(Role.TRAINER), SCHEME)
    assert not policy.may_see_supervision(_person(Role.TRAINER, scheme_id=OTHER), SCHEME)


def test_a_profile_is_edited_by_its_holder_or_whoever_coordinates_their_scheme():
    """The holder, the scheme's coordinators and admins edit a mentor profile; others do not."""
    mentor = _person(Role.TRAINEE, pid=20)
    assert policy.may_edit_profile(mentor, mentor)
    assert policy.may_edit_profile(_person(Role.COORDINATOR), mentor)
    assert policy.may_edit_profile(_person(Role.ADMIN, scheme_id=OTHER), mentor)
    assert not policy.may_edit_profile(_person(Role.COORDINATOR, scheme_id=OTHER), mentor)
    assert not policy.may_edit_profile(_person(Role.TRAINER), mentor)
