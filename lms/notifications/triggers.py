"""Who is told what when a match or a certificate changes, or a revocation is proposed:
subscribers of the signals in ``lms/events.py``, connected once per process when
``lms/setup.py`` imports this (marks and practice decisions: ``lms/notifications/learning.py``).

The texts say only that something needs attention: never a mentee's notes or details, and
never the reason for a pause, an ending, a suspension or a revocation.
"""

from __future__ import annotations

from typing import Any

from blinker import ANY
from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms import events
from lms.accounts.models import Person, PersonRole, Role
from lms.notifications.services import notify

MATCH_TEXTS = {
    "match-proposed": "A new match has been proposed to you.",
    "match-activated": "One of your matches is now active.",
    "match-paused": "One of your matches has been paused.",
    "match-resumed": "One of your paused matches has started again.",
    "match-ended": "One of your matches has ended.",
}
COORDINATOR_TEXTS = {
    "match-paused": "A match in your scheme has been paused.",
    "match-ended": "A match in your scheme has ended.",
}
# A mentor's own answer about a match, told to the coordinators (on the site, and by email as
# each chose): no mentor's name, no mentee's reference, no reason.
MENTOR_ANSWER_TEXTS = {
    "match-accepted": "A mentor accepted a proposed match in your scheme.",
    "match-declined": "A mentor declined a proposed match in your scheme. "
    "You can offer the mentee another mentor.",
    "match-end-asked": "A mentor has asked to end a match in your scheme. "
    "Please decide what happens next.",
}
MENTOR_ANSWER_KINDS = {"match-activated": "match-accepted", "match-ended": "match-declined"}
REVOCATION_TEXT = "A certificate revocation is waiting for a second admin's decision."
CERTIFICATE_TEXTS = {
    "certificate-issued": "Your certificate has been issued.",
    "certificate-renewed": "Your certificate has been renewed.",
    "certificate-suspended": "There is a change to your certificate. Please sign in to see it.",
    "certificate-revoked": "There is a change to your certificate. Please sign in to see it.",
    "certificate-expired": "Your certificate has expired.",
    "certificate-valid-again": "Your certificate is valid again.",
}


def path(endpoint: str, **values: Any) -> str:
    """The site path of ``endpoint`` without any prefix BASE_URL adds, with no request needed."""
    return current_app.url_map.bind("localhost", script_name="/").build(endpoint, values)


def coordinators(session: Session, scheme_id: int) -> list[Person]:
    """The scheme's active coordinators, oldest account first."""
    stmt = (
        select(Person)
        .join(PersonRole, PersonRole.person_id == Person.id)
        .where(Person.scheme_id == scheme_id, Person.active, PersonRole.role == Role.COORDINATOR)
        .order_by(Person.id)
    )
    return list(session.scalars(stmt).unique())


def tell_coordinators(
    session: Session, match: Any, kind: str, text: str, actor_id: int | None, email: bool = True
) -> None:
    """Each coordinator of the match's scheme (but whoever made the change) is told once, on
    the site and by email as they chose, with a link to their match page."""
    link = path("matching.match", match_id=match.id)
    for coordinator in coordinators(session, match.scheme_id):
        if coordinator.id != actor_id:
            notify(session, coordinator, kind, text, link, email=email)


def tell_mentor_answer(session: Session, match: Any, kind: str) -> None:
    """The mentor accepted, declined or asked to end ``match`` (``kind`` is a key of
    ``MENTOR_ANSWER_TEXTS``): one notification, and at most one email, per coordinator."""
    tell_coordinators(session, match, kind, MENTOR_ANSWER_TEXTS[kind], match.mentor_id)


def tell_about_match(
    session: Session, match: Any, kind: str, actor: Person | None, email: bool | None = None
) -> None:
    """The mentor hears of every change to their match; coordinators of the scheme (other than
    whoever made it) hear of pauses and endings. A change the system made (a pause because a
    certificate stopped) is shown on the site only: the holder is told of the certificate,
    and the cascade emails coordinators itself. When the mentor made it (accepting or
    declining a proposed match) the coordinators are told of the answer. ``email`` True
    emails a change the system made too (a pause for a conflict declared long ago)."""
    by_person = actor is not None if email is None else email
    actor_id = actor.id if actor is not None else None
    if match.mentor_id == actor_id:  # the mentor accepted (activated) or declined (ended)
        if kind in MENTOR_ANSWER_KINDS:
            tell_mentor_answer(session, match, MENTOR_ANSWER_KINDS[kind])
        return
    link = path("matching.my_match", match_id=match.id)
    notify(session, match.mentor, kind, MATCH_TEXTS[kind], link, email=by_person)
    text = COORDINATOR_TEXTS.get(kind)
    if text is not None:
        tell_coordinators(session, match, kind, text, actor_id, email=by_person)


def _match_subscriber(kind: str):
    def subscriber(
        match: Any, *, session: Session, actor: Person | None = None, email=None, **_: Any
    ):
        tell_about_match(session, match, kind, actor, email)

    subscriber.__name__ = f"_on_{kind.replace('-', '_')}"
    return subscriber


for _kind, _signal in (
    ("match-proposed", events.match_proposed),
    ("match-activated", events.match_activated),
    ("match-paused", events.match_paused),
    ("match-resumed", events.match_resumed),
    ("match-ended", events.match_ended),
):
    _signal.connect(_match_subscriber(_kind), sender=ANY, weak=False)


def tell_holder(session: Session, cert: Any, kind: str) -> None:
    """The certificate's holder hears that it changed, and where to look."""
    notify(session, cert.person, kind, CERTIFICATE_TEXTS[kind], path("certificates.mine"))


@events.certificate_issued.connect_via(ANY, weak=False)
def _on_issued(cert: Any, *, session: Session, **_: Any) -> None:
    tell_holder(session, cert, "certificate-issued")


@events.certificate_renewed.connect_via(ANY, weak=False)
def _on_renewed(cert: Any, *, session: Session, **_: Any) -> None:
    tell_holder(session, cert, "certificate-renewed")


@events.certificate_stopped.connect_via(ANY, weak=False)
def _on_stopped(cert: Any, *, session: Session, why: str, **_: Any) -> None:
    tell_holder(session, cert, f"certificate-{why}")


@events.certificate_valid_again.connect_via(ANY, weak=False)
def _on_valid_again(cert: Any, *, session: Session, **_: Any) -> None:
    tell_holder(session, cert, "certificate-valid-again")


def _admins(session: Session) -> list[Person]:
    stmt = (
        select(Person)
        .join(PersonRole, PersonRole.person_id == Person.id)
        .where(Person.active, PersonRole.role == Role.ADMIN)
        .order_by(Person.id)
    )
    return list(session.scalars(stmt).unique())


@events.revocation_proposed.connect_via(ANY, weak=False)
def _on_revocation_proposed(proposal: Any, *, session: Session, actor: Person, **_: Any) -> None:
    """Every other active admin may decide it, and hears: never the proposer, nor the holder
    (who may not decide about their own certificate). No reason and no name in the text."""
    holder_id = proposal.certificate.person_id
    link = path("certificates.revocations")
    for admin in _admins(session):
        if admin.id not in (actor.id, holder_id):
            notify(session, admin, "revocation-proposed", REVOCATION_TEXT, link)
