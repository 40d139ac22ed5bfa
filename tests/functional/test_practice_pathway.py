"""Practice with an optional pathway's people: logged as such, and counted for its endorsement."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from pydantic import ValidationError

from lms.certificates.definitions import Requirements
from lms.certificates.eligibility import evaluate
from lms.extensions import db
from lms.practice import services
from lms.practice.models import PracticeEntry
from lms.ukdates import uk_today
from tests.conftest import csrf_token
from tests.factories import (
    PRACTICE_REFLECTION,
    joined_before,
    make_definition,
    make_practice_entry,
)


def _form(people, **changes) -> dict:
    joined_before(people["trainee"])  # sessions may not predate joining the scheme
    data = {
        "session_date": (uk_today() - timedelta(days=2)).isoformat(),
        "duration": "90",
        "kind": "co_worked",
        "location": "Youth centre",
        "supervisor": str(people["trainer"].id),
        "reflection": PRACTICE_REFLECTION,
    }
    return {**data, **changes}


def test_a_session_with_a_young_person_is_logged_and_shown_as_such(client, login, people):
    login("trainee")
    data = {
        **_form(people, pathway="young-people"),
        "csrf_token": csrf_token(client, "/practice/new"),
    }
    response = client.post("/practice/new", data=data)
    assert response.status_code == 302
    entry = db.session.query(PracticeEntry).one()
    assert entry.pathway == "young-people"
    page = client.get(f"/practice/{entry.id}").get_data(as_text=True)
    assert "A young person under 18 (young people pathway)" in page
    rows = client.get("/practice/log.csv").get_data(as_text=True).splitlines()
    assert rows[0].endswith(",With") and "young people pathway" in rows[1]


def test_the_pathway_defaults_to_general_practice_and_a_made_up_one_is_refused(
    client, login, people
):
    login("trainee")
    page = client.get("/practice/new").get_data(as_text=True)
    radio = re.search(r'<input[^>]*name="pathway"[^>]*value="none"[^>]*>', page).group(0)
    assert "checked" in radio
    bad = {**_form(people, pathway="martians"), "csrf_token": csrf_token(client, "/practice/new")}
    response = client.post("/practice/new", data=bad)
    assert response.status_code == 400
    assert "Choose who the session was with" in response.get_data(as_text=True)
    assert db.session.query(PracticeEntry).count() == 0
    ok = {**_form(people), "csrf_token": csrf_token(client, "/practice/new")}
    assert client.post("/practice/new", data=ok).status_code == 302
    assert db.session.query(PracticeEntry).one().pathway is None


def test_the_service_refuses_an_unknown_pathway(people):
    details = services.EntryDetails(
        session_date=uk_today() - timedelta(days=1),
        duration_minutes=60,
        kind="shadowing",
        location="Office",
        reflection=PRACTICE_REFLECTION,
        supervisor_id=people["trainer"].id,
        pathway="martians",
    )
    with pytest.raises(services.InvalidEntry) as caught:
        services.log_entry(db.session, people["trainee"], details)
    assert "pathway" in caught.value.problems


def test_an_endorsement_counts_only_practice_with_its_pathway(people):
    trainee, trainer = people["trainee"], people["trainer"]
    definition = make_definition(
        "young-people-endorsement",
        modules=(),
        scenarios=(),
        vetting_level=None,
        min_hours=2,
        min_sessions=1,
        min_observed=0,
    )
    definition.requirements = {**definition.requirements, "practice_pathway": "young-people"}
    db.session.commit()
    make_practice_entry(trainee, trainer, minutes=180, status="confirmed")
    result = evaluate(db.session, trainee, definition, uk_today())
    hours = next(item for item in result.items if item.code == "hours")
    assert not hours.met and "with young people under 18: 0 of 2" in hours.progress
    make_practice_entry(trainee, trainer, minutes=120, status="confirmed", pathway="young-people")
    result = evaluate(db.session, trainee, definition, uk_today())
    assert all(item.met for item in result.items if item.code in ("hours", "sessions"))
    core = make_definition(
        "core-peer-mentor",
        modules=(),
        scenarios=(),
        vetting_level=None,
        min_hours=5,
        min_sessions=2,
        min_observed=0,
    )
    result = evaluate(db.session, trainee, core, uk_today())
    assert all(item.met for item in result.items if item.code in ("hours", "sessions"))


def test_a_definition_may_name_only_a_known_pathway():
    base = {"min_hours": 1, "min_sessions": 1, "min_observed": 0}
    assert Requirements(**base, practice_pathway="women").practice_pathway == "women"
    with pytest.raises(ValidationError):
        Requirements(**base, practice_pathway="martians")
