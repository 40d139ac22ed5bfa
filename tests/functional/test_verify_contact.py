"""Every verification page names the issuing scheme and how to contact it (issue 17, item 6):
its email, and its phone (a tel: link) and postal address when set, on the valid, expired and
not-valid pages alike; no empty "Phone" or "Address" row; still one statement a check, and
the JSON keeps to its agreed fields. A scheme that recorded no contact details falls back to
the service's own CONTACT_EMAIL, saying so."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event

from lms.accounts.models import Role
from lms.certificates import lookup, services
from lms.certificates.lookup import find_certificate
from lms.extensions import db
from lms.ukdates import uk_today
from tests.factories import make_definition, make_eligible, make_person

PHONE_ROW = (
    '<dt class="govuk-summary-list__key">Phone</dt>\n'
    '      <dd class="govuk-summary-list__value">'
    '<a class="govuk-link" href="tel:+441130000000">+44 113 000 0000</a></dd>'
)
ADDRESS_ROW = (
    '<dt class="govuk-summary-list__key">Address</dt>\n'
    '      <dd class="govuk-summary-list__value app-pre-line">1 Park Row\nLeeds\nLS1 5AB</dd>'
)
ASK = (
    'Contact Demo Scheme at <a class="govuk-link govuk-!-text-break-word" '
    'href="mailto:help@demo-scheme.org">help@demo-scheme.org</a>. '
    "They issued it and can tell you more."
)


@pytest.fixture
def cert(people):
    make_eligible(people["trainee"], people["trainer"], people["coordinator"])
    issued = services.issue(
        db.session,
        people["trainer"],
        people["trainee"],
        make_definition(),
        services.IssueSettings("https://lms.test"),
        today=uk_today(),
    )
    scheme = people["trainee"].scheme
    scheme.contact_email = "help@demo-scheme.org"
    scheme.contact_phone = "+44 113 000 0000"
    scheme.contact_address = "1 Park Row\r\nLeeds\n\nLS1 5AB\u200b"
    db.session.commit()
    return issued


def _expire(cert) -> None:
    cert.valid_from = uk_today() - timedelta(days=800)
    cert.valid_until = uk_today() - timedelta(days=70)


def _suspend(people, cert) -> None:
    week = uk_today() + timedelta(days=7)
    services.suspend(db.session, people["coordinator"], cert, "Concern", week, today=uk_today())


def _revoke(people, cert) -> None:
    second = make_person("admin2@example.org", "Ada Second", [Role.ADMIN])
    proposal = services.propose_revocation(db.session, people["coordinator"], cert, "Breach")
    services.decide_revocation(db.session, second, proposal, approve=True, note="Agreed")


VARIANTS = {
    "valid": (None, "This certificate is valid"),
    "expired": (lambda people, cert: _expire(cert), "This certificate has expired"),
    "suspended": (_suspend, "This certificate is not valid"),
    "revoked": (_revoke, "This certificate is not valid"),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_each_variant_names_the_scheme_with_email_phone_and_address(client, people, cert, variant):
    change, headline = VARIANTS[variant]
    if change is not None:
        change(people, cert)
        db.session.commit()
    page = client.get(f"/verify/{cert.number}").get_data(as_text=True)
    assert headline in page
    assert '<dd class="govuk-summary-list__value">Demo Scheme</dd>' in page  # "Issued by"
    assert ASK in page
    assert PHONE_ROW in page and ADDRESS_ROW in page


def test_a_scheme_without_phone_or_address_shows_no_empty_rows(client, people, cert):
    scheme = people["trainee"].scheme
    scheme.contact_phone, scheme.contact_address = None, "  \n "
    db.session.commit()
    page = client.get(f"/verify/{cert.number}").get_data(as_text=True)
    assert ASK in page
    assert ">Phone</dt>" not in page and ">Address</dt>" not in page
    assert "tel:" not in page and "data-scheme-contact" not in page


def test_only_the_address_shows_only_the_address(client, people, cert):
    people["trainee"].scheme.contact_phone = ""
    db.session.commit()
    page = client.get(f"/verify/{cert.number}").get_data(as_text=True)
    assert ADDRESS_ROW in page and ">Phone</dt>" not in page


def test_the_lookup_is_still_one_statement(app, cert, monkeypatch):
    """Phone and address come with the certificate in the one statement a check makes (on
    PostgreSQL that statement runs on the driver's own cursor, ``lookup.read_row``, which
    SQLAlchemy's events do not see, so both are counted)."""
    seen, number = [], cert.number
    engine = db.engine
    raw = lookup.read_row

    def count(*args):
        seen.append(args[2])

    def counted_raw(*args, **kwargs):
        seen.append(args[1])
        return raw(*args, **kwargs)

    monkeypatch.setattr(lookup, "read_row", counted_raw)
    event.listen(engine, "before_cursor_execute", count)
    try:
        view = find_certificate(db.session, number)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(seen) == 1, seen
    assert view.scheme_phone == "+44 113 000 0000" and view.scheme_phone_href == "+441130000000"
    assert view.scheme_address == "1 Park Row\nLeeds\nLS1 5AB"


def test_the_json_keeps_to_its_agreed_fields(client, cert):
    """The public JSON gains none of the scheme's details (test_verify.py pins its fields)."""
    body = client.get(f"/api/v1/certificates/{cert.number}").get_data(as_text=True)
    assert "000 0000" not in body and "Park Row" not in body and "demo-scheme.org" not in body


SERVICE_ASK = (
    "Demo Scheme has not given its contact details here, so contact this service at "
    '<a class="govuk-link govuk-!-text-break-word" href="mailto:help@service.test">'
    "help@service.test</a>. We can put you in touch with them."
)


def _no_contact_details(people) -> None:
    scheme = people["trainee"].scheme
    scheme.contact_email = scheme.contact_phone = scheme.contact_address = None
    db.session.commit()


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_a_scheme_with_no_contact_details_falls_back_to_the_services_contact(
    app, client, people, cert, variant
):
    """Issue 17 review, item 8: no scheme email, phone or address means the service's own
    CONTACT_EMAIL, with a sentence saying so, on every variant of the page."""
    app.config["CONTACT_EMAIL"] = "help@service.test"
    _no_contact_details(people)
    change, headline = VARIANTS[variant]
    if change is not None:
        change(people, cert)
        db.session.commit()
    page = client.get(f"/verify/{cert.number}").get_data(as_text=True)
    assert headline in page and SERVICE_ASK in page
    assert "Contact Demo Scheme." not in page and "data-scheme-contact" not in page


def test_the_schemes_own_details_come_before_the_services(app, client, people, cert):
    """With a scheme email the service's address is not offered; with only a phone, the phone
    is how to ask and the service's address is not offered either."""
    app.config["CONTACT_EMAIL"] = "help@service.test"
    page = client.get(f"/verify/{cert.number}").get_data(as_text=True)
    assert ASK in page and "help@service.test" not in page
    people["trainee"].scheme.contact_email = None
    people["trainee"].scheme.contact_address = None
    db.session.commit()
    page = client.get(f"/verify/{cert.number}").get_data(as_text=True)
    assert "Contact Demo Scheme. They issued it and can tell you more." in page
    assert PHONE_ROW in page and "help@service.test" not in page


def test_the_services_contact_comes_from_the_environment(monkeypatch):
    """CONTACT_EMAIL is read from the environment, blank means none, and a value that is not
    one email address stops the app starting with a message saying what to set."""
    from lms.config import ConfigError, load_config

    monkeypatch.setenv("CONTACT_EMAIL", " help@mentors.example.org ")
    assert load_config({"TESTING": True})["CONTACT_EMAIL"] == "help@mentors.example.org"
    monkeypatch.setenv("CONTACT_EMAIL", "  ")
    assert load_config({"TESTING": True})["CONTACT_EMAIL"] is None
    monkeypatch.setenv("CONTACT_EMAIL", "help at example")
    with pytest.raises(ConfigError, match="CONTACT_EMAIL must be one email address"):
        load_config({"TESTING": True})
