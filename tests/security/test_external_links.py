"""Links that leave the site follow BASE_URL, never the Host asked for; strange hosts get 400."""

from __future__ import annotations

import io
import re

import pypdfium2
import pytest
import zxingcpp
from flask import Flask
from sqlalchemy import select

from lms.accounts.models import Person, Role
from lms.certificates.models import Certificate
from lms.extensions import db
from tests.conftest import csrf_token
from tests.factories import (
    make_definition,
    make_eligible,
    make_module,
    make_person,
    make_practice_entry,
    make_scenario,
    submit_answer,
)

# The public address, with a path prefix, on another host and scheme than the one asked for.
BASE_URL = "https://mentors.example.org/lms"
# A name the site also answers to (an internal name, say): trusted, but never put in a link.
ALIAS = "alias.example.net"
EVIL = "evil.example"


@pytest.fixture
def app_config(app_config):
    app_config.update(
        SERVER_NAME=ALIAS,  # the test client asks for this host
        TRUSTED_HOSTS=[ALIAS],
        BASE_URL=BASE_URL,
        TRUSTED_PROXIES=1,  # even believing one proxy, X-Forwarded-Host is never used
    )
    return app_config


def _links(text: str) -> list[str]:
    return re.findall(r"https?://\S+", text)


def _ask_for_reset(client, email: str, headers: dict | None = None):
    token = csrf_token(client, "/password/forgot")
    return client.post(
        "/password/forgot", data={"email": email, "csrf_token": token}, headers=headers or {}
    )


@pytest.mark.parametrize(
    "path", ["/password/forgot", "/sign-in", "/verify/PM-ABCD-EFGH-J", "/api/v1/openapi.json"]
)
def test_a_host_that_is_not_the_sites_gets_400_not_a_page(client, path):
    """Any request naming a host outside TRUSTED_HOSTS is answered 400 with a clear message."""
    response = client.get(path, headers={"Host": EVIL})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "This site is not served at that address" in text and BASE_URL in text
    assert response.is_json == path.startswith("/api/")


@pytest.mark.parametrize("host", ["10.0.0.5:8000", "10.0.0.5", EVIL])
def test_healthz_answers_a_load_balancer_polling_by_address(client, host):
    """Only /healthz answers whatever the Host (a load balancer asks by IP); it builds no link."""
    response = client.get("/healthz", headers={"Host": host})
    assert response.status_code == 200
    assert response.json["status"] == "ok"


@pytest.mark.parametrize("path", ["/healthz/", "/healthz/x", "/healthzz", "/", "/verify"])
def test_every_path_but_healthz_keeps_the_400_for_an_address(client, path):
    """The exemption is exactly /healthz: any other path asked by IP is refused with 400."""
    response = client.get(path, headers={"Host": "10.0.0.5:8000"})
    assert response.status_code == 400
    assert "This site is not served at that address" in response.get_data(as_text=True)


def test_reset_asked_for_with_a_strangers_host_sends_nothing(app, client, people, outbox):
    """A reset posted with ``Host: evil.example`` is refused: no mail, so no link to steal."""
    app.config["WTF_CSRF_ENABLED"] = False  # the attacker can get a token from that host too
    response = client.post(
        "/password/forgot", data={"email": people["trainee"].email}, headers={"Host": EVIL}
    )
    assert response.status_code == 400
    assert outbox == []


@pytest.mark.parametrize(
    "headers",
    [{}, {"X-Forwarded-Host": EVIL, "X-Forwarded-Proto": "http", "X-Forwarded-Port": "8080"}],
)
def test_reset_link_points_at_base_url_whatever_host_was_asked(client, people, outbox, headers):
    """The reset mail's link is BASE_URL's, whether the site was reached by another name or a
    proxy header named another host."""
    response = _ask_for_reset(client, people["trainee"].email, headers)
    assert response.status_code == 200
    (message,) = outbox
    (link,) = _links(message.body)
    assert link.startswith(f"{BASE_URL}/password/reset/")
    assert client.get(link.removeprefix(BASE_URL)).status_code == 200, "the link still works"


def test_reset_for_an_invited_person_links_to_the_invitation_at_base_url(
    client, people, scheme, outbox
):
    """Someone invited but not yet signed up who asks for a reset gets an invitation link at
    BASE_URL."""
    invited = make_person("new@example.org", "New Person", [Role.TRAINEE], scheme, password=None)
    db.session.commit()
    _ask_for_reset(client, invited.email)
    (link,) = _links(outbox[0].body)
    assert link.startswith(f"{BASE_URL}/invitation/")


