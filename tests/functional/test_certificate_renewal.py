"""Renewal: a certificate in its renewal window shows what renewal needs (refresher modules
that changed, a supervision within the scheme's interval, a current DBS check) with progress,
and a trainer renews it once they are met; the renewal supersedes the old certificate and keeps
the chain. A holder's own page shows a held certificate's requirements as met."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from lms.accounts.models import Role
from lms.audit.models import AuditEvent
from lms.certificates import renewal, services
from lms.certificates.models import Certificate
from lms.extensions import db
from lms.matching.models import SupervisionSession
from lms.notifications.models import Notification
from lms.ukdates import uk_date
from tests.conftest import csrf_token, sign_in
from tests.factories import (
    make_definition,
    make_eligible,
    make_module,
    make_person,
    make_scheme,
    record_vetting,
    take_quiz,
)

ISSUED = date(2026, 11, 28)
WINDOW_DAY = date(2028, 10, 29)  # 30 days before the certificate's last day, 28 Nov 2028
SETTINGS = services.IssueSettings(base_url="https://lms.test")


@contextmanager
def on(day: date) -> Iterator[None]:
    with time_machine.travel(datetime(day.year, day.month, day.day, 12, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def cert(people) -> Certificate:
    definition = make_definition()
    with on(ISSUED):
        make_eligible(people["trainee"], people["trainer"], people["coordinator"])
        issued = services.issue(
            db.session, people["trainer"], people["trainee"], definition, SETTINGS, today=ISSUED
        )
        db.session.commit()
    return issued


def _supervised(people, held_on: date) -> None:
    db.session.add(
        SupervisionSession(
            mentor_id=people["trainee"].id,
            supervisor_id=people["trainer"].id,
            held_on=held_on,
            wellbeing="Doing well.",
        )
    )
    db.session.commit()


def _progress(cert) -> dict[str, tuple[bool, str]]:
    found = renewal.needs(db.session, cert, WINDOW_DAY)
    return {item.code: (item.met, item.progress) for item in found.items}


def _meet_everything(people, quiz: bool = True) -> None:
    if quiz:  # the changed module passed again
        take_quiz(people["trainee"], db.session.scalars(select_module()).one())
    _supervised(people, WINDOW_DAY - timedelta(weeks=6))  # the last day that still counts
    record_vetting(people["trainee"], people["coordinator"], recheck_due=date(2031, 6, 1))


def select_module():
    from lms.content.models import Module

    return select(Module).where(Module.slug == "sample")


def test_renewal_needs_are_shown_with_progress_until_met_then_a_trainer_renews(
    client, people, cert
):
    """In the window: each need with its progress and no Renew action; once every one is met,
    "Renew" leads to a confirmation whose POST supersedes the old certificate."""
    with on(WINDOW_DAY):
        make_module("sample")  # the module's questions changed since the certificate was issued
        assert _progress(cert) == {
            "refresher": (
                False,
                "0 of 1 changed modules passed again. Still to do: Module sample.",
            ),
            "supervision": (False, "No supervision has been recorded yet."),
            "vetting": (False, "A recheck was due on 1 June 2028."),
        }
        sign_in(client, people["trainer"].email)
        page = client.get(f"/certificates/{cert.number}").text
        assert "This certificate is in its renewal window" in page
        assert "Still to do: Module sample." in page and "No supervision has been recorded" in page
        assert f'href="/certificates/{cert.number}/renew"' not in page
        refused = client.post(
            f"/certificates/{cert.number}/renew",
            data={"csrf_token": csrf_token(client, f"/certificates/{cert.number}")},
            follow_redirects=True,
        ).text
        assert "is not eligible yet" in refused and "Renew certificate</button>" not in refused
        assert db.session.scalars(select(Certificate)).all() == [cert]

        _meet_everything(people)
        assert all(met for met, _ in _progress(cert).values())
        page = client.get(f"/certificates/{cert.number}").text
        assert f'href="/certificates/{cert.number}/renew"' in page
        confirm = client.get(f"/certificates/{cert.number}/renew").text
        assert "valid until 28 November 2030" in confirm and "Renew certificate" in confirm
        response = client.post(
            f"/certificates/{cert.number}/renew",
            data={"csrf_token": csrf_token(client, f"/certificates/{cert.number}/renew")},
        )
    db.session.expire_all()
    old = db.session.get(Certificate, cert.id)
    new = db.session.scalars(select(Certificate).where(Certificate.current)).one()
    assert response.headers["Location"].endswith(f"/certificates/{new.number}")
    assert new.supersedes_id == old.id and not old.current and old.superseded_at is not None
    assert new.valid_from == WINDOW_DAY and new.valid_until == date(2030, 11, 28)
    [event] = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "certificate.renewed")
    ).all()
    assert event.actor_id == people["trainer"].id and event.details["supersedes"] == old.number
    kinds = db.session.scalars(
        select(Notification.kind).where(Notification.person_id == people["trainee"].id)
    ).all()
    assert "certificate-renewed" in kinds
    with on(WINDOW_DAY):
        page = client.get(f"/certificates/{new.number}").text
    assert f'href="/certificates/{old.number}"' in page  # the chain: "Renews" the old one


def test_supervision_counts_within_the_schemes_interval_only(people, cert):
    """The scheme's interval decides: a session exactly that many weeks ago counts, a day
    earlier does not and is named."""
    people["trainee"].scheme.supervision_interval_weeks = 4
    _supervised(people, WINDOW_DAY - timedelta(weeks=4, days=1))
    too_old = WINDOW_DAY - timedelta(weeks=4, days=1)
    assert _progress(cert)["supervision"] == (
        False,
        f"The last supervision was on {uk_date(too_old)}.",
    )
    _supervised(people, WINDOW_DAY - timedelta(weeks=4))
    met, words = _progress(cert)["supervision"]
    assert met and words == f"Last supervision on {uk_date(WINDOW_DAY - timedelta(weeks=4))}."
    assert renewal.needs(db.session, cert, WINDOW_DAY).items[1].label == (
        "Supervision in the last 4 weeks"
    )


def test_nothing_changed_means_no_refresher_is_needed(people, cert):
    assert _progress(cert)["refresher"] == (True, "No module has changed since it was issued.")


def test_renewal_is_refused_outside_the_window_and_to_others(client, people, cert):
    """Before the window the trainer is told when it is not due; a trainer of another scheme
    cannot see it; the service refuses a valid certificate and a coordinator."""
    _meet_everything(people, quiz=False)
    with on(ISSUED + timedelta(days=10)):
        sign_in(client, people["trainer"].email)
        page = client.get(f"/certificates/{cert.number}/renew", follow_redirects=True).text
        assert "is not in its renewal window yet" in page
        with pytest.raises(services.CertificateError, match="renewal window"):
            renewal.renew(
                db.session, people["trainer"], cert, SETTINGS, today=ISSUED + timedelta(days=10)
            )
    db.session.rollback()
    with pytest.raises(services.CertificateError, match="cannot renew"):
        renewal.renew(db.session, people["coordinator"], cert, SETTINGS, today=WINDOW_DAY)
    db.session.rollback()
    outsider = make_person("t@other.org", "Oz", [Role.TRAINER], make_scheme("other", "Other"))
    other = client.application.test_client()
    with on(WINDOW_DAY):
        sign_in(other, outsider.email)
        assert other.get(f"/certificates/{cert.number}/renew").status_code == 404
    assert db.session.scalars(select(Certificate)).all() == [cert]


def test_a_certified_mentors_page_shows_the_requirements_as_met(client, login, people, cert):
    """Once held, the route shows every requirement done, even after a module changed (which
    would otherwise count "0 of 1 passed"); the renewal needs appear on the certificate."""
    with on(ISSUED + timedelta(days=100)):
        make_module("sample")
        login("trainee")
        page = client.get("/certificates/").text
    assert "Every requirement was met when it was issued" in page
    assert "0 of 1 passed" not in page and "To do" not in page
    assert f"Met when certificate {cert.number} was issued on {uk_date(ISSUED)}." in page


@pytest.mark.postgres_only
def test_two_trainers_renewing_at_once_make_one_renewal(app, people, cert):
    """The second waits for the holder's lock, finds the certificate already superseded and is
    refused: one new certificate, one chain."""
    from lms.accounts.models import Person
    from tests.races import race

    _meet_everything(people, quiz=False)
    _supervised(people, WINDOW_DAY)
    other = make_person("t2@example.org", "Tia", [Role.TRAINER], people["trainee"].scheme)
    trainer_ids, cert_id = (people["trainer"].id, other.id), cert.id

    def renew_as(trainer_id: int):
        def job() -> None:
            trainer = db.session.get(Person, trainer_id)
            held = db.session.get(Certificate, cert_id)
            renewal.renew(db.session, trainer, held, SETTINGS, today=WINDOW_DAY)

        return job

    outcomes = race(app, [renew_as(i) for i in trainer_ids], lambda exc: "refused")
    assert sorted(outcomes) == ["ok", "refused"]
    current = db.session.scalars(select(Certificate).where(Certificate.current)).all()
    assert len(current) == 1 and current[0].supersedes_id == cert_id


def test_a_certified_mentors_home_does_not_count_modules_still_to_pass(client, people):
    """A mentor whose module changed since issue is not told "0 of 1 core modules" passed."""
    from tests.mentoring import certified_mentor

    mentor = certified_mentor(people)
    make_module("sample")  # a new version of the module: its quiz is not passed yet
    sign_in(client, mentor.email)
    page = client.get("/trainee").text
    assert "Every requirement of your certificate was met when it was issued." in page
    assert "You have passed 0 of" not in page and "Progress toward your certificate" not in page


def test_a_renewal_posted_without_its_token_is_refused_and_renews_nothing(client, people, cert):
    _meet_everything(people, quiz=False)
    with on(WINDOW_DAY):
        sign_in(client, people["trainer"].email)
        response = client.post(f"/certificates/{cert.number}/renew", data={})
    assert response.status_code == 400 and "Bad request" in response.text
    assert db.session.scalars(select(Certificate)).all() == [cert]
