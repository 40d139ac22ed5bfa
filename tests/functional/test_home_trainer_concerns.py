"""A trainer named as the scheme's safeguarding lead or deputy sees, first on their home page,
the matches with a concern the mentor flagged that nobody has looked at yet; other trainers do
not."""

from __future__ import annotations

import re

from lms.accounts.contacts import set_safeguarding_contacts
from lms.accounts.models import Role
from lms.db import utcnow
from lms.extensions import db
from lms.home import trainer as trainer_home
from lms.matching.models import ContactLog
from lms.ukdates import uk_today
from tests.conftest import sign_in
from tests.factories import make_match, make_mentee, make_mentor, make_person, make_scheme

LABEL = "with a concern flagged by the mentor not yet looked at"


def _concern(match, reviewed: bool = False) -> None:
    db.session.add(
        ContactLog(
            match_id=match.id,
            mentor_id=match.mentor_id,
            held_on=uk_today(),
            kind="phone",
            minutes=10,
            concern=True,
            concern_reviewed_at=utcnow() if reviewed else None,
        )
    )
    db.session.commit()


def _items(app, person):
    with app.test_request_context():
        return trainer_home.items(db.session, person, utcnow(), uk_today())


def _setup(people, scheme):
    """Three of the scheme's matches flagged (two open, one looked at) and another scheme's."""
    meg = make_person("meg@example.org", "Meg Mentor", [Role.TRAINEE], scheme)
    make_mentor(meg, capacity=9)
    first = make_match(meg, make_mentee(scheme, "M-1"))
    _concern(first)
    _concern(first)  # two on one match: still one match
    _concern(make_match(meg, make_mentee(scheme, "M-2")))
    _concern(make_match(meg, make_mentee(scheme, "M-3")), reviewed=True)
    other = make_scheme("other", "Other Scheme")
    oz = make_person("oz@example.org", "Oz", [Role.TRAINEE], other)
    make_mentor(oz)
    _concern(make_match(oz, make_mentee(other, "FAR-1")))
    lead = people["trainer"]
    deputy = make_person("dee@example.org", "Dee Deputy", [Role.TRAINER], scheme)
    set_safeguarding_contacts(
        db.session, people["admin"], scheme, lead_id=lead.id, deputy_id=deputy.id
    )
    db.session.commit()
    return lead, deputy


def test_the_named_lead_and_deputy_see_open_concern_matches_first(app, client, people, scheme):
    lead, deputy = _setup(people, scheme)
    for person in (lead, deputy):
        found = _items(app, person)
        assert found[0].key == "concerns" and found[0].count == 2
        assert found[0].url == "/matching/concerns"
    sign_in(client, lead.email)
    html = client.get("/trainer").get_data(as_text=True)
    assert f"2 matches {LABEL}" in html
    block = html.split('id="needs-action"', 1)[1]
    assert re.search(r'href="([^"]+)"', block).group(1) == "/matching/concerns"
    assert client.get("/matching/concerns").status_code == 200


def test_an_ordinary_trainer_has_no_concerns_item(app, client, people, scheme):
    _setup(people, scheme)
    ordinary = make_person("tom@example.org", "Tom Trainer", [Role.TRAINER], scheme)
    db.session.commit()
    assert "concerns" not in {item.key for item in _items(app, ordinary)}
    sign_in(client, ordinary.email)
    assert LABEL not in client.get("/trainer").get_data(as_text=True)


def test_a_lead_with_every_concern_looked_at_has_nothing_there(app, people, scheme):
    lead = people["trainer"]
    set_safeguarding_contacts(db.session, people["admin"], scheme, lead_id=lead.id, deputy_id=None)
    meg = make_person("meg@example.org", "Meg Mentor", [Role.TRAINEE], scheme)
    make_mentor(meg)
    _concern(make_match(meg, make_mentee(scheme, "M-1")), reviewed=True)
    assert "concerns" not in {item.key for item in _items(app, lead)}
