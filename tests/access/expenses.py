"""Authorisation matrix rows for expenses: the mentor's own claims, the coordinator's decisions
and export, and the scheme settings (coordinators for their scheme, admins for any)."""

from __future__ import annotations

from datetime import timedelta

from tests.access import ADMIN, COORD, TRAINEE

MENTOR = (TRAINEE,)  # the fixtures' trainee holds a certificate and owns the contact and claim
COORDINATORS = (COORD,)
MANAGERS = (COORD, ADMIN)

ROWS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("expenses.mine", "GET", "/expenses/", MENTOR),
    ("expenses.new_claim", "GET", "/expenses/contacts/{contact_id}/claim", MENTOR),
    ("expenses.new_claim", "POST", "/expenses/contacts/{contact_id}/claim", MENTOR),
    ("expenses.claim", "GET", "/expenses/{claim_id}", MENTOR),
    ("expenses.answer", "POST", "/expenses/{claim_id}/answer", MENTOR),
    ("expenses.withdraw", "POST", "/expenses/{claim_id}/withdraw", MENTOR),
    ("expenses.waiting", "GET", "/expenses/claims", COORDINATORS),
    ("expenses.review", "GET", "/expenses/claims/{claim_id}", COORDINATORS),
    ("expenses.approve", "POST", "/expenses/claims/{claim_id}/approve", COORDINATORS),
    ("expenses.query", "POST", "/expenses/claims/{claim_id}/query", COORDINATORS),
    ("expenses.export", "GET", "/expenses/export", COORDINATORS),
    ("expenses.export_csv", "GET", "/expenses/export.csv", COORDINATORS),
    ("expenses.settings_index", "GET", "/expenses/settings", MANAGERS),
    ("expenses.settings", "GET", "/expenses/settings/{scheme_id}", MANAGERS),
    ("expenses.settings", "POST", "/expenses/settings/{scheme_id}", MANAGERS),
]


def make_contact(mentor, coordinator, *, days_ago: int = 3, minutes: int = 60):
    """An active match for ``mentor`` (made a certificate holder) and one contact on it."""
    from lms.extensions import db
    from lms.matching.models import ContactLog
    from lms.ukdates import uk_today
    from tests.factories import make_match, make_mentee, make_mentor

    make_mentor(mentor)
    mentee = make_mentee(mentor.scheme, f"M-{mentor.id:03d}", created_by=coordinator)
    match = make_match(mentor, mentee, created_by=coordinator)
    contact = ContactLog(
        match_id=match.id,
        mentor_id=mentor.id,
        held_on=uk_today() - timedelta(days=days_ago),
        kind="in_person",
        minutes=minutes,
        note="Met at the library.",
    )
    db.session.add(contact)
    db.session.commit()
    return contact


def objects(people) -> dict[str, object]:
    """The trainee's contact and a submitted travel claim on it."""
    from lms.expenses import services
    from lms.extensions import db
    from lms.ukdates import uk_today

    mentor = people["trainee"]
    contact = make_contact(mentor, people["coordinator"])
    details = services.ClaimDetails("travel", 450, "Bus fare")
    claim = services.submit(db.session, mentor, contact, details, uk_today())
    db.session.commit()
    return {"contact_id": contact.id, "claim_id": claim.id, "scheme_id": mentor.scheme_id}
