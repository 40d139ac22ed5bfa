"""The wallet QR code: a short-lived signed link a wallet app fetches the credential from without
signing in; expired, altered and withheld links get a JSON error saying what to do."""

from __future__ import annotations

import re
import time

import pytest

from lms.credentials import wallet
from tests.credentials import credential_of, issue_certificate, revoke, suspend


def _link_on_page(client, cert) -> str:
    with client.application.test_request_context():
        return wallet.link_for(cert.number)


def test_the_page_shows_a_code_and_a_wallet_fetches_the_credential(app, client, people, login):
    cert = issue_certificate(people)
    login("trainee")
    page = client.get(f"/certificates/{cert.number}").get_data(as_text=True)
    assert "data:image/svg+xml" in page and "The code works for 15 minutes" in page
    link = _link_on_page(client, cert)
    assert link.startswith(app.config["BASE_URL"] + "/credentials/wallet/")
    client.post("/sign-out", data={})  # a wallet app has no sign-in of ours
    with app.test_client() as wallet_app:
        response = wallet_app.get(link.removeprefix(app.config["BASE_URL"]))
    assert response.status_code == 200
    assert response.get_json() == credential_of(cert)
    assert response.headers["Cache-Control"] == "no-store"


def test_the_link_comes_from_base_url_not_the_request(app, client, people):
    cert = issue_certificate(people)
    with app.test_request_context(base_url="http://evil.example"):
        link = wallet.link_for(cert.number)
    assert link.startswith(app.config["BASE_URL"])
    assert "evil.example" not in link


def test_an_expired_link_says_to_open_the_page_again(app, client, people, monkeypatch):
    cert = issue_certificate(people)
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() - 16 * 60)
    with app.test_request_context():
        token = wallet.token_for(cert.number)
    monkeypatch.setattr(time, "time", real)
    response = client.get(f"/credentials/wallet/{token}")
    assert response.status_code == 410
    assert "Open your certificate page again" in response.get_json()["errors"][0]["message"]


def test_a_shorter_setting_is_honoured(app, client, people, monkeypatch):
    cert = issue_certificate(people)
    app.config["CREDENTIAL_LINK_MINUTES"] = 1
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() - 90)
    with app.test_request_context():
        token = wallet.token_for(cert.number)
    monkeypatch.setattr(time, "time", real)
    assert client.get(f"/credentials/wallet/{token}").status_code == 410


def test_an_altered_or_foreign_link_is_refused(app, client, people):
    cert = issue_certificate(people)
    with app.test_request_context():
        token = wallet.token_for(cert.number)
        other = wallet.token_for("PMT-0000-0000")  # signed, but no such certificate
    altered = re.sub(r".$", lambda m: "A" if m.group() != "A" else "B", token)
    for bad in (altered, "not-a-token", other):
        response = client.get(f"/credentials/wallet/{bad}")
        assert response.status_code == 404, bad
        assert "Scan the QR code" in response.get_json()["errors"][0]["message"]


def test_a_link_made_for_something_else_is_refused(app, client, people):
    """A token signed with the same key for another purpose (another salt) does not open it."""
    from itsdangerous import URLSafeTimedSerializer

    cert = issue_certificate(people)
    token = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="lms-invitation").dumps(
        cert.number
    )
    assert client.get(f"/credentials/wallet/{token}").status_code == 404


@pytest.mark.parametrize("withhold", [suspend, revoke])
def test_a_suspended_or_revoked_certificate_stops_the_link(app, client, people, withhold):
    cert = issue_certificate(people)
    with app.test_request_context():
        token = wallet.token_for(cert.number)
    assert client.get(f"/credentials/wallet/{token}").status_code == 200
    withhold(people, cert)
    response = client.get(f"/credentials/wallet/{token}")
    assert response.status_code == 410
    assert "suspended or revoked" in response.get_json()["errors"][0]["message"]
