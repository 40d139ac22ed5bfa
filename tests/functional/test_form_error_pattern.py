"""One error pattern (issue 17, item 11): deciding a revocation, deactivating an account and
declaring a conflict re-render their page with 400, the GOV.UK error summary linking to the
field, the message on the field and what was typed kept; nothing changes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.accounts.models import Person, Role
from lms.certificates import services
from lms.certificates.models import Certificate, RevocationProposal
from lms.extensions import db
from lms.matching.models import DeclaredConflict
from lms.ukdates import uk_today
from tests.conftest import csrf_token, sign_in
from tests.factories import make_definition, make_eligible, make_mentee, make_mentor, make_person

SUMMARY = '<h2 class="govuk-error-summary__title">There is a problem</h2>'


def _field_error(field_id: str, message: str) -> str:
    return (
        f'<p id="{field_id}-error" class="govuk-error-message">'
        f'<span class="govuk-visually-hidden">Error:</span> {message}</p>'
    )


@pytest.fixture
def proposal(people):
    """A revocation the coordinator proposed, waiting for an admin's decision."""
    make_eligible(people["trainee"], people["trainer"], people["coordinator"])
    cert = services.issue(
        db.session,
        people["trainer"],
        people["trainee"],
        make_definition(),
        services.IssueSettings("https://lms.test"),
        today=uk_today(),
    )
    made = services.propose_revocation(db.session, people["coordinator"], cert, "Serious breach")
    db.session.commit()
    return made


def _decide(client, proposal, **data):
    token = csrf_token(client, "/certificates/revocations")
    return client.post(
        f"/certificates/revocations/{proposal.id}", data={**data, "csrf_token": token}
    )


def test_a_decision_without_a_reason_shows_the_summary_and_keeps_the_choice(
    client, login, proposal
):
    """No note: 400, the summary links to the note field, the chosen radio stays chosen."""
    login("admin")
    response = _decide(client, proposal, decision="approve", note="")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert SUMMARY in page and "<title>Error: Revocations to decide" in page
    assert f'<li><a href="#note-{proposal.id}">Say why</a></li>' in page
    assert _field_error(f"note-{proposal.id}", "Say why") in page
    assert (
        f'id="decision-{proposal.id}-approve" name="decision" type="radio" value="approve" checked'
        in page
    )
    db.session.expire_all()
    assert db.session.get(Certificate, proposal.certificate_id).revoked_at is None
    assert db.session.get(RevocationProposal, proposal.id).status == "pending"


def test_a_decision_without_a_choice_shows_the_summary_and_keeps_the_note(client, login, proposal):
    """No decision: 400, the summary links to the first radio, the note typed is kept."""
    login("admin")
    response = _decide(client, proposal, note="Agreed after the hearing")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert (
        f'<li><a href="#decision-{proposal.id}-approve">Choose whether to revoke</a></li>' in page
    )
    assert _field_error(f"decision-{proposal.id}", "Choose whether to revoke") in page
    assert ">Agreed after the hearing</textarea>" in page
    db.session.expire_all()
    assert db.session.get(RevocationProposal, proposal.id).status == "pending"


def test_a_decision_the_service_refuses_is_shown_in_the_summary(client, proposal):
    """The proposer deciding their own proposal (a forged post) gets the summary, not a flash."""
    proposer = make_person("second-admin@example.org", "Second Admin", [Role.ADMIN])
    proposal.proposed_by_id = proposer.id
    db.session.commit()
    sign_in(client, "second-admin@example.org")
    response = _decide(client, proposal, decision="approve", note="Agreed")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and SUMMARY in page
    assert (
        f'<li><a href="#proposal-{proposal.id}">A different admin must decide on a revocation '
        "you proposed.</a></li>"
    ) in page
    db.session.expire_all()
    assert db.session.get(RevocationProposal, proposal.id).status == "pending"


