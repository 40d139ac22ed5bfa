"""Who is told what when a match, certificate, mark or practice decision changes: subscribers of
the signals in ``lms/events.py``, connected once per process when ``lms/setup.py`` imports this.

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


def _coordinators(session: Session, scheme_id: int) -> list[Person]:
    stmt = (
        select(Person)
        .join(PersonRole, PersonRole.person_id == Person.id)
        .where(Person.scheme_id == scheme_id, Person.active, PersonRole.role == Role.COORDINATOR)
        .order_by(Person.id)
    )
    return list(session.scalars(stmt).unique())


def tell_about_match(session: Session, match: Any, kind: str, actor: Person | None) -> None:
    """The mentor hears of every change to their match; coordinators of the scheme (other than
    whoever made it) hear of pauses and endings. A change the system made (a pause because a
    certificate stopped) is shown on the site only: the holder is told of the certificate,
    and the cascade emails coordinators itself."""
    by_person = actor is not None
    if match.mentor is not actor:
        link = path("matching.my_match", match_id=match.id)
        notify(session, match.mentor, kind, MATCH_TEXTS[kind], link, email=by_person)
    if kind not in COORDINATOR_TEXTS:
        return
    for coordinator in _coordinators(session, match.scheme_id):
        if coordinator is actor:
            continue
        link = path("matching.match", match_id=match.id)
        notify(session, coordinator, kind, COORDINATOR_TEXTS[kind], link, email=by_person)


def _match_subscriber(kind: str):
    def subscriber(match: Any, *, session: Session, actor: Person | None = None, **_: Any):
        tell_about_match(session, match, kind, actor)

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


@events.scenario_marked.connect_via(ANY, weak=False)
def _on_marked(submission: Any, *, session: Session, **_: Any) -> None:
    """The trainee already gets an email from the assessment feature: this is the site's list."""
    link = path(
        "assessment.answer", module_slug=submission.module.slug, key=submission.scenario_key
    )
    text = "Your scenario answer has been marked."
    notify(session, submission.person, "scenario-marked", text, link, email=False)


@events.practice_decided.connect_via(ANY, weak=False)
def _on_practice_decided(entry: Any, **kwargs: Any) -> None:
    """The trainee already gets an email from the practice feature: this is the site's list."""
    text = (
        "Your practice session has been confirmed."
        if entry.status == "confirmed"
        else "Your practice session needs a change."
    )
    link = path("practice.entry", entry_id=entry.id)
    notify(kwargs["session"], entry.person, "practice-decided", text, link, email=False)
