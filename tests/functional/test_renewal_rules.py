"""What renewal is checked against: the renewal needs (not a first issue's practice hours, which
a scheme may have raised since), the same on the page as on the post; and no renewal, nor a new
certificate of the same definition, while a revocation of the holder's certificate waits, so
approving it revokes what they hold."""

from __future__ import annotations

import html
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from lms.certificates import renewal, services
from lms.certificates.eligibility import evaluate
from lms.certificates.models import Certificate
from lms.extensions import db
from lms.matching.models import SupervisionSession
from tests.conftest import csrf_token, sign_in
from tests.factories import make_definition, make_eligible, record_vetting

ISSUED = date(2026, 11, 28)
WINDOW_DAY = date(2028, 10, 29)  # inside the renewal window of a certificate ending 28 Nov 2028
SETTINGS = services.IssueSettings(base_url="https://lms.test")
WAITING = "cannot be renewed while a revocation of certificate {number} waits for an admin's"


@contextmanager
def on(day: date) -> Iterator[None]:
    with time_machine.travel(datetime(day.year, day.month, day.day, 12, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def cert(people) -> Certificate:
    """A certificate in its renewal window on WINDOW_DAY whose every renewal need is met."""
    definition = make_definition()
    with on(ISSUED):
        make_eligible(people["trainee"], people["trainer"], people["coordinator"])
        issued = services.issue(
            db.session, people["trainer"], people["trainee"], definition, SETTINGS, today=ISSUED
        )
    db.session.add(
        SupervisionSession(
            mentor_id=people["trainee"].id,
            supervisor_id=people["trainer"].id,
            held_on=WINDOW_DAY - timedelta(weeks=1),
            wellbeing="Doing well.",
        )
    )
    record_vetting(people["trainee"], people["coordinator"], recheck_due=date(2031, 6, 1))
    db.session.commit()
    return issued


def _sign_in(client, person, day: date = WINDOW_DAY) -> None:
    with on(day):
        sign_in(client, person.email)


def _page(client, path: str) -> str:
    with on(WINDOW_DAY):
        return html.unescape(client.get(path, follow_redirects=True).text)


def _post_renew(client, cert) -> str:
    with on(WINDOW_DAY):
        token = csrf_token(client, f"/certificates/{cert.number}")
        response = client.post(
            f"/certificates/{cert.number}/renew",
            data={"csrf_token": token},
            follow_redirects=True,
        )
    return html.unescape(response.text)


def _current(people) -> list[Certificate]:
    db.session.expire_all()
    stmt = select(Certificate).where(
        Certificate.person_id == people["trainee"].id, Certificate.current
    )
    return list(db.session.scalars(stmt))


def test_a_scheme_raising_its_practice_hours_does_not_stop_a_renewal(client, people, cert):
    """The reviewer's case: the scheme now asks new mentors for 50 hours; the holder has 2.
    The page shows every renewal need done with "Renew", and the post renews."""
    people["trainee"].scheme.practice_hours_required = 50
    db.session.commit()
    first_issue = evaluate(db.session, people["trainee"], cert.definition, WINDOW_DAY)
    assert "Supervised hours: 2 of 50 confirmed." in [r.progress for r in first_issue.unmet]
    assert renewal.check(db.session, cert, WINDOW_DAY).ready
    _sign_in(client, people["trainer"])
    page = _page(client, f"/certificates/{cert.number}")
    assert f'href="/certificates/{cert.number}/renew"' in page and "To do" not in page
    confirm = _page(client, f"/certificates/{cert.number}/renew")
    assert "Renew certificate</button>" in confirm
    done = _post_renew(client, cert)
    [new] = _current(people)
    assert new.supersedes_id == cert.id and new.valid_until == date(2030, 11, 28)
    assert f"Certificate renewed: {new.number} replaces {cert.number}." in done
    assert "not eligible yet" not in done


def test_no_renewal_while_a_revocation_waits_and_approving_revokes_what_is_held(
    client, people, cert
):
    """A coordinator proposes revoking: the page hides "Renew" and says why, the renew page
    and the post refuse, the service refuses; the admin's approval then revokes the current
    certificate and the holder holds nothing current."""
    proposal = services.propose_revocation(db.session, people["coordinator"], cert, "Concern")
    db.session.commit()
    sentence = WAITING.format(number=cert.number)
    _sign_in(client, people["trainer"])
    page = _page(client, f"/certificates/{cert.number}")
    assert f'href="/certificates/{cert.number}/renew"' not in page and sentence in page
    assert sentence in _page(client, f"/certificates/{cert.number}/renew")
    refused = _post_renew(client, cert)
    assert sentence in refused and "Renew certificate</button>" not in refused
    with pytest.raises(services.CertificateError, match="waits for an admin's decision"):
        renewal.renew(db.session, people["trainer"], cert, SETTINGS, today=WINDOW_DAY)
    db.session.rollback()
    assert [c.id for c in _current(people)] == [cert.id]

    holder = client.application.test_client()
    _sign_in(holder, people["trainee"])
    own = _page(holder, f"/certificates/{cert.number}")
    assert "It cannot be renewed at the moment." in own and "revocation" not in own.lower()

    proposal = db.session.get(type(proposal), proposal.id)
    services.decide_revocation(db.session, people["admin"], proposal, approve=True, note="Yes")
    db.session.commit()
    db.session.expire_all()
    revoked = db.session.get(Certificate, cert.id)
    assert revoked.revoked_at is not None and not revoked.current
    assert services.status_of(revoked, WINDOW_DAY) == "revoked"
    assert _current(people) == []


def test_a_declined_revocation_lets_the_renewal_go_ahead(people, cert):
    proposal = services.propose_revocation(db.session, people["coordinator"], cert, "Concern")
    services.decide_revocation(db.session, people["admin"], proposal, approve=False, note="No")
    db.session.commit()
    assert renewal.check(db.session, cert, WINDOW_DAY).ready
    new = renewal.renew(db.session, people["trainer"], cert, SETTINGS, today=WINDOW_DAY)
    assert new.supersedes_id == cert.id


def test_no_new_certificate_of_the_definition_while_a_revocation_waits(client, people, cert):
    """Once the certificate has expired, a new one is not issued either while its revocation
    waits: the issue page and the service say why."""
    after = cert.valid_until + timedelta(days=1)
    services.propose_revocation(db.session, people["coordinator"], cert, "Concern")
    db.session.commit()
    with pytest.raises(services.CertificateError, match="cannot be issued or renewed"):
        services.issue(
            db.session, people["trainer"], people["trainee"], cert.definition, SETTINGS, today=after
        )
    db.session.rollback()
    _sign_in(client, people["trainer"], after)
    with on(after):
        page = client.get(
            f"/certificates/people/{people['trainee'].id}/issue/{cert.definition_slug}",
            follow_redirects=True,
        ).text
    assert f"A revocation of certificate {cert.number} is waiting" in html.unescape(page)
    assert [c.id for c in _current(people)] == [cert.id]


def test_a_replaced_certificate_cannot_be_proposed_for_revocation(people, cert):
    """Revoking is proposed on the current certificate, never on the one a renewal replaced."""
    new = renewal.renew(db.session, people["trainer"], cert, SETTINGS, today=WINDOW_DAY)
    db.session.commit()
    with pytest.raises(services.CertificateError, match="replaced by a renewal"):
        services.propose_revocation(db.session, people["coordinator"], cert, "Concern")
    db.session.rollback()
    services.propose_revocation(db.session, people["coordinator"], new, "Concern")


def test_nobody_renews_their_own_certificate(people, cert):
    """A holder who is also a trainer is told who can renew it instead: nothing is made."""
    from lms.accounts.duties import OwnRecord
    from lms.accounts.models import PersonRole, Role

    holder = people["trainee"]
    db.session.add(PersonRole(person=holder, role=Role.TRAINER.value))
    db.session.commit()
    with pytest.raises(OwnRecord, match="issue or renew your own certificate"):
        renewal.renew(db.session, holder, cert, SETTINGS, today=WINDOW_DAY)
    db.session.rollback()
    assert [c.id for c in _current(people)] == [cert.id]


@pytest.mark.postgres_only
def test_a_renewal_and_a_revocation_proposal_at_once_never_both_go_through(app, people, cert):
    """Both take the holder's lock: either the proposal waits, finds the certificate replaced
    and is refused, or the renewal waits, finds the revocation waiting and is refused."""
    from lms.accounts.models import Person
    from lms.certificates.models import RevocationProposal
    from tests.races import race

    trainer_id, coordinator_id, cert_id = people["trainer"].id, people["coordinator"].id, cert.id

    def renew() -> None:
        held = db.session.get(Certificate, cert_id)
        trainer = db.session.get(Person, trainer_id)
        renewal.renew(db.session, trainer, held, SETTINGS, today=WINDOW_DAY)

    def propose() -> None:
        held = db.session.get(Certificate, cert_id)
        coordinator = db.session.get(Person, coordinator_id)
        services.propose_revocation(db.session, coordinator, held, "Concern")

    outcomes = race(app, [renew, propose], lambda exc: "refused")
    assert sorted(outcomes) == ["ok", "refused"]
    db.session.expire_all()
    proposals = db.session.scalars(select(RevocationProposal)).all()
    current = _current(people)
    if proposals:  # the proposal went first: nothing was renewed
        assert [c.id for c in current] == [cert_id] and proposals[0].certificate_id == cert_id
    else:
        assert len(current) == 1 and current[0].supersedes_id == cert_id