def test_a_good_decision_still_redirects(client, login, proposal):
    login("admin")
    response = _decide(client, proposal, decision="decline", note="Not serious enough")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(RevocationProposal, proposal.id).status != "pending"


def test_deactivating_without_a_reason_shows_the_summary(client, login, people):
    """No reason: 400, the summary links to the reason, the account stays active."""
    login("admin")
    trainee = people["trainee"]
    url = f"/admin/people/{trainee.id}"
    response = client.post(
        f"{url}/deactivate", data={"reason": "", "csrf_token": csrf_token(client, url)}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert SUMMARY in page and '<li><a href="#reason">Say why</a></li>' in page
    assert _field_error("reason", "Say why") in page
    assert f'value="{trainee.name}"' in page  # the details form still shows what is stored
    db.session.expire_all()
    assert db.session.get(Person, trainee.id).active is True


def _declare(client, mentee, **data):
    path = f"/matching/mentees/{mentee.id}"
    return client.post(f"{path}/conflicts", data={**data, "csrf_token": csrf_token(client, path)})


def test_a_conflict_without_a_kind_shows_the_summary_and_keeps_the_mentor(client, login, people):
    """No kind: 400, the summary links to the kind, the mentor chosen stays selected."""
    mentor = make_person("mo@example.org", "Mo Mentor", [Role.TRAINEE], people["trainee"].scheme)
    make_mentor(mentor, today=uk_today())
    mentee = make_mentee(mentor.scheme, "LS-1")
    login("coordinator")
    response = _declare(client, mentee, mentor_id=str(mentor.id))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert SUMMARY in page and '<li><a href="#kind">Choose what the conflict is</a></li>' in page
    assert _field_error("kind", "Choose what the conflict is") in page
    assert f'<option selected value="{mentor.id}">Mo Mentor</option>' in page
    assert db.session.scalars(select(DeclaredConflict)).all() == []


def test_a_conflict_without_a_mentor_shows_the_message_on_the_mentor(client, login, people):
    mentee = make_mentee(people["trainee"].scheme, "LS-2")
    login("coordinator")
    response = _declare(client, mentee, mentor_id="0", kind="family")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert '<li><a href="#mentor_id">Choose a mentor from your scheme</a></li>' in page
    assert _field_error("mentor_id", "Choose a mentor from your scheme") in page
    assert db.session.scalars(select(DeclaredConflict)).all() == []


@pytest.fixture
def active_match(people):
    from tests.factories import make_match

    mentor = make_person("mo@example.org", "Mo Mentor", [Role.TRAINEE], people["trainee"].scheme)
    make_mentor(mentor, today=uk_today())
    return make_match(mentor, make_mentee(mentor.scheme, "LS-9"), created_by=people["coordinator"])


def test_a_blank_pause_reason_the_service_refuses_is_shown_on_the_field(
    client, login, active_match
):
    """Spaces pass the form's check but not the service's: the page again (400), not a flash."""
    login("coordinator")
    path = f"/matching/matches/{active_match.id}"
    response = client.post(
        f"{path}/pause", data={"pause-reason": "   ", "csrf_token": csrf_token(client, path)}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and SUMMARY in page
    assert '<li><a href="#pause-reason">Say why the match is being paused.</a></li>' in page
    assert _field_error("pause-reason", "Say why the match is being paused.") in page
    db.session.refresh(active_match)
    assert active_match.status == "active"


def test_a_blank_request_to_end_is_shown_on_the_mentors_field(client, active_match):
    sign_in(client, "mo@example.org")
    path = f"/matching/my-mentees/{active_match.id}"
    response = client.post(
        f"{path}/ask-to-end", data={"end-reason": " \t ", "csrf_token": csrf_token(client, path)}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and SUMMARY in page
    message = "Say why you are asking to end this match."
    assert f'<li><a href="#end-reason">{message}</a></li>' in page
    assert _field_error("end-reason", message) in page
    db.session.refresh(active_match)
    assert active_match.end_asked_at is None
