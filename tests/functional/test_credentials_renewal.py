"""A renewal issues its own credential; the one it replaces is not marked revoked (the holder
is still certified: "revoked" would wrong them) and runs to its own, earlier validUntil."""

from __future__ import annotations

import json

from lms.certificates import renewal
from lms.credentials import badges, status_lists
from lms.extensions import db
from tests.functional.test_renewal_rules import SETTINGS, WINDOW_DAY, cert  # noqa: F401


def _revoked(client, row) -> bool:
    listed = client.get("/credentials/status/revocation").get_json(force=True)
    bits = status_lists.decode(listed["credentialSubject"]["encodedList"])
    return status_lists.bit(bits, row.revocation_index)


def test_a_renewal_has_its_own_credential_and_leaves_the_old_one_unrevoked(client, people, cert):  # noqa: F811
    old = badges.for_certificate(db.session, cert)
    assert old is not None and not _revoked(client, old)
    new = renewal.renew(db.session, people["trainer"], cert, SETTINGS, today=WINDOW_DAY)
    db.session.commit()
    fresh = badges.for_certificate(db.session, new)
    assert fresh is not None and fresh.certificate_id != old.certificate_id
    assert json.loads(fresh.json)["validUntil"] > json.loads(old.json)["validUntil"]
    assert not _revoked(client, old) and not _revoked(client, fresh)
