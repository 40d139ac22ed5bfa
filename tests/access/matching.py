"""Authorisation matrix rows for the matching pages."""

from __future__ import annotations

from tests.access import ADMIN, COORD, SIGNED_IN, TRAINEE, TRAINER

MANAGERS = (COORD, ADMIN)
SUPERVISORS = (TRAINER, ADMIN)
MENTOR = (TRAINEE,)  # the trainee of the fixtures holds a certificate and is the match's mentor

ROWS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("matching.dashboard", "GET", "/matching/", MANAGERS),
    ("matching.register_csv", "GET", "/matching/register.csv", MANAGERS),
    ("matching.mentors", "GET", "/matching/mentors", MANAGERS),
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
    ("matching.end", "POST", "/matching/matches/{match_id}/end", MANAGERS),
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
]


def objects(people) -> dict[str, object]:
    """A certificate holder (the trainee), a mentee, a proposed match and a declared conflict."""
    from lms.extensions import db
    from lms.matching.models import PROPOSED, DeclaredConflict, Match
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
    db.session.commit()
    return {
        "mentee_id": mentee.id,
        "mentor_id": mentor.id,
        "match_id": match.id,
        "conflict_id": conflict.id,
    }
