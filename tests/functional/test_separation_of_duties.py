"""Nobody acts on their own accreditation, whatever roles they hold: services, pages and the API.

Casey is a coordinator, a lead trainer and a trainee holding a certificate; Ada is an admin who
holds a certificate. Every action that changes an accreditation record or a match is tried on
their own record through the service, and through the web route or the scheme API.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms.accounts.duties import ACTIONS, OwnRecord, is_own, refuse_own
from lms.accounts.models import Person, Role
from lms.api.keys import create_key
from lms.assessment import services as assessment
from lms.assessment.models import ScenarioSubmission
from lms.audit.models import AuditEvent
from lms.certificates import services as certificates
from lms.certificates.models import CertificateDefinition, RevocationProposal
from lms.extensions import db
from lms.matching.conflicts.services import add_conflict, remove_conflict
from lms.matching.matches import services as matching
from lms.matching.models import DeclaredConflict, Match
from lms.matching.supervision.services import record_supervision
from lms.practice import services as practice
from lms.practice.checklist import OBSERVATION_CHECKLIST
from lms.practice.models import PracticeEntry
from lms.ukdates import uk_today
from lms.vetting import services as vetting
from tests.conftest import csrf_token, sign_in
from tests.factories import (
    PRACTICE_REFLECTION,
    make_match,
    make_mentee,
    make_mentor,
    make_module,
    make_person,
    make_scenario,
    pass_scenario,
    submit_answer,
)

SETTINGS = certificates.IssueSettings(base_url="https://lms.test")
OWN = "nobody acts on their own accreditation"


class World:
    """The people and records every case starts from."""

    def __init__(self, people, scheme) -> None:
        self.people = people
        self.scheme = scheme
        self.casey = make_person(
            "casey@example.org",
            "Casey Both",
            [Role.COORDINATOR, Role.TRAINER, Role.TRAINEE],
            scheme,
        )
        self.casey.lead_trainer = True
        self.ada = make_person("ada@example.org", "Ada Admin", [Role.ADMIN, Role.TRAINEE], scheme)
        db.session.commit()
        self.certs = {"casey": make_mentor(self.casey), "ada": make_mentor(self.ada)}
        self.definition = db.session.scalars(select(CertificateDefinition)).one()
        self.mentee = make_mentee(scheme, "M-001", created_by=people["coordinator"])
        module = make_module("sample")
        self.scenario = make_scenario(module)

    def who(self, key: str) -> Person:
        return {"casey": self.casey, "ada": self.ada}[key]

    # Records of the actor's own, made by someone else.

    def cert(self, key: str):
        return self.certs[key]

    def suspended(self, key: str):
        cert = self.cert(key)
        certificates.suspend(
            db.session, self.people["coordinator"], cert, "A concern", uk_today(), today=uk_today()
        )
        db.session.commit()
        return cert

    def proposal(self, key: str) -> RevocationProposal:
        proposal = certificates.propose_revocation(
            db.session, self.people["coordinator"], self.cert(key), "A serious concern"
        )
        db.session.commit()
        return proposal

    def match(self, key: str, status: str) -> Match:
        return make_match(self.who(key), self.mentee, status, created_by=self.people["coordinator"])

    def conflict(self, key: str) -> DeclaredConflict:
        conflict = add_conflict(
            db.session, self.people["coordinator"], self.mentee, self.who(key).id, "associate"
        ).conflict
        db.session.commit()
        return conflict

    def submission(self, key: str) -> ScenarioSubmission:
        return submit_answer(self.who(key), self.scenario)

    def claimed(self, key: str) -> ScenarioSubmission:
        submission = self.submission(key)
        submission.claimed_by_id = self.who(key).id  # as if claimed before the rule existed
        submission.claimed_at = submission.submitted_at
        db.session.commit()
        return submission

    def marked(self, key: str) -> ScenarioSubmission:
        return pass_scenario(self.who(key), self.scenario, self.people["trainer"])

    def entry(self, key: str, kind: str = "shadowing") -> PracticeEntry:
        """A pending entry naming the holder as their own supervisor (made straight in the
        database: the log form does not offer it)."""
        person = self.who(key)
        entry = PracticeEntry(
            person_id=person.id,
            scheme_id=person.scheme_id,
            supervisor_id=person.id,
            session_date=uk_today() - timedelta(days=2),
            duration_minutes=60,
            kind=kind,
            location="Probation office",
            reflection=PRACTICE_REFLECTION,
        )
        db.session.add(entry)
        db.session.commit()
        return entry


@pytest.fixture
def world(people, scheme) -> World:
    return World(people, scheme)


def _marks():
    return [assessment.CriterionMark(True, "") for _ in range(3)]


def _check_details():
    today = uk_today()
    return vetting.CheckDetails(
        "enhanced", today - timedelta(days=30), False, today.replace(year=today.year + 3)
    )


def _all_met():
    return {item.id: practice.ItemResult(met=True) for item in OBSERVATION_CHECKLIST}


# Each action: given the world and the actor's key, set up the actor's own record and return
# the call that acts on it.
SERVICE_ACTIONS = {
    "issue or renew": lambda w, k: (
        lambda a: certificates.issue(db.session, a, a, w.definition, SETTINGS, today=uk_today())
    ),
    "suspend": lambda w, k: (
        lambda c: (
            lambda a: certificates.suspend(db.session, a, c, "Me", uk_today(), today=uk_today())
        )
    )(w.cert(k)),
    "reinstate": lambda w, k: (
        lambda c: lambda a: certificates.reinstate(db.session, a, c, "Cleared")
    )(w.suspended(k)),
    "propose revocation": lambda w, k: (
        lambda c: lambda a: certificates.propose_revocation(db.session, a, c, "Me")
    )(w.cert(k)),
    "decide revocation": lambda w, k: (
        lambda p: (
            lambda a: certificates.decide_revocation(
                db.session, a, p, approve=False, note="Keep it"
            )
        )
    )(w.proposal(k)),
    "record DBS check": lambda w, k: (
        lambda a: vetting.record_check(db.session, a, a, _check_details(), uk_today())
    ),
    "propose match": lambda w, k: (
        lambda a: matching.propose_match(db.session, a, a, w.mentee, uk_today())
    ),
    "activate match": lambda w, k: (
        lambda m: lambda a: matching.activate(db.session, a, m, uk_today())
    )(w.match(k, "proposed")),
    "resume match": lambda w, k: (
        lambda m: lambda a: matching.resume(db.session, a, m, uk_today())
    )(w.match(k, "paused")),
    "pause match": lambda w, k: (lambda m: lambda a: matching.pause(db.session, a, m, "Me"))(
        w.match(k, "active")
    ),
    "end match": lambda w, k: (
        lambda m: lambda a: matching.end_match(db.session, a, m, "Me", "mentor")
    )(w.match(k, "active")),
    "declare conflict": lambda w, k: (
        lambda a: add_conflict(db.session, a, w.mentee, a.id, "associate")
    ),
    "remove conflict": lambda w, k: (lambda c: lambda a: remove_conflict(db.session, a, c))(
        w.conflict(k)
    ),
    "record supervision": lambda w, k: (
        lambda a: record_supervision(db.session, a, a, uk_today(), "Fine", "", uk_today())
    ),
    "claim own answer": lambda w, k: (
        lambda s: lambda a: assessment.claim(db.session, a, s, assessment.Settings())
    )(w.submission(k)),
    "mark own answer": lambda w, k: (
        lambda s: lambda a: assessment.mark(db.session, a, s, _marks(), "pass", "Good")
    )(w.claimed(k)),
    "second-mark own answer": lambda w, k: (
        lambda s: lambda a: assessment.second_mark(db.session, a, s, _marks(), "pass", "Good")
    )(w.marked(k)),
    "confirm own practice": lambda w, k: (
        lambda e: lambda a: practice.confirm_entry(db.session, a, e)
    )(w.entry(k)),
    "send back own practice": lambda w, k: (
        lambda e: lambda a: practice.reject_entry(db.session, a, e, "No")
    )(w.entry(k)),
    "sign off own observation": lambda w, k: (
        lambda e: (
            lambda a: practice.sign_off_observation(db.session, a, e, _all_met(), "passed", "")
        )
    )(w.entry(k, "observed")),
}
# Casey may not decide revocations at all (not an admin); Ada is no trainer, so she logs no
# practice under her own name and is no lead trainer.
CASEY = [name for name in SERVICE_ACTIONS if name != "decide revocation"]
ADA = [
    "issue or renew",
    "suspend",
    "reinstate",
    "propose revocation",
    "decide revocation",
    "record DBS check",
    "propose match",
    "activate match",
    "pause match",
    "declare conflict",
    "record supervision",
    "claim own answer",
    "second-mark own answer",
]
CASES = [("casey", name) for name in CASEY] + [("ada", name) for name in ADA]


def _event_count() -> int:
    return db.session.scalar(select(func.count(AuditEvent.id)))


@pytest.mark.parametrize(("who", "action"), CASES, ids=[f"{w}-{a}" for w, a in CASES])
def test_service_refuses_acting_on_own_accreditation(world, who, action):
    """Every service that changes an accreditation record or a match refuses the holder."""
    call = SERVICE_ACTIONS[action](world, who)
    actor = db.session.get(Person, world.who(who).id)
    before = _event_count()
    with pytest.raises(OwnRecord, match=OWN) as refused:
        call(actor)
    db.session.rollback()
    assert "Ask another" in refused.value.message
    assert _event_count() == before


def test_bulk_confirmation_names_own_sessions_as_refused(world):
    """Confirming several sessions at once refuses one's own, with the reason, and goes on."""
    entry = world.entry("casey")
    result = practice.confirm_many(db.session, world.casey, [entry.id])
    db.session.rollback()
    assert result.confirmed == []
    assert OWN in result.refused[0]
    assert db.session.get(PracticeEntry, entry.id).status == "pending"