def test_invitation_and_resend_link_to_base_url(client, login, people, outbox):
    """Invitations sent and re-sent through the site link to BASE_URL."""
    login("coordinator")
    token = csrf_token(client, "/invitations/new")
    data = {"email": "invitee@example.org", "name": "In Vitee", "role": "trainee"}
    data |= {"scheme": people["coordinator"].scheme_id, "csrf_token": token}
    assert client.post("/invitations/new", data=data).status_code == 302
    invitee = db.session.scalars(select(Person).filter_by(email="invitee@example.org")).one()
    token = csrf_token(client, "/invitations/")
    client.post(f"/invitations/{invitee.id}/resend", data={"csrf_token": token})
    assert len(outbox) == 2
    for message in outbox:
        (link,) = _links(message.body)
        assert link.startswith(f"{BASE_URL}/invitation/")


def _decision_and_marking_mail(trainee: Person, trainer: Person) -> tuple[int, str]:
    """Confirm a practice entry and mark a scenario answer (the mark queues its own email)."""
    from lms.assessment import services as assessment

    entry = make_practice_entry(trainee, trainer, status="confirmed")
    submission = submit_answer(trainee, make_scenario(make_module("boundaries")))
    settings = assessment.Settings(claim_minutes=60, max_attempts=3)
    assessment.claim(db.session, trainer, submission, settings)
    marks = [assessment.CriterionMark(True, "") for _ in range(3)]
    assessment.mark(db.session, trainer, submission, marks, "pass", "Good work.")
    db.session.commit()  # the outbox delivers what was queued once the change commits
    return entry.id, submission.scenario_key


def test_practice_and_marking_mail_link_to_base_url_in_a_request(app: Flask, people, outbox):
    """Mail sent while answering a request for another host name links to BASE_URL."""
    with app.test_request_context("/", base_url=f"http://{ALIAS}"):
        entry_id, key = _decision_and_marking_mail(people["trainee"], people["trainer"])
    links = [link for message in outbox for link in _links(message.body)]
    assert links == [f"{BASE_URL}/practice/{entry_id}", f"{BASE_URL}/assessment/boundaries/{key}"]


def test_mail_links_need_no_request_at_all(app_config, people):
    """Commands and workers (no request, no SERVER_NAME) build the same BASE_URL links."""
    from lms import create_app

    ids = people["trainee"].id, people["trainer"].id
    config = dict(app_config)
    config.pop("SERVER_NAME")
    worker = create_app(config)
    with worker.app_context():
        worker.extensions["mailman"].outbox = sent = []
        try:
            _decision_and_marking_mail(*(db.session.get(Person, i) for i in ids))
        finally:
            db.session.remove()
            db.engine.dispose()
    assert len(sent) == 2
    assert [_links(m.body)[0].split("/")[:4] for m in sent] == [BASE_URL.split("/")] * 2


def _qr_codes(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(io.BytesIO(pdf))
    try:
        image = document[0].render(scale=2).to_pil()
    finally:
        document.close()
    return [b.text for b in zxingcpp.read_barcodes(image) if b.format.name == "QRCode"]


def test_certificate_qr_page_and_api_use_base_url_whatever_the_host(client, login, people):
    """A certificate issued through the site (reached by another name) has a QR code, page and
    API answer pointing at BASE_URL's verification page."""
    make_definition()
    make_eligible(people["trainee"], people["trainer"], people["coordinator"])
    login("trainer")
    url = f"/certificates/people/{people['trainee'].id}"
    token = csrf_token(client, url)
    assert client.post(f"{url}/issue/core-peer-mentor", data={"csrf_token": token}).status_code
    cert = db.session.scalars(select(Certificate)).one()
    verify = f"{BASE_URL}/verify/{cert.number}"
    assert _qr_codes(cert.pdf) == [verify]
    page = client.get(f"/certificates/{cert.number}").get_data(as_text=True)
    assert f'href="{verify}"' in page
    forwarded = {"X-Forwarded-Host": EVIL, "X-Forwarded-Proto": "http"}
    answer = client.get(f"/api/v1/certificates/{cert.number}", headers=forwarded).get_json()
    assert answer["verify_url"] == verify
    document = client.get("/api/v1/openapi.json", headers=forwarded).get_json()
    assert document["servers"] == [{"url": BASE_URL}]
