"""The gate's rule table: every code has one order, one kind and a wording, all read off it."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from lms.matching.gate import CODES, KIND_OF_CODE, KINDS, ORDER, RULES, screening
from lms.matching.gate.facts import MentorFacts

TODAY = date(2026, 3, 10)


def _cert(number, competences, *, until=-1, suspended=False, revoked=False):
    return SimpleNamespace(
        number=number,
        competences=list(competences),
        valid_from=TODAY - timedelta(days=700),
        valid_until=TODAY + timedelta(days=until),
        suspended_at=TODAY if suspended else None,
        review_date=TODAY + timedelta(days=14) if suspended else None,
        revoked_at=TODAY if revoked else None,
        superseded_at=None,
        current=not revoked,
        renewal_window_days=60,
    )


def _facts(**changes) -> MentorFacts:
    """A mentor of another scheme on whom every rule but 'no certificate' fires."""
    mentee = SimpleNamespace(
        id=1,
        scheme_id=1,
        under_18=True,
        womens_pathway=False,
        gender_preference="woman",
        mappa_level=2,
        needs_probation_agreement=True,
        probation_agreed=False,
    )
    values = {
        "mentor": SimpleNamespace(id=2, scheme_id=2, active=True),
        "mentee": mentee,
        "today": TODAY,
        "interval_weeks": 6,
        "profile": SimpleNamespace(available=False, capacity=1, gender="man"),
        "load": 1,
        "certificates": [
            _cert("PM-1", ["peer-mentoring"]),
            _cert("PM-2", ["peer-mentoring"], until=100, suspended=True),
            _cert("PM-3", ["peer-mentoring"], until=100, revoked=True),
        ],
        "vetting": SimpleNamespace(
            level="basic",
            kind="dbs",
            certificate_date=TODAY - timedelta(days=1000),
            update_service=False,
            update_service_checked_on=None,
            recheck_due=TODAY - timedelta(days=1),
        ),
        "last_held": TODAY - timedelta(days=100),
        "conflicts": ["victim"],
    }
    return MentorFacts(**{**values, **changes})


def test_codes_order_and_kinds_are_read_off_the_table():
    """One rule per code, in the listed order; kinds come in their codes' order."""
    assert tuple(rule.code for rule in RULES) == CODES
    assert len(set(CODES)) == len(CODES)
    assert [ORDER[code] for code in CODES] == list(range(len(CODES)))
    kinds_in_order = list(
        dict.fromkeys(KIND_OF_CODE[code] for code in CODES if code in KIND_OF_CODE)
    )
    assert kinds_in_order == list(KINDS)
    assert screening.KINDS is KINDS and screening.KIND_OF_CODE is KIND_OF_CODE


def test_every_code_has_a_kind_a_check_a_flag_and_a_wording():
    """Only 'other scheme' has no kind (lists are of one scheme); every rule fires and is worded."""
    assert {rule.code for rule in RULES if rule.kind is None} == {"other_scheme"}
    assert all(rule.kind.label for rule in RULES if rule.kind)
    assert all(callable(rule.python) and callable(rule.sql) for rule in RULES)
    worded = {}
    for facts in (_facts(), _facts(certificates=[])):
        for rule in RULES:
            evidence = rule.python(facts)
            if evidence:
                worded[rule.code] = rule.words(facts, evidence)
    assert set(worded) == set(CODES), "each rule fires on one of the two mentors"
    for code, message in worded.items():
        assert message.strip() and message.endswith("."), code
