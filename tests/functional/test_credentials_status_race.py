"""Two status changes at once on PostgreSQL: each rebuilds the list after the other's commit
(the list's row is locked first), so neither certificate's bit is lost."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from lms.accounts.models import Role
from lms.certificates.models import Certificate
from lms.credentials import badges, status_lists
from lms.credentials.models import BadgeCredential, StatusList
from lms.db import utcnow
from lms.extensions import db
from tests.factories import make_mentor, make_person
from tests.races import race


def _revoke_and_rebuild(cert_id: int):
    def job() -> None:
        cert = db.session.get(Certificate, cert_id)
        cert.revoked_at = utcnow()
        status_lists.regenerate(db.session, ("revocation",))

    return job


@pytest.mark.postgres_only(reason="row locks: SQLite serialises whole transactions")
@pytest.mark.parametrize("attempt", range(3))
def test_two_revocations_at_once_both_reach_the_list(app, people, attempt):
    scheme = people["coordinator"].scheme
    certs = []
    for n in range(2):
        mentor = make_person(f"m{n}@example.org", f"Mentor {n}", [Role.TRAINEE], scheme)
        certs.append(make_mentor(mentor))
    db.session.commit()
    for cert in certs:
        badges.issue_quietly(db.session, db.session.get(Certificate, cert.id))
    status_lists.regenerate(db.session)
    db.session.commit()
    ids = [cert.id for cert in certs]
    outcomes = race(app, [_revoke_and_rebuild(i) for i in ids], lambda exc: "refused")
    assert outcomes == ["ok", "ok"]
    db.session.expire_all()
    stored = db.session.scalars(
        select(StatusList.json).where(StatusList.purpose == "revocation")
    ).one()
    bits = status_lists.decode(json.loads(stored)["credentialSubject"]["encodedList"])
    indexes = db.session.scalars(
        select(BadgeCredential.revocation_index).where(BadgeCredential.certificate_id.in_(ids))
    ).all()
    assert len(indexes) == 2 and all(status_lists.bit(bits, i) for i in indexes)
