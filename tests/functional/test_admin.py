"""Admin pages: schemes and people, searchable and paginated; roles; deactivation."""

from __future__ import annotations

from sqlalchemy import select

from lms.accounts.models import Person, Role
from lms.audit.models import AuditEvent
from lms.extensions import db
from tests.conftest import csrf_token
from tests.factories import make_person, make_scheme


def test_people_search_filters_and_paginates(app, client, login, people):
    """Search by name or email, filter by role, and page through results."""
    app.config["PAGE_SIZE"] = 5
    scheme = people["admin"].scheme
    for i in range(12):
        make_person(f"learner{i:02d}@example.org", f"Learner {i:02d}", [Role.TRAINEE], scheme)
    login("admin")
    page1 = client.get("/admin/people", query_string={"q": "learner"}).get_data(as_text=True)
    assert "Learner 00" in page1 and "Learner 05" not in page1
    assert "12 found" in page1 and 'aria-label="Page 3"' in page1
    page3 = client.get("/admin/people", query_string={"q": "LEARNER", "page": 3})
    assert "Learner 11" in page3.get_data(as_text=True)
    trainers = client.get("/admin/people", query_string={"role": "trainer"}).get_data(as_text=True)
    assert "trainer@example.org" in trainers and "learner" not in trainers


def test_schemes_search(client, login, people):
    """Schemes can be found by name."""
    make_scheme("north-east", "North East Mentors")
    login("admin")
    html = client.get("/admin/schemes", query_string={"q": "north"}).get_data(as_text=True)
    assert "North East Mentors" in html and "Demo Scheme" not in html


def test_create_scheme_with_a_bad_slug_shows_the_problem(client, login, people):
    """A badly formed slug gets a message next to the field."""
    login("admin")
    token = csrf_token(client, "/admin/schemes/new")
    response = client.post(
        "/admin/schemes/new", data={"name": "X", "slug": "Bad Slug!", "csrf_token": token}
    )
    assert response.status_code == 400
    assert "lower-case letters" in response.get_data(as_text=True)
    token = csrf_token(client, "/admin/schemes/new")
    response = client.post(
        "/admin/schemes/new", data={"name": "North", "slug": "north", "csrf_token": token}
    )
    assert response.status_code == 302


def test_admin_changes_roles_and_it_is_audited(client, login, people):
    """Giving a trainee the trainer role is saved and recorded with who did it."""
    admin = login("admin")
    trainee = people["trainee"]
    url = f"/admin/people/{trainee.id}"
    token = csrf_token(client, url)
    response = client.post(
        url,
        data={
            "name": trainee.name,
            "roles": ["trainee", "trainer"],
            "scheme": trainee.scheme_id,
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Person, trainee.id).roles == {Role.TRAINEE, Role.TRAINER}
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "person.updated")
    ).one()
    assert event.actor_id == admin.id and event.details["after"]["roles"] == ["trainee", "trainer"]


def test_deactivation_needs_a_reason_and_keeps_the_account(client, login, people):
    """Deactivating records why; the person still exists but cannot sign in."""
    login("admin")
    trainee = people["trainee"]
    url = f"/admin/people/{trainee.id}"
    client.post(f"{url}/deactivate", data={"reason": "", "csrf_token": csrf_token(client, url)})
    db.session.expire_all()
    assert db.session.get(Person, trainee.id).active
    client.post(
        f"{url}/deactivate",
        data={"reason": "Left the scheme", "csrf_token": csrf_token(client, url)},
    )
    db.session.expire_all()
    person = db.session.get(Person, trainee.id)
    assert person is not None and not person.active
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "person.deactivated")
    ).one()
    assert event.reason == "Left the scheme"
    client.post(
        f"{url}/reactivate", data={"reason": "Came back", "csrf_token": csrf_token(client, url)}
    )
    db.session.expire_all()
    assert db.session.get(Person, trainee.id).active


def test_admin_cannot_deactivate_themselves(client, login, people):
    """An admin cannot lock themselves out."""
    admin = login("admin")
    url = f"/admin/people/{admin.id}"
    client.post(f"{url}/deactivate", data={"reason": "oops", "csrf_token": csrf_token(client, url)})
    db.session.expire_all()
    assert db.session.get(Person, admin.id).active


def test_unknown_person_is_404(client, login, people):
    """Ids that do not exist give a clear 404."""
    login("admin")
    assert client.get("/admin/people/99999").status_code == 404


def test_coordinator_cannot_resend_another_schemes_invitation(client, login, people):
    """Invitations of another scheme are invisible: 404, not a resend."""
    other = make_scheme("other", "Other Scheme")
    stranger = make_person("stranger@example.org", "Sam", [Role.TRAINEE], other, password=None)
    login("coordinator")
    listing = client.get("/invitations/").get_data(as_text=True)
    assert "stranger@example.org" not in listing
    token = csrf_token(client, "/invitations/")
    response = client.post(f"/invitations/{stranger.id}/resend", data={"csrf_token": token})
    assert response.status_code == 404


def test_admin_makes_a_trainer_a_lead_trainer(client, login, people):
    """The lead-trainer flag is set on the person page and only for trainers."""
    login("admin")
    trainer = people["trainer"]
    url = f"/admin/people/{trainer.id}"
    data = {
        "name": trainer.name,
        "roles": ["trainer"],
        "scheme": trainer.scheme_id,
        "lead_trainer": "y",
        "csrf_token": csrf_token(client, url),
    }
    assert client.post(url, data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Person, trainer.id).lead_trainer
    data.update(roles=["trainee"], csrf_token=csrf_token(client, url))
    page = client.post(url, data=data).get_data(as_text=True)
    assert "Only trainers can be lead trainers" in page