def test_rule_lets_the_system_act_and_knows_a_person_by_row_or_id(world):
    """``refuse_own`` refuses the person (as a row or an id); no actor means the system."""
    refuse_own(None, world.casey, "match")
    refuse_own(world.casey, world.ada, "match")
    assert is_own(world.casey, world.casey.id) and not is_own(None, world.casey)
    for subject in (world.casey, world.casey.id):
        with pytest.raises(OwnRecord, match="Ask another coordinator"):
            refuse_own(world.casey, subject, "match")
    assert set(ACTIONS) >= {"issue", "reinstate", "decide_revocation", "record_check", "match"}


# ---------------------------------------------------------------------------
# The same through the web pages


def _today() -> str:
    return uk_today().isoformat()


def _mark_form() -> dict[str, str]:
    data = {"outcome": "pass", "feedback": "Good"}
    for i in range(3):
        data[f"met_{i}"] = "yes"
    return data


def _seen(client, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    found = re.search(r'name="seen" type="hidden" value="([^"]+)"', html)
    return found.group(1) if found else ""


# Each page action: (world, key) -> (path, form data); the page answers 403 naming why.
WEB_ACTIONS = {
    "issue or renew": lambda w, k: (
        f"/certificates/people/{w.who(k).id}/issue/core-peer-mentor",
        {},
    ),
    "suspend": lambda w, k: (
        f"/certificates/{w.cert(k).number}/suspend",
        {"reason": "Me", "review_date": _today()},
    ),
    "reinstate": lambda w, k: (
        f"/certificates/{w.suspended(k).number}/reinstate",
        {"reason": "Cleared"},
    ),
    "propose revocation": lambda w, k: (
        f"/certificates/{w.cert(k).number}/propose-revocation",
        {"reason": "Me"},
    ),
    "decide revocation": lambda w, k: (
        f"/certificates/revocations/{w.proposal(k).id}",
        {"decision": "decline", "note": "Keep it"},
    ),
    "record DBS check": lambda w, k: (
        f"/vetting/people/{w.who(k).id}",
        {
            "level": "enhanced",
            "certificate_date": (uk_today() - timedelta(days=30)).isoformat(),
            "recheck_due": uk_today().replace(year=uk_today().year + 3).isoformat(),
        },
    ),
    "propose match": lambda w, k: (
        f"/matching/mentees/{w.mentee.id}/candidates/{w.who(k).id}",
        {},
    ),
    "activate match": lambda w, k: (f"/matching/matches/{w.match(k, 'proposed').id}/activate", {}),
    "resume match": lambda w, k: (f"/matching/matches/{w.match(k, 'paused').id}/resume", {}),
    "pause match": lambda w, k: (
        f"/matching/matches/{w.match(k, 'active').id}/pause",
        {"pause-reason": "Me"},
    ),
    "end match": lambda w, k: (
        f"/matching/matches/{w.match(k, 'active').id}/end",
        {"end-reason": "Me", "end-requested_by": "mentor"},
    ),
    "remove conflict": lambda w, k: (f"/matching/conflicts/{w.conflict(k).id}/remove", {}),
    "record supervision": lambda w, k: (
        f"/matching/supervision/{w.who(k).id}",
        {"held_on": _today(), "wellbeing": "Fine"},
    ),
    "claim own answer": lambda w, k: (
        f"/assessment/submissions/{w.submission(k).id}/claim",
        {},
    ),
    "mark own answer": lambda w, k: (
        f"/assessment/submissions/{w.claimed(k).id}/mark",
        _mark_form(),
    ),
    "second-mark own answer": lambda w, k: (
        f"/assessment/submissions/{w.marked(k).id}/second-mark",
        _mark_form(),
    ),
    "confirm own practice": lambda w, k: (
        f"/practice/review/{w.entry(k).id}",
        {"decision": "confirm"},
    ),
    "send back own practice": lambda w, k: (
        f"/practice/review/{w.entry(k).id}",
        {"decision": "reject", "reason": "No"},
    ),
}
WEB_CASES = [("casey", name) for name in WEB_ACTIONS if name != "decide revocation"] + [
    ("ada", name)
    for name in (
        "issue or renew",
        "suspend",
        "reinstate",
        "propose revocation",
        "decide revocation",
        "record DBS check",
        "propose match",
        "record supervision",
        "second-mark own answer",
    )
]


@pytest.mark.parametrize(("who", "action"), WEB_CASES, ids=[f"{w}-{a}" for w, a in WEB_CASES])
def test_page_refuses_acting_on_own_accreditation_with_a_403_naming_why(client, world, who, action):
    """Posting an action on one's own record answers 403 saying why, never 500; nothing saved."""
    path, data = WEB_ACTIONS[action](world, who)
    sign_in(client, world.who(who).email)
    token = csrf_token(client, "/certificates/scheme")
    if path.startswith("/practice/review/"):
        data = {**data, "seen": _seen(client, path)}
    before = _event_count()
    response = client.post(path, data={"csrf_token": token, **data})
    page = response.get_data(as_text=True)
    assert response.status_code == 403, page
    assert OWN in page
    assert _event_count() == before


def test_sign_off_page_refuses_own_observation_with_the_reason(client, world):
    """The sign-off page sends the holder back with the rule's reason, and signs nothing off."""
    entry = world.entry("casey", "observed")
    sign_in(client, world.casey.email)
    page = client.get(f"/practice/review/{entry.id}/sign-off", follow_redirects=True)
    assert OWN in page.get_data(as_text=True)
    assert db.session.get(PracticeEntry, entry.id).status == "pending"


def test_conflict_form_does_not_offer_oneself_and_a_forged_post_records_nothing(client, world):
    """The conflict form lists other mentors only; posting one's own id records no conflict."""
    make_mentor(world.people["trainee"])
    sign_in(client, world.casey.email)
    page = client.get(f"/matching/mentees/{world.mentee.id}").get_data(as_text=True)
    assert f'<option value="{world.people["trainee"].id}"' in page
    assert f'<option value="{world.casey.id}"' not in page
    token = csrf_token(client, f"/matching/mentees/{world.mentee.id}")
    client.post(
        f"/matching/mentees/{world.mentee.id}/conflicts",
        data={"csrf_token": token, "mentor_id": world.casey.id, "kind": "associate"},
    )
    assert db.session.scalar(select(func.count(DeclaredConflict.id))) == 0


def test_pages_do_not_offer_actions_on_ones_own_records(client, world):
    """Candidates, one's certificate, one's DBS page and one's match show no action buttons."""
    sign_in(client, world.casey.email)
    candidates = client.get(f"/matching/mentees/{world.mentee.id}/candidates").get_data(
        as_text=True
    )
    assert "another coordinator must match you" in candidates
    assert f'/candidates/{world.casey.id}"' not in candidates
    cert_page = client.get(f"/certificates/{world.cert('casey').number}").get_data(as_text=True)
    assert "This is your own certificate" in cert_page
    assert "/suspend" not in cert_page and "/propose-revocation" not in cert_page
    vetting_page = client.get(f"/vetting/people/{world.casey.id}").get_data(as_text=True)
    assert "cannot record your own DBS check" in vetting_page
    assert "Save DBS check" not in vetting_page
    match = world.match("casey", "active")
    match_page = client.get(f"/matching/matches/{match.id}").get_data(as_text=True)
    assert "You are the mentor in this match" in match_page
    assert "/pause" not in match_page and "/end" not in match_page


def test_revocations_page_offers_no_decision_on_ones_own_certificate(client, world):
    """An admin holding a certificate sees its revocation proposal without a decision form."""
    proposal = world.proposal("ada")
    sign_in(client, world.ada.email)
    page = client.get("/certificates/revocations").get_data(as_text=True)
    assert "This is your own certificate, so another admin must decide." in page
    assert f'/certificates/revocations/{proposal.id}"' not in page


# ---------------------------------------------------------------------------
# And through the scheme API


def test_scheme_api_refuses_matching_the_keys_person_with_a_json_403(client, world):
    """A key acting as Casey cannot propose Casey as the mentor: 403 own_record, nothing made."""
    _, key = create_key(db.session, world.casey, world.scheme, "CRM")
    db.session.commit()
    before = _event_count()
    response = client.post(
        "/api/v1/matches",
        json={"mentee_reference": world.mentee.reference, "mentor_id": world.casey.id},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 403
    body = response.get_json()
    assert body["error"] == "own_record" and OWN in body["message"]
    assert db.session.scalar(select(func.count(Match.id))) == 0
    assert _event_count() == before
