"""A scheme's safeguarding lead and deputy: named by an admin, audited, shown beside lessons."""

from __future__ import annotations

from sqlalchemy import select

from lms.accounts.contacts import SchemeContacts, safeguarding_contacts
from lms.accounts.models import Role
from lms.audit.models import AuditEvent
from lms.extensions import db
from tests.conftest import csrf_token
from tests.factories import make_module, make_person


def _post(client, scheme, **data):
    url = f"/admin/schemes/{scheme.id}/edit"
    form = {"name": scheme.name, "slug": scheme.slug, "csrf_token": csrf_token(client, url)}
    return client.post(url, data={**form, **data})


def test_admin_names_the_lead_and_deputy_and_it_is_audited(client, login, people):
    admin = login("admin")
    scheme, trainer, coordinator = admin.scheme, people["trainer"], people["coordinator"]
    page = client.get(f"/admin/schemes/{scheme.id}/edit").get_data(as_text=True)
    assert "Safeguarding lead" in page and ">Trainee</option>" not in page
    response = _post(
        client, scheme, safeguarding_lead=coordinator.id, safeguarding_deputy=trainer.id
    )
    assert response.status_code == 302
    row = db.session.get(SchemeContacts, scheme.id)
    assert (row.safeguarding_lead_id, row.safeguarding_deputy_id) == (coordinator.id, trainer.id)
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "scheme.safeguarding_contacts_changed")
    ).one()
    assert event.actor_id == admin.id and event.details["lead_id"] == coordinator.id
    page = client.get(f"/admin/schemes/{scheme.id}/edit").get_data(as_text=True)
    assert f'<option selected value="{coordinator.id}">' in page


def test_a_trainee_or_the_same_person_twice_is_refused_with_a_clear_message(client, login, people):
    admin = login("admin")
    scheme = admin.scheme
    response = _post(client, scheme, safeguarding_lead=people["trainee"].id)
    assert response.status_code == 400
    assert "on this scheme&#39;s staff" in response.get_data(as_text=True)
    same = people["trainer"].id
    response = _post(client, scheme, safeguarding_lead=same, safeguarding_deputy=same)
    assert "someone other than the safeguarding lead" in response.get_data(as_text=True)
    assert db.session.get(SchemeContacts, scheme.id) is None


def test_someone_from_another_scheme_cannot_be_named(client, login, people):
    from tests.factories import make_scheme

    admin = login("admin")
    other = make_person("x@example.org", "Other Trainer", [Role.TRAINER], make_scheme("o", "O"))
    db.session.commit()
    response = _post(client, admin.scheme, safeguarding_lead=other.id)
    assert response.status_code == 400 and db.session.get(SchemeContacts, admin.scheme.id) is None


def test_lessons_that_name_the_safeguarding_lead_show_the_schemes_people(client, login, people):
    module = make_module("sample")
    lesson = module.current_version.lessons[0]
    lesson.body_markdown = "Tell the safeguarding lead the same day."
    db.session.commit()
    url = "/training/sample/lessons/01-lesson"
    login("trainee")
    page = client.get(url).get_data(as_text=True)
    assert "Ask your coordinator who your scheme" in page
    row = SchemeContacts(
        scheme_id=people["trainee"].scheme_id,
        safeguarding_lead_id=people["coordinator"].id,
        safeguarding_deputy_id=people["trainer"].id,
    )
    db.session.add(row)
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "your safeguarding lead is <strong>Coordinator</strong>" in page
    assert "the deputy, when the lead is away, is <strong>Trainer</strong>" in page
    other = client.get("/training/sample/lessons/02-lesson").get_data(as_text=True)
    assert "app-safeguarding-contacts" not in other


def test_a_deactivated_lead_is_not_shown(app, people):
    scheme = people["trainee"].scheme
    db.session.add(SchemeContacts(scheme_id=scheme.id, safeguarding_lead_id=people["trainer"].id))
    people["trainer"].active = False
    db.session.commit()
    contacts = safeguarding_contacts(db.session, scheme)
    assert contacts.lead is None and not contacts.known


def test_a_lead_who_left_the_scheme_or_the_staff_is_not_shown(app, people):
    """Shown only while still eligible: moved to another scheme, or no longer staff, hides them."""
    from lms.accounts.models import PersonRole
    from tests.factories import make_scheme

    scheme = people["trainee"].scheme
    lead, deputy = people["coordinator"], people["trainer"]
    db.session.add(
        SchemeContacts(
            scheme_id=scheme.id, safeguarding_lead_id=lead.id, safeguarding_deputy_id=deputy.id
        )
    )
    db.session.commit()
    contacts = safeguarding_contacts(db.session, scheme)
    assert (contacts.lead, contacts.deputy) == ("Coordinator", "Trainer")
    lead.scheme = make_scheme("elsewhere", "Elsewhere")
    db.session.execute(
        PersonRole.__table__.update()
        .where(PersonRole.person_id == deputy.id)
        .values(role=Role.TRAINEE.value)
    )
    db.session.commit()
    db.session.expire_all()
    contacts = safeguarding_contacts(db.session, scheme)
    assert (contacts.lead, contacts.deputy) == (None, None) and not contacts.known


def test_a_deputy_with_no_lead_is_refused(client, login, people):
    admin = login("admin")
    response = _post(client, admin.scheme, safeguarding_deputy=people["trainer"].id)
    assert response.status_code == 400
    assert "Name the safeguarding lead first, then the deputy" in response.get_data(as_text=True)
    assert db.session.get(SchemeContacts, admin.scheme.id) is None


def test_a_value_that_is_not_a_number_gets_a_plain_message(client, login, people):
    admin = login("admin")
    for field in ("safeguarding_lead", "safeguarding_deputy"):
        data = {"safeguarding_lead": people["coordinator"].id, field: "junk"}
        page = _post(client, admin.scheme, **data).get_data(as_text=True)
        assert "could not coerce" not in page and "Invalid Choice" not in page
        assert "on this scheme&#39;s staff" in page
    assert db.session.get(SchemeContacts, admin.scheme.id) is None
