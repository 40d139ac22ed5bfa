"""What the privacy notice says the site keeps, tied to the tables that hold it.

Each item names its tables, and every other table is listed as holding nothing about a person,
so a new table fails tests/unit/test_privacy_notice.py until the notice says what it keeps.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kept:
    """One line of the notice and the tables that hold what it describes."""

    text: str
    tables: tuple[str, ...]


# About the person reading: shown as "What we keep about you".
KEPT = [
    Kept(
        "Your name, your email address or username, and your scheme. If you add an email "
        "address yourself, we keep it unused until you open the link we send to it.",
        ("people",),
    ),
    Kept(
        "Your role here. For example, trainee, trainer or safeguarding lead.",
        ("person_roles", "scheme_contacts"),
    ),
    Kept("Your password. It is kept in a scrambled form, so nobody can read it.", ("people",)),
    Kept(
        "If you were given a sign-in card: its code, in a scrambled form, and when it stops "
        "working. The code is deleted once you choose your password.",
        ("people",),
    ),
    Kept("When you last signed in.", ("people",)),
    Kept(
        "Your reading settings, if you choose them: text size, line spacing and background colour.",
        ("people",),
    ),
    Kept(
        "Your training: the lessons you have read, your quiz answers and your marks. We keep "
        "each quiz answer as you choose it, so you can leave a quiz and come back to it.",
        ("lesson_progress", "quiz_attempts", "attempt_questions"),
    ),
    Kept(
        "Your written answers, with the marks and notes from your trainer.",
        ("scenario_submissions", "scenario_marks"),
    ),
    Kept(
        "If you are signed out while you write an answer, a copy of what you sent. We keep it "
        "for one day at most, to put it back in your draft when you sign in again. Then we "
        "delete it.",
        ("held_answers",),
    ),
    Kept(
        "Your practice log: the date, how long, where, what you learned and who checked it.",
        ("practice_entries", "observation_signoffs"),
    ),
    Kept("Your DBS check: the level, the date and when it is due again.", ("vetting_checks",)),
    Kept(
        "Your certificates: the number and the dates. If one was stopped, we keep why.",
        ("certificates", "revocation_proposals"),
    ),
    Kept(
        "A digital badge of each certificate, signed so anyone can check it. It does not show "
        "your name: only a scrambled (salted and hashed) form of your email address or username, "
        "which proves it is yours only to someone you tell them to.",
        ("badge_credentials",),
    ),
    Kept(
        "If you are a mentor: where you can work, your languages, who you are matched with, a "
        "note of each meeting, your supervision and the expenses you claim. Also any link you "
        "told us you have with someone you might be matched with.",
        (
            "mentor_profiles",
            "matches",
            "contact_logs",
            "supervision_sessions",
            "expense_claims",
            "declared_conflicts",
        ),
    ),
    Kept(
        "The messages this site sends you, on the site and by email, and how you chose to get "
        "them.",
        ("notifications", "notification_settings", "expiry_warnings", "work_digests"),
    ),
    Kept("A copy of each email this site sends you, and when it was sent.", ("outbox_messages",)),
    Kept(
        "A record of each change to a certificate or a match. It says who made the change, "
        "when and why. Nobody can change this record.",
        ("audit_events",),
    ),
]

# About the people mentors support, who have no account: shown in a section of their own.
ABOUT_MENTEES = Kept(
    "Schemes also keep details of the people their mentors support. This is a reference, not a "
    "full name, with their needs, area, languages and release date. Only the scheme's staff see "
    "all of it. A mentor sees what they need about the people they are matched with.",
    ("mentees",),
)

# Tables holding nothing about a person: training content, certificate designs, a scheme's own
# settings and contact details, API keys for a scheme's systems, and checks the site runs.
NOT_ABOUT_A_PERSON = frozenset(
    {
        "modules",
        "module_versions",
        "lessons",
        "questions",
        "scenario_assessments",
        "certificate_definitions",
        "schemes",
        "expense_settings",
        "api_keys",
        "audit_verifications",
        "health_probe",
        "status_lists",  # one bit per badge, at a random place: nothing says whose it is
        "conformance_status_entries",  # indexes given to W3C test-suite credentials (dev only)
    }
)


def described_tables() -> set[str]:
    """Every table the notice accounts for, as holding personal data or not."""
    tables = {table for item in [*KEPT, ABOUT_MENTEES] for table in item.tables}
    return tables | NOT_ABOUT_A_PERSON
