"""Cross-scheme isolation: nobody in scheme B reaches an object of scheme A by its id or key.

Built from the authorisation matrix: every row whose path takes a scheme-owned object (any
placeholder except the shared training content and the public certificate number) is requested
as every non-admin role allowed to use it, but held by a member of another scheme. Admins are
cross-scheme by design and so are left out. A new route or placeholder is covered on its own.
"""

from __future__ import annotations

import pytest
from flask import Flask

from lms.accounts.models import Role
from lms.extensions import db
from tests.access import ADMIN, ANON, API_KEY
from tests.factories import make_person, make_scheme
from tests.functional.test_authorisation_matrix import MATRIX
from tests.security.support import (
    Row,
    api_key_for,
    assert_no_failures,
    build_objects,
    client_as,
    count_changes,
    feature_name,
    placeholders,
    request_roles,
    table_counts,
)

# Placeholders that name objects every scheme shares: training content, certificate numbers on
# the public verification routes, and the wallet QR's signed link (a bearer link: whoever holds
# it in its 15 minutes gets the credential, as a wallet app with no sign-in of ours must).
SHARED = {"module", "lesson", "scenario", "public_certificate", "wallet_token"}


@pytest.fixture
def app_config(app_config):
    app_config["WTF_CSRF_ENABLED"] = False  # a refusal must come from the owner check, not CSRF
    return app_config


def scoped_rows() -> dict[str, list[Row]]:
    """Rows that take a scheme's own object, and are open to someone other than admins."""
    grouped: dict[str, list[Row]] = {}
    for row in MATRIX:
        _, _, path, allowed = row
        roles = [r for r in request_roles(allowed) if r not in (ANON, ADMIN)]
        if placeholders(path) - SHARED and roles:
            grouped.setdefault(feature_name(row), []).append(row)
    return grouped


SCOPED = scoped_rows()


@pytest.fixture
def other_scheme(app: Flask) -> dict[str, object]:
    """Scheme B: one person per role, with nothing of their own."""
    scheme = make_scheme("other", "Other Scheme")
    made = {
        role.value: make_person(f"{role.value}@other.example", f"Bo {role.value}", [role], scheme)
        for role in Role
    }
    db.session.commit()
    return made


def test_the_second_matrix_covers_every_object_type():
    """Each scheme-owned object type the routes take by id is in the cross-scheme matrix."""
    covered = {name for rows in SCOPED.values() for row in rows for name in placeholders(row[2])}
    expected = {
        *("attempt", "submission", "practice_entry", "observed_entry", "number"),
        *("trainee_id", "invited", "api_key", "mentee_id", "match_id", "conflict_id", "mentor_id"),
    }
    assert expected <= covered, f"missing: {expected - covered}"


def secrets_of(people: dict, objects: dict) -> list[str]:
    """Strings of scheme A that must never appear in an answer to scheme B."""
    found = [people["trainee"].email, people["trainer"].email, people["trainee"].scheme.name]
    found += [
        value
        for name, value in objects.items()
        if name not in SHARED and isinstance(value, str) and len(value) >= 6
    ]
    return found


@pytest.mark.parametrize("feature", sorted(SCOPED))
def test_objects_of_another_scheme_are_not_found(app, people, other_scheme, feature):
    """Scheme B's trainer, coordinator, trainee or API key gets 403/404, never A's object."""
    rows = SCOPED[feature]
    objects = build_objects(people, rows)  # made in scheme A ("demo")
    secrets = secrets_of(people, objects)
    clients: dict[str, object] = {}
    failures: list[str] = []
    for _endpoint, method, path, allowed in rows:
        url = path.format(**objects)
        for role in request_roles(allowed):
            if role in (ANON, ADMIN):
                continue
            headers = {}
            if role == API_KEY[0]:
                headers["Authorization"] = f"Bearer {api_key_for(other_scheme['coordinator'])}"
                client = clients.setdefault(role, client_as(app, other_scheme, ANON))
            else:
                client = clients.setdefault(role, client_as(app, other_scheme, role))
            before = table_counts()
            response = client.open(url, method=method, data={}, headers=headers)
            body = response.get_data(as_text=True)
            response.close()
            where = f"{method} {url} as scheme B {role}"
            if response.status_code not in (403, 404):
                failures.append(f"{where}: answered {response.status_code}, not 403/404")
            leaked = [s for s in secrets if s in body]
            if leaked:
                failures.append(f"{where}: the answer shows {leaked}")
            changed = count_changes(before, table_counts())
            if changed:
                failures.append(f"{where}: changed rows {changed}")
    assert_no_failures(failures)


def test_the_scheme_api_sees_only_its_own_scheme(app, client, people, other_scheme):
    """With scheme B's key: A's mentee is unknown, A's mentor cannot be matched or listed, and
    A's certificates show only the public status."""
    from lms.certificates import services as certificates
    from lms.certificates.models import Certificate
    from lms.ukdates import uk_today
    from tests.access.verify import public_certificate_number
    from tests.factories import make_mentee, make_mentor

    make_mentor(people["trainee"])
    mentee = make_mentee(people["trainee"].scheme, "A-SECRET-1", created_by=people["coordinator"])
    number = public_certificate_number(people)
    cert = db.session.scalars(db.select(Certificate).where(Certificate.number == number)).one()
    today = uk_today()
    certificates.suspend(db.session, people["coordinator"], cert, "Concern", today, today=today)
    db.session.commit()
    own = {"Authorization": f"Bearer {api_key_for(people['coordinator'])}"}
    other = {"Authorization": f"Bearer {api_key_for(other_scheme['coordinator'])}"}
    before = table_counts()

    candidates = client.get("/api/v1/mentees/A-SECRET-1/candidates", headers=other)
    assert candidates.status_code == 404 and candidates.is_json
    match = client.post(
        "/api/v1/matches",
        json={"mentor_id": people["trainee"].id, "mentee_reference": mentee.reference},
        headers=other,
    )
    assert match.status_code in (404, 422) and match.is_json
    listed = client.get("/api/v1/mentors", headers=other)
    assert listed.status_code == 200
    b_ids = {person.id for person in other_scheme.values()}
    assert {mentor["id"] for mentor in listed.json["mentors"]} <= b_ids
    assert count_changes(before, table_counts()) == {}

    checks = {"numbers": [number]}
    seen_by_other = client.post("/api/v1/certificates/verify", json=checks, headers=other)
    seen_by_own = client.post("/api/v1/certificates/verify", json=checks, headers=own)
    assert seen_by_other.json["results"][0]["status"] == "not_valid"
    assert seen_by_own.json["results"][0]["status"] == "suspended"
