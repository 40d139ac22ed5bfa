"""Authorisation matrix rows for the matching pages."""

from __future__ import annotations

from tests.access import ADMIN, API_KEY, COORD, SIGNED_IN, STAFF, TRAINEE, TRAINER

MANAGERS = (COORD, ADMIN)
SUPERVISORS = (TRAINER, ADMIN)
MENTOR = (TRAINEE,)  # the trainee of the fixtures holds a certificate and is the match's mentor

ROWS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("matching.dashboard", "GET", "/matching/", MANAGERS),
    ("matching.register_csv", "GET", "/matching/register.csv", MANAGERS),
    ("matching.mentors", "GET", "/matching/mentors", MANAGERS),
    ("matching.mentors_csv", "GET", "/matching/mentors.csv", MANAGERS),
    ("matching.mentees", "GET", "/matching/mentees", MANAGERS),
    ("matching.new_mentee", "GET", "/matching/mentees/new", MANAGERS),
    ("matching.new_mentee", "POST", "/matching/mentees/new", MANAGERS),
    ("matching.mentee", "GET", "/matching/mentees/{mentee_id}", MANAGERS),
    ("matching.edit_mentee", "GET", "/matching/mentees/{mentee_id}/edit", MANAGERS),
    ("matching.edit_mentee", "POST", "/matching/mentees/{mentee_id}/edit", MANAGERS),
    ("matching.add_conflict", "POST", "/matching/mentees/{mentee_id}/conflicts", MANAGERS),
    ("matching.remove_conflict", "POST", "/matching/conflicts/{conflict_id}/remove", MANAGERS),
    ("matching.candidates", "GET", "/matching/mentees/{mentee_id}/candidates", MANAGERS),
    (
        "matching.propose",
        "POST",
        "/matching/mentees/{mentee_id}/candidates/{mentor_id}",
        MANAGERS,
    ),
    ("matching.match", "GET", "/matching/matches/{match_id}", MANAGERS),
    ("matching.activate", "POST", "/matching/matches/{match_id}/activate", MANAGERS),
    ("matching.resume", "POST", "/matching/matches/{match_id}/resume", MANAGERS),
    ("matching.pause", "POST", "/matching/matches/{match_id}/pause", MANAGERS),
    ("matching.end", "GET", "/matching/matches/{match_id}/end", MANAGERS),
    ("matching.end", "POST", "/matching/matches/{match_id}/end", MANAGERS),
    ("matching.keep", "POST", "/matching/matches/{match_id}/keep", MANAGERS),
    # The safeguarding lead may be any staff member (the fixtures name the trainer).
    ("matching.concerns", "GET", "/matching/concerns", STAFF),
    ("matching.concern_looked_at", "POST", "/matching/concerns/{contact_id}/looked-at", STAFF),
    ("matching.my_profile", "GET", "/matching/profile", SIGNED_IN),
    ("matching.my_profile", "POST", "/matching/profile", SIGNED_IN),
    ("matching.mentor_profile", "GET", "/matching/mentors/{mentor_id}/profile", MANAGERS),
    ("matching.mentor_profile", "POST", "/matching/mentors/{mentor_id}/profile", MANAGERS),
    ("matching.supervision", "GET", "/matching/supervision", SUPERVISORS),
    ("matching.supervise", "GET", "/matching/supervision/{mentor_id}", SUPERVISORS),
    ("matching.supervise", "POST", "/matching/supervision/{mentor_id}", SUPERVISORS),
    ("matching.my_mentees", "GET", "/matching/my-mentees", MENTOR),
    ("matching.my_match", "GET", "/matching/my-mentees/{match_id}", MENTOR),
    ("matching.accept_match", "POST", "/matching/my-mentees/{match_id}/accept", MENTOR),
    ("matching.decline_match", "POST", "/matching/my-mentees/{match_id}/decline", MENTOR),
    ("matching.ask_to_end", "POST", "/matching/my-mentees/{match_id}/ask-to-end", MENTOR),
    ("matching.log_contact", "POST", "/matching/my-mentees/{match_id}/contacts", MENTOR),
    # The scheme API's calls on one match (they take a match made here).
    ("scheme_api.match_detail", "GET", "/api/v1/matches/{match_id}", API_KEY),
    ("scheme_api.match_contacts", "GET", "/api/v1/matches/{match_id}/contacts", API_KEY),
    ("scheme_api.create_contact", "POST", "/api/v1/matches/{match_id}/contacts", API_KEY),
]


def objects(people) -> dict[str, object]:
    """A certificate holder (the trainee), a mentee, a proposed match, a declared conflict, a
    flagged concern, and the trainer named the scheme's safeguarding lead."""
    from lms.accounts.contacts import set_safeguarding_contacts
    from lms.extensions import db
    from lms.matching.models import PROPOSED, ContactLog, DeclaredConflict, Match
    from lms.ukdates import uk_today
    from tests.factories import make_mentee, make_mentor

    mentor = people["trainee"]
    make_mentor(mentor)
    mentee = make_mentee(mentor.scheme, created_by=people["coordinator"])
    match = Match(
        scheme_id=mentee.scheme_id,
        mentor_id=mentor.id,
        mentee_id=mentee.id,
        status=PROPOSED,
        created_by_id=people["coordinator"].id,
    )
    conflict = DeclaredConflict(
        mentor_id=mentor.id, mentee_id=mentee.id, kind="family", recorded_by_id=mentee.created_by_id
    )
    db.session.add_all([match, conflict])
    db.session.flush()
    concern = ContactLog(
        match_id=match.id,
        mentor_id=mentor.id,
        held_on=uk_today(),
        kind="phone",
        minutes=10,
        concern=True,
    )
    db.session.add(concern)
    set_safeguarding_contacts(
        db.session, people["admin"], mentor.scheme, lead_id=people["trainer"].id, deputy_id=None
    )
    db.session.commit()
    return {
        "contact_id": concern.id,
        "mentee_id": mentee.id,
        "mentor_id": mentor.id,
        "match_id": match.id,
        "conflict_id": conflict.id,
    }
