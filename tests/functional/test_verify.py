"""Public certificate checks: the /verify pages and GET /api/v1/certificates/<number>."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import event

from lms.accounts.models import Role
from lms.certificates import number as numbers
from lms.certificates import renewal, services
from lms.db import read_engine
from lms.extensions import db
from lms.matching.models import SupervisionSession
from lms.ukdates import uk_date
from tests.factories import make_definition, make_eligible, make_person, record_vetting

TODAY = date(2026, 11, 28)
BASE_URL = "https://check.example.org"
SUSPENSION_REASON = "Boundary concern raised at the hostel"
REVOCATION_REASON = "Serious breach of the code of conduct"
ISSUER_NAME = "Ida Issuer"
SCHEME_NAME = "Demo Scheme"
# A well-formed number with 0s and 1s in it, so O/0 and I/L/1 mix-ups can be tried.
CRAFTED_DATA = "10K3Q9X1"
CRAFTED = f"PM-{CRAFTED_DATA[:4]}-{CRAFTED_DATA[4:]}-{numbers.check_symbol(CRAFTED_DATA)}"
UNKNOWN = "PM-ABCD-EFGH-" + numbers.check_symbol("ABCDEFGH")  # valid, never issued
API = "/api/v1/certificates/"
COMPETENCE_LABEL = "mentor people in the criminal justice system as a peer"


@pytest.fixture
def app_config(app_config):
    app_config["BASE_URL"] = BASE_URL
    app_config["RATELIMIT_VERIFY"] = "1000 per minute"
    return app_config


@contextmanager
def on(day: date) -> Iterator[None]:
    """Freeze the clock at midday UK time on ``day`` (status depends on today's date)."""
    with time_machine.travel(datetime(day.year, day.month, day.day, 12, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def definition(app):
    return make_definition()


@pytest.fixture
def issuer(people):
    return make_person("issuer@example.org", ISSUER_NAME, [Role.TRAINER], people["trainer"].scheme)


@pytest.fixture
def issue(people, definition, issuer):
    """``issue("Name")`` makes an eligible trainee of that name and issues them a certificate."""

    def _issue(name: str = "Sam Taylor", today: date = TODAY):
        email = re.sub(r"\W+", ".", name.lower()) + "@example.org"
        person = make_person(email, name, [Role.TRAINEE], people["trainee"].scheme)
        make_eligible(person, people["trainer"], people["coordinator"])
        with on(today):
            cert = services.issue(
                db.session,
                issuer,
                person,
                definition,
                services.IssueSettings(base_url=BASE_URL),
                today=today,
            )
            db.session.commit()
        return cert

    return _issue


def _suspend(cert, people) -> None:
    with on(TODAY):
        services.suspend(
            db.session,
            people["coordinator"],
            cert,
            SUSPENSION_REASON,
            TODAY + timedelta(days=14),
            today=TODAY,
        )
        db.session.commit()


def _revoke(cert, people) -> None:
    with on(TODAY):
        proposal = services.propose_revocation(
            db.session, people["coordinator"], cert, REVOCATION_REASON
        )
        services.decide_revocation(
            db.session, people["admin"], proposal, approve=True, note="Agreed after review"
        )
        db.session.commit()


def _supersede(cert, people, definition, issuer) -> None:
    """Renew inside the window, which replaces the old certificate with a new one."""
    renew_day = cert.valid_until - timedelta(days=30)
    record_vetting(cert.person, people["coordinator"], recheck_due=date(2031, 1, 1))
    db.session.add(
        SupervisionSession(
            mentor_id=cert.person_id, supervisor_id=issuer.id, held_on=renew_day, wellbeing="Well."
        )
    )
    with on(renew_day):
        settings = services.IssueSettings(base_url=BASE_URL)
        renewal.renew(db.session, issuer, cert, settings, today=renew_day)
        db.session.commit()


def page(client, number: str, day: date = TODAY):
    with on(day):
        return client.get(f"/verify/{number}")


def api(client, number: str, day: date = TODAY):
    with on(day):
        return client.get(API + number)


def text_of(response) -> str:
    return response.get_data(as_text=True)


# ---------------------------------------------------------------------------
# Valid, expiring, expired


def test_valid_certificate_page_shows_the_public_details(client, issue):
    """A valid certificate: green panel, name, title, competences in words, dates and number."""
    cert = issue()
    response = page(client, cert.number)
    assert response.status_code == 200
    html = text_of(response)
    assert "This certificate is valid" in html
    assert "govuk-panel--confirmation" in html
    assert "Sam Taylor" in html
    assert "Certificate core-peer-mentor" in html
    assert COMPETENCE_LABEL in html
    assert uk_date(TODAY) in html and uk_date(cert.valid_until) in html
    assert cert.number in html
    assert "not valid" not in html and "expired" not in html


def test_api_answers_exactly_the_public_fields(client, issue):
    """The JSON has exactly the agreed keys, ISO dates, competence codes and an absolute URL."""
    cert = issue()
    response = api(client, cert.number)
    assert response.status_code == 200
    assert response.json == {
        "number": cert.number,
        "holder_name": "Sam Taylor",
        "certificate": {"slug": "core-peer-mentor", "title": "Certificate core-peer-mentor"},
        "competences": ["peer-mentoring"],
        "issued_on": "2026-11-28",
        "valid_until": "2028-11-28",
        "status": "valid",
        "verify_url": f"{BASE_URL}/verify/{cert.number}",
        "links": {
            "credential": f"{BASE_URL}/certificates/{cert.number}/credential.json",
            "status": [
                f"{BASE_URL}/credentials/status/revocation",
                f"{BASE_URL}/credentials/status/suspension",
            ],
            "did": f"{BASE_URL}/.well-known/did.json",
        },
    }


def test_inside_the_renewal_window_is_still_valid(client, issue):
    """Expiring soon (renewal due) is scheme business: the public sees "valid" to the last day."""
    cert = issue()
    for day in (cert.valid_until - timedelta(days=30), cert.valid_until):
        assert "This certificate is valid" in text_of(page(client, cert.number, day))
        assert api(client, cert.number, day).json["status"] == "valid"


def test_expired_after_the_last_day(client, issue):
    """The day after "valid until" the certificate has expired, on the page and in the API."""
    cert = issue()
    day = cert.valid_until + timedelta(days=1)
    html = text_of(page(client, cert.number, day))
    assert "This certificate has expired" in html
    assert "govuk-panel--confirmation" not in html
    assert api(client, cert.number, day).json["status"] == "expired"


# ---------------------------------------------------------------------------
# Suspended, revoked and replaced look the same


@pytest.fixture
def stopped(people, definition, issuer, issue):
    """Three certificates issued the same day: one suspended, one revoked, one replaced."""
    suspended, revoked, superseded = (issue(name) for name in ("Ann Able", "Bob Baker", "Cy Cole"))
    _suspend(suspended, people)
    _revoke(revoked, people)
    _supersede(superseded, people, definition, issuer)
    return {"suspended": suspended, "revoked": revoked, "superseded": superseded}


def _anonymised(html: str, cert) -> str:
    return html.replace(cert.number, "NUMBER").replace(cert.holder_name, "NAME")


def test_suspended_revoked_and_replaced_pages_are_identical(client, stopped):
    """The public sees "not valid" and nothing else: the pages differ only in name and number."""
    day = TODAY + timedelta(days=700)  # after the renewal; all three still inside their dates
    pages = {}
    for state, cert in stopped.items():
        response = page(client, cert.number, day)
        assert response.status_code == 200
        pages[state] = _anonymised(text_of(response), cert)
    assert pages["suspended"] == pages["revoked"] == pages["superseded"]
    html = pages["suspended"]
    assert "This certificate is not valid" in html
    for word in ("suspend", "revok", "supersed", "replaced", "review"):
        assert word not in html.lower()


def test_suspended_revoked_and_replaced_api_answers_are_identical(client, stopped):
    """The API says ``not_valid`` for all three, with no other difference."""
    day = TODAY + timedelta(days=700)
    answers = {}
    for state, cert in stopped.items():
        body = api(client, cert.number, day).json
        assert body["status"] == "not_valid"
        # The credential link names the number, as verify_url does; nothing else may differ.
        assert body["links"].pop("credential").endswith(f"/{cert.number}/credential.json")
        answers[state] = {
            k: v for k, v in body.items() if k not in {"number", "holder_name", "verify_url"}
        }
    assert answers["suspended"] == answers["revoked"] == answers["superseded"]


def test_no_scheme_internal_data_is_shown(client, people, stopped):
    """No reason, review date, issuer or email reaches the page or the JSON; the scheme's name
    is on the page (it is who to ask), never in the JSON."""
    day = TODAY + timedelta(days=700)
    review = TODAY + timedelta(days=14)
    secrets = [
        SUSPENSION_REASON,
        REVOCATION_REASON,
        "Agreed after review",
        ISSUER_NAME,
        people["coordinator"].name,
        uk_date(review),
        review.isoformat(),
        "@example.org",
    ]
    for cert in stopped.values():
        html = text_of(page(client, cert.number, day))
        assert SCHEME_NAME in html
        json_body = text_of(api(client, cert.number, day))
        for body, hidden in ((html, secrets), (json_body, [*secrets, SCHEME_NAME])):
            leaked = [s for s in hidden if s in body]
            assert not leaked, f"{cert.holder_name}: {leaked}"


# ---------------------------------------------------------------------------
# Number spellings, unknown numbers and the form

SPELLINGS = [
    CRAFTED.lower(),
    CRAFTED.replace("-", " "),
    CRAFTED.replace("-", ""),
    CRAFTED.replace("0", "O").lower(),
    CRAFTED.replace("1", "I"),
    CRAFTED.replace("1", "l"),
    CRAFTED[3:],  # no PM prefix
    f"  {CRAFTED.lower()}  ",
]


@pytest.fixture
def crafted(issue):
    """A valid certificate whose number has 0s and 1s in it."""
    cert = issue()
    cert.number = CRAFTED
    db.session.commit()
    return cert


def test_the_address_accepts_any_spelling(client, crafted):
    """/verify/<any spelling> redirects to the canonical number, and the API answers directly."""
    for spelling in SPELLINGS:
        response = page(client, spelling)
        assert response.status_code == 301, spelling
        assert response.headers["Location"].endswith(f"/verify/{CRAFTED}"), spelling
        assert response.headers["Cache-Control"] == "no-store"
        assert api(client, spelling).json["number"] == CRAFTED, spelling
    followed = page(client, CRAFTED)
    assert followed.status_code == 200 and "This certificate is valid" in text_of(followed)


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_the_form_accepts_any_spelling(client, spelling):
    """The form normalises what was typed and redirects to the certificate's own address."""
    response = client.get("/verify", query_string={"number": spelling})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/verify/{CRAFTED}")


def test_the_form_page(client):
    """The form has one labelled field with a hint, sent by GET."""
    html = text_of(client.get("/verify"))
    assert 'method="get"' in html
    assert 'for="number">Certificate number</label>' in html
    assert "Capital letters, spaces and dashes do not matter." in html
    assert "There is a problem" not in html


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("PM-7K3Q-9XWD", "Check the certificate number. It starts with PM and has 3 groups"),
        ("PM-7K3Q-9XWD-J", "Check the certificate number."),  # wrong check character
        ("PM-7K3U-9XWD-H", "Check the certificate number."),  # U is never used
        ("", "Enter the certificate number"),
    ],
)
def test_the_form_shows_an_error_for_a_number_that_cannot_be_right(client, typed, message):
    """A malformed number re-shows the form with the error by the field and in a summary."""
    response = client.get("/verify", query_string={"number": typed})
    assert response.status_code == 400
    html = text_of(response)
    assert "There is a problem" in html
    assert f'<a href="#number">{message}' in html
    assert 'class="govuk-error-message"' in html and message in html.split("govuk-error-message")[1]
    assert "govuk-input--error" in html
    assert "<title>Error: Check a certificate" in html
    if typed:
        assert f'value="{typed}"' in html


@pytest.mark.parametrize("number", [UNKNOWN, "PM-7K3Q-9XWD-J", "not-a-number"])
def test_an_unknown_number_gets_a_404_page_that_says_what_to_check(client, number):
    """Unknown or malformed: 404 with what to check and the form to try again."""
    response = page(client, number)
    assert response.status_code == 404
    html = text_of(response)
    assert "No certificate has this number" in html
    assert "Check:" in html and "PM-7K3Q-9XWD-H" in html
    assert 'action="/verify"' in html
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("number", [UNKNOWN, "PM-7K3Q-9XWD-J", "x" * 100])
def test_an_unknown_number_gets_404_json(client, number):
    """Unknown or malformed: 404 with a JSON error body, never a page."""
    response = api(client, number)
    assert response.status_code == 404
    assert response.mimetype == "application/json"
    assert response.json["error"] == "not_found"
    assert "No certificate has this number" in response.json["message"]
    assert set(response.json) == {"error", "message"}
    assert response.headers["Cache-Control"] == "no-store"


# ---------------------------------------------------------------------------
# Caching, queries, navigation


def test_answers_are_never_cached(client, issue):
    """Status can change at any time: the page and the API send Cache-Control: no-store."""
    cert = issue()
    assert page(client, cert.number).headers["Cache-Control"] == "no-store"
    assert api(client, cert.number).headers["Cache-Control"] == "no-store"


def test_one_query_per_check(app, client, issue, monkeypatch):
    """The certificate and its definition come in one query, for the page and the API."""
    number = issue().number  # read before counting: the commit expired the object
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    reader = read_engine(db.engine)
    engines = {db.engine, reader}  # checks read through the autocommit pool
    for engine in engines:
        event.listen(engine, "before_cursor_execute", count)
    if reader.dialect.name == "postgresql":  # there the driver's cursor runs the statement
        monkeypatch.setattr(reader, "raw_connection", _counting(reader.raw_connection, count))
    try:
        for get in (page, api):
            statements.clear()
            assert get(client, number).status_code == 200
            assert len(statements) == 1, statements
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", count)


def _counting(raw_connection, count):
    """``raw_connection`` whose cursors report each statement to ``count``."""

    class Cursor:
        def __init__(self, cursor):
            self._cursor = cursor

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self._cursor.close()

        def execute(self, statement, params=None):
            count(None, None, statement, params)
            return self._cursor.execute(statement, params)

        def __getattr__(self, name):
            return getattr(self._cursor, name)

    class Connection:
        def __init__(self, connection):
            self._connection = connection

        def cursor(self):
            return Cursor(self._connection.cursor())

        def __getattr__(self, name):
            return getattr(self._connection, name)

    return lambda: Connection(raw_connection())


def test_everyone_can_find_the_check(client):
    """The home page and every page's footer link to the check."""
    home = text_of(client.get("/"))
    assert home.count('href="/verify"') == 2
    assert 'class="govuk-footer__link" href="/verify">Check a certificate</a>' in text_of(
        client.get("/sign-in")
    )


# ---------------------------------------------------------------------------
# Rate limit


class TestRateLimit:
    @pytest.fixture
    def app_config(self, app_config):
        app_config["RATELIMIT_VERIFY"] = "3 per minute"
        return app_config

    def test_api_answers_429_json_when_checks_run_too_fast(self, client, issue):
        """Past the limit the API answers 429 with a JSON error and Retry-After."""
        cert = issue()
        for _ in range(3):
            assert api(client, cert.number).status_code == 200
        response = api(client, cert.number)
        assert response.status_code == 429
        assert response.json["error"] == "rate_limited"
        assert set(response.json) == {"error", "message"}
        assert "Retry-After" in response.headers
        assert response.headers["Cache-Control"] == "no-store"

    def test_page_and_api_share_one_limit(self, client, issue):
        """Switching between the page and the API does not give more checks."""
        cert = issue()
        assert page(client, cert.number).status_code == 200
        assert api(client, UNKNOWN).status_code == 404  # unknown numbers count too
        assert page(client, cert.number).status_code == 200
        response = page(client, cert.number)
        assert response.status_code == 429
        assert "Too many attempts" in text_of(response)
        assert response.headers["Cache-Control"] == "no-store"
        assert api(client, cert.number).status_code == 429

    def test_the_form_is_not_limited(self, client):
        """Showing the form and correcting typing mistakes never counts as a check."""
        for _ in range(5):
            assert client.get("/verify", query_string={"number": "PM-12"}).status_code == 400
