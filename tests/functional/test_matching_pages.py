"""Matching record pages: mentees, mentor profiles, conflicts, supervision, and who sees them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.accounts.models import Role
from lms.audit.models import AuditEvent
from lms.extensions import db
from lms.matching.models import DeclaredConflict, Mentee, MentorProfile, SupervisionSession
from lms.ukdates import uk_today
from tests.conftest import csrf_token, sign_in
from tests.factories import (
    make_match,
    make_mentee,
    make_mentor,
    make_person,
    make_scheme,
)

NOTES = "Avoid the north of the city: ex-partner lives there."


def _post(client, path: str, data: dict, token_from: str | None = None):
    token = csrf_token(client, token_from or path)
    return client.post(path, data={**data, "csrf_token": token})


def _mentee_form(**overrides) -> dict:
    data = {
        "reference": "LS-0042",
        "area": "Leeds",
        "gender": "man",
        "gender_preference": "none",
        "needs": ["housing", "debt"],
        "languages": "English, Polish ,english",
        "mappa_level": "none",
        "restricted_notes": NOTES,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _actions(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


@pytest.fixture
def outsiders(app):
    """A coordinator and a trainer of another scheme."""
    other = make_scheme("other", "Other Scheme")
    return {
        "coordinator": make_person("c2@other.org", "Col Other", [Role.COORDINATOR], other),
        "trainer": make_person("t2@other.org", "Tia Other", [Role.TRAINER], other),
    }


# ---------------------------------------------------------------------------
# Mentees


def test_register_mentee_saves_it_and_audits(client, login, people):
    """A coordinator registers a mentee; languages are cleaned and the change is audited."""
    login("coordinator")
    response = _post(client, "/matching/mentees/new", _mentee_form())
    mentee = db.session.scalars(select(Mentee)).one()
    assert response.headers["Location"].endswith(f"/matching/mentees/{mentee.id}")
    assert mentee.languages == ["English", "Polish"]
    assert mentee.needs == ["housing", "debt"] and mentee.restricted_notes == NOTES
    assert mentee.scheme_id == people["coordinator"].scheme_id and not mentee.womens_pathway
    event = _actions("mentee.registered")[0]
    assert event.subject_id == str(mentee.id) and NOTES not in str(event.details)


def test_a_mentee_on_the_womens_pathway_is_recorded_and_shown(client, login, people):
    """The women's pathway box is saved and shown on the mentee's page."""
    login("coordinator")
    response = _post(client, "/matching/mentees/new", _mentee_form(womens_pathway="y"))
    mentee = db.session.scalars(select(Mentee)).one()
    assert mentee.womens_pathway
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'Women\'s pathway</dt><dd class="govuk-summary-list__value">Yes' in page


def test_register_form_says_no_name_is_needed_and_who_sees_notes(client, login):
    """The reference hint says no full name is needed; the notes hint says who sees them."""
    login("coordinator")
    page = client.get("/matching/mentees/new").get_data(as_text=True)
    assert "No full name is needed" in page
    assert "Only coordinators of this scheme can see these notes" in page
    assert '<label class="govuk-label govuk-label--s" for="reference">' in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"reference": ""}, "reference", "Enter a reference for the mentee"),
        ({"reference": "X" * 41}, "reference", "The reference must be 40 characters or fewer"),
        (
            {"release_date": "2099-01-01"},
            "release_date",
            "Only enter a release date for someone who is in custody",
        ),
        (
            {"in_custody": "y", "release_date": "2000-01-01"},
            "release_date",
            "The release date has passed",
        ),
        ({"gender": "robot"}, "gender", "Choose the mentee&#39;s gender"),
    ],
)
def test_register_mentee_errors_sit_next_to_their_fields(client, login, overrides, field, message):
    """Each problem is shown in the summary and next to its field; nothing is saved."""
    login("coordinator")
    response = _post(client, "/matching/mentees/new", _mentee_form(**overrides))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in page and f'href="#{field}"' in page
    assert f'id="{field}-error" class="govuk-error-message">' in page and message in page
    assert db.session.scalars(select(Mentee)).all() == []


def test_reference_is_unique_within_a_scheme_only(client, login, people, outsiders):
    """A second mentee with the same reference in the scheme is refused with a clear message."""
    make_mentee(people["coordinator"].scheme, "LS-0042", created_by=people["coordinator"])
    make_mentee(outsiders["coordinator"].scheme, "LS-0099", created_by=outsiders["coordinator"])
    login("coordinator")
    page = _post(client, "/matching/mentees/new", _mentee_form(reference="ls-0042"))
    text = page.get_data(as_text=True)
    assert "Your scheme already has a mentee with the reference ls-0042" in text
    assert 'id="reference-error"' in text
    ok = _post(client, "/matching/mentees/new", _mentee_form(reference="LS-0099"))
    assert ok.status_code == 302


def test_edit_mentee_changes_details_and_audits_field_names(client, login, people):
    """Editing saves the change and audits the names of the fields that changed."""
    mentee = make_mentee(people["coordinator"].scheme, "LS-1", created_by=people["coordinator"])
    login("coordinator")
    page = client.get(f"/matching/mentees/{mentee.id}/edit").get_data(as_text=True)
    assert 'value="LS-1"' in page and 'value="English"' in page
    response = _post(
        client,
        f"/matching/mentees/{mentee.id}/edit",
        _mentee_form(
            reference="LS-1",
            in_custody="y",
            release_date=(uk_today() + timedelta(days=10)).isoformat(),
            mappa_level="2",
            probation_agreed="y",
        ),
    )
    assert response.status_code == 302
    db.session.refresh(mentee)
    assert mentee.mappa_level == 2 and mentee.probation_agreed and mentee.in_custody
    changed = _actions("mentee.updated")[0].details["changed"]
    assert {"mappa_level", "release_date", "restricted_notes"} <= set(changed)


def test_edit_refuses_a_reference_another_mentee_has(client, login, people):
    """Renaming a mentee to a reference already used in the scheme is refused at the field."""
    scheme = people["coordinator"].scheme
    make_mentee(scheme, "LS-1", created_by=people["coordinator"])
    second = make_mentee(scheme, "LS-2", created_by=people["coordinator"])
    login("coordinator")
    path = f"/matching/mentees/{second.id}/edit"
    page = _post(client, path, _mentee_form(reference="LS-1")).get_data(as_text=True)
    assert 'id="reference-error"' in page and "already has a mentee" in page


def test_mentee_page_shows_details_matches_conflicts_and_find_a_mentor(client, login, people):
    """The mentee page lists details, matches, conflicts and links to the candidates page."""
    mentor = people["trainee"]
    make_mentor(mentor)
    mentee = make_mentee(
        people["coordinator"].scheme, "LS-7", created_by=people["coordinator"], mappa_level=3
    )
    make_match(mentor, mentee, "ended")
    login("coordinator")
    page = client.get(f"/matching/mentees/{mentee.id}").get_data(as_text=True)
    assert "Mentee LS-7" in page and "MAPPA level 3" in page and "Needed before a match" in page
    assert f"/matching/mentees/{mentee.id}/candidates" in page and "Find a mentor" in page
    assert "Trainee" in page and "Ended" in page
    assert "Declared conflicts" in page and "None declared." in page


def test_mentee_list_searches_and_filters(client, login, people):
    """Search by reference; filter by needing a mentor, matched, or released within 14 days."""
    scheme, coordinator = people["coordinator"].scheme, people["coordinator"]
    mentor = people["trainee"]
    make_mentor(mentor)
    today = uk_today()
    make_mentee(scheme, "ALPHA-1", created_by=coordinator)
    matched = make_mentee(scheme, "BETA-2", created_by=coordinator)
    make_match(mentor, matched, "active")
    make_mentee(
        scheme,
        "GAMMA-3",
        created_by=coordinator,
        in_custody=True,
        release_date=today + timedelta(days=5),
    )
    make_mentee(
        scheme,
        "DELTA-4",
        created_by=coordinator,
        in_custody=True,
        release_date=today + timedelta(days=40),
    )
    login("coordinator")

    def refs(query: str) -> list[str]:
        page = client.get(f"/matching/mentees?{query}").get_data(as_text=True)
        return [r for r in ("ALPHA-1", "BETA-2", "GAMMA-3", "DELTA-4") if r in page]

    assert refs("") == ["ALPHA-1", "BETA-2", "GAMMA-3", "DELTA-4"]
    assert refs("q=gam") == ["GAMMA-3"]
    assert refs("show=needs_mentor") == ["ALPHA-1", "GAMMA-3", "DELTA-4"]
    assert refs("show=matched") == ["BETA-2"]
    assert refs("show=releasing") == ["GAMMA-3"]


def test_mentee_list_is_paginated(client, login, people, app):
    """More mentees than a page holds are split across pages."""
    app.config["PAGE_SIZE"] = 2
    for i in range(3):
        make_mentee(people["coordinator"].scheme, f"P-{i}", created_by=people["coordinator"])
    login("coordinator")
    first = client.get("/matching/mentees").get_data(as_text=True)
    second = client.get("/matching/mentees?page=2").get_data(as_text=True)
    assert "P-0" in first and "P-2" not in first and "P-2" in second and "3 found." in first


# ---------------------------------------------------------------------------
# Privacy: restricted notes, trainers, other schemes


def test_restricted_notes_are_for_the_schemes_coordinators_only(client, people, outsiders):
    """Coordinators of the scheme see the notes; admins do not; trainers and others get no page."""
    mentee = make_mentee(
        people["coordinator"].scheme,
        "LS-9",
        created_by=people["coordinator"],
        restricted_notes=NOTES,
    )
    path = f"/matching/mentees/{mentee.id}"
    sign_in(client, people["coordinator"].email)
    assert NOTES in client.get(path).get_data(as_text=True)
    assert NOTES in client.get(f"{path}/edit").get_data(as_text=True)
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/coordinator")})

    sign_in(client, people["admin"].email)
    assert NOTES not in client.get(path).get_data(as_text=True)
    edit = client.get(f"{path}/edit").get_data(as_text=True)
    assert NOTES not in edit and 'name="restricted_notes"' not in edit
    # An admin's edit leaves the notes alone.
    _post(client, f"{path}/edit", _mentee_form(reference="LS-9", restricted_notes=None))
    db.session.refresh(mentee)
    assert mentee.restricted_notes == NOTES and mentee.needs == ["housing", "debt"]
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/admin")})

    sign_in(client, people["trainer"].email)
    assert client.get(path).status_code == 403
    assert client.get("/matching/mentees").status_code == 403
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/trainer")})

    sign_in(client, outsiders["coordinator"].email)
    assert client.get(path).status_code == 404
    assert "LS-9" not in client.get("/matching/mentees").get_data(as_text=True)


def test_other_schemes_get_404_for_every_id_in_a_url(client, people, outsiders):
    """Changing an id in a URL to another scheme's record finds nothing, for every route."""
    mentor = people["trainee"]
    make_mentor(mentor)
    mentee = make_mentee(people["coordinator"].scheme, "LS-5", created_by=people["coordinator"])
    match = make_match(mentor, mentee, "paused")
    conflict = DeclaredConflict(
        mentor_id=mentor.id, mentee_id=mentee.id, kind="family", recorded_by_id=mentor.id
    )
    db.session.add(conflict)
    db.session.commit()
    own_mentee = make_mentee(
        outsiders["coordinator"].scheme, "OT-1", created_by=outsiders["coordinator"]
    )
    sign_in(client, outsiders["coordinator"].email)
    token = csrf_token(client, "/matching/mentees/new")
    gets = [
        f"/matching/mentees/{mentee.id}",
        f"/matching/mentees/{mentee.id}/edit",
        f"/matching/mentees/{mentee.id}/candidates",
        f"/matching/matches/{match.id}",
        f"/matching/mentors/{mentor.id}/profile",
    ]
    posts = [
        f"/matching/mentees/{mentee.id}/edit",
        f"/matching/mentees/{mentee.id}/conflicts",
        f"/matching/mentees/{mentee.id}/candidates/{mentor.id}",
        f"/matching/mentees/{own_mentee.id}/candidates/{mentor.id}",  # their mentee, our mentor
        f"/matching/conflicts/{conflict.id}/remove",
        f"/matching/matches/{match.id}/activate",
        f"/matching/matches/{match.id}/pause",
        f"/matching/matches/{match.id}/resume",
        f"/matching/matches/{match.id}/end",
        f"/matching/mentors/{mentor.id}/profile",
    ]
    for path in gets:
        assert client.get(path).status_code == 404, path
    for path in posts:
        assert client.post(path, data={"csrf_token": token}).status_code == 404, path
    client.post("/sign-out", data={"csrf_token": token})

    sign_in(client, outsiders["trainer"].email)
    token = csrf_token(client, "/trainer")
    assert client.get(f"/matching/supervision/{mentor.id}").status_code == 404
    assert (
        client.post(f"/matching/supervision/{mentor.id}", data={"csrf_token": token}).status_code
        == 404
    )
    listing = client.get("/matching/supervision").get_data(as_text=True)
    assert f"/matching/supervision/{mentor.id}" not in listing
    assert db.session.get(DeclaredConflict, conflict.id) is not None
    db.session.refresh(match)
    assert match.status == "paused"


# ---------------------------------------------------------------------------
# Mentor profiles


def test_my_profile_explains_when_there_is_no_certificate(client, login):
    """Someone who has never held a certificate is told they need one first."""
    login("trainee")
    page = client.get("/matching/profile").get_data(as_text=True)
    assert "You need a certificate before you can have a mentor profile" in page
    assert _post(client, "/matching/profile", {"capacity": "3"}, "/trainee").status_code == 400
    assert db.session.scalars(select(MentorProfile)).all() == []


def test_holder_edits_their_own_profile_and_it_is_audited(client, login, people):
    """A certificate holder saves their profile; capacity outside 0 to 20 is refused."""
    trainee = people["trainee"]
    make_mentor(trainee, available=True, capacity=2)
    login("trainee")
    page = client.get("/matching/profile").get_data(as_text=True)
    assert "Your mentor profile" in page and 'value="English"' in page
    bad = _post(client, "/matching/profile", {"capacity": "21", "gender": "woman"})
    text = bad.get_data(as_text=True)
    assert 'id="capacity-error"' in text and "Enter a number from 0 to 20" in text
    good = _post(
        client,
        "/matching/profile",
        {
            "capacity": "4",
            "gender": "woman",
            "area": "Bradford",
            "languages": "English, Urdu",
            "needs_experience": ["debt", "family"],
            "interests": "Gardening",
        },
    )
    assert good.status_code == 302
    profile = db.session.scalars(select(MentorProfile)).one()
    db.session.refresh(profile)
    assert (profile.available, profile.capacity, profile.area) == (False, 4, "Bradford")
    assert profile.languages == ["English", "Urdu"] and profile.needs_experience == [
        "debt",
        "family",
    ]
    event = _actions("mentor_profile.updated")[-1]
    assert event.actor_id == trainee.id and "capacity" in event.details["changed"]


def test_coordinator_views_and_edits_a_mentors_profile(client, login, people):
    """The scheme's coordinator edits a mentor's profile; it is audited as theirs."""
    mentor = people["trainee"]
    make_mentor(mentor)
    login("coordinator")
    path = f"/matching/mentors/{mentor.id}/profile"
    assert "Mentor profile: Trainee" in client.get(path).get_data(as_text=True)
    response = _post(client, path, {"available": "y", "capacity": "0", "gender": "man"})
    assert response.status_code == 302
    assert db.session.scalars(select(MentorProfile)).one().capacity == 0
    assert _actions("mentor_profile.updated")[-1].actor_id == people["coordinator"].id


def test_profile_of_someone_without_a_certificate_is_not_found(client, login, people):
    """Coordinators only open profiles of certificate holders."""
    login("coordinator")
    assert client.get(f"/matching/mentors/{people['trainer'].id}/profile").status_code == 404


# ---------------------------------------------------------------------------
# Declared conflicts


def test_coordinator_declares_and_removes_a_conflict(client, login, people):
    """A conflict is added from the mentee page and removed again; both are audited."""
    mentor = people["trainee"]
    make_mentor(mentor)
    mentee = make_mentee(people["coordinator"].scheme, "LS-3", created_by=people["coordinator"])
    login("coordinator")
    path = f"/matching/mentees/{mentee.id}"
    page = client.get(path).get_data(as_text=True)
    assert f'<option value="{mentor.id}">Trainee</option>' in page
    _post(client, f"{path}/conflicts", {"mentor_id": str(mentor.id), "kind": "co_defendant"}, path)
    conflict = db.session.scalars(select(DeclaredConflict)).one()
    assert conflict.kind == "co_defendant" and conflict.recorded_by_id == people["coordinator"].id
    page = client.get(path).get_data(as_text=True)
    assert "Trainee: Co-defendant" in page
    again = _post(
        client, f"{path}/conflicts", {"mentor_id": str(mentor.id), "kind": "co_defendant"}, path
    )
    assert again.status_code == 400  # shown again with the message on the mentor field
    assert "already recorded" in again.get_data(as_text=True)
    _post(client, f"/matching/conflicts/{conflict.id}/remove", {}, path)
    assert db.session.scalars(select(DeclaredConflict)).all() == []
    assert len(_actions("conflict.declared")) == 1 and len(_actions("conflict.removed")) == 1


def test_conflict_needs_a_mentor_of_the_scheme(client, login, people, outsiders):
    """Only the scheme's own mentors can be named in a conflict."""
    stranger = make_person(
        "m@other.org", "Max Other", [Role.TRAINEE], outsiders["coordinator"].scheme
    )
    make_mentor(stranger)
    mentee = make_mentee(people["coordinator"].scheme, "LS-4", created_by=people["coordinator"])
    login("coordinator")
    path = f"/matching/mentees/{mentee.id}"
    _post(client, f"{path}/conflicts", {"mentor_id": str(stranger.id), "kind": "family"}, path)
    assert db.session.scalars(select(DeclaredConflict)).all() == []


# ---------------------------------------------------------------------------
# Supervision


def test_trainer_records_supervision_with_wellbeing(client, login, people):
    """Date not in the future, wellbeing required; saved, audited and listed with the date."""
    mentor = people["trainee"]
    make_mentor(mentor, supervised_days_ago=None)
    login("trainer")
    listing = client.get("/matching/supervision").get_data(as_text=True)
    assert "Trainee" in listing and "None recorded" in listing
    path = f"/matching/supervision/{mentor.id}"
    page = client.get(path).get_data(as_text=True)
    assert "not only compliance" in page
    tomorrow = (uk_today() + timedelta(days=1)).isoformat()
    bad = _post(client, path, {"held_on": tomorrow, "wellbeing": ""}).get_data(as_text=True)
    assert 'id="wellbeing-error"' in bad and "Say how the mentor is doing" in bad
    bad = _post(client, path, {"held_on": tomorrow, "wellbeing": "Tired."}).get_data(as_text=True)
    assert 'id="held_on-error"' in bad and "must be today or in the past" in bad
    held = uk_today() - timedelta(days=2)
    good = _post(
        client,
        path,
        {"held_on": held.isoformat(), "wellbeing": "Tired but coping.", "support_agreed": "Rest"},
    )
    assert good.status_code == 302
    entry = db.session.scalars(select(SupervisionSession)).one()
    assert entry.supervisor_id == people["trainer"].id and entry.wellbeing == "Tired but coping."
    event = _actions("supervision.recorded")[0]
    assert "Tired" not in str(event.details)
    from lms.ukdates import uk_date

    assert uk_date(held) in client.get("/matching/supervision").get_data(as_text=True)


def test_nobody_records_their_own_supervision(client, people):
    """A trainer who is also a certificate holder cannot supervise themselves."""
    trainer = people["trainer"]
    make_mentor(trainer, supervised_days_ago=None)
    sign_in(client, trainer.email)
    path = f"/matching/supervision/{trainer.id}"
    assert "Another trainer records your supervision" in client.get(path).get_data(as_text=True)
    _post(client, path, {"held_on": uk_today().isoformat(), "wellbeing": "Fine"}, "/trainer")
    assert db.session.scalars(select(SupervisionSession)).all() == []


def test_navigation_links_for_each_role(client, login):
    """Coordinators see Matching and Mentees, trainers Supervision, trainees Mentor profile."""
    login("coordinator")
    page = client.get("/coordinator").get_data(as_text=True)
    assert 'href="/matching/"' in page and 'href="/matching/mentees"' in page
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/coordinator")})
    login("trainer")
    assert 'href="/matching/supervision"' in client.get("/trainer").get_data(as_text=True)
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/trainer")})
    login("trainee")
    assert 'href="/matching/profile"' in client.get("/trainee").get_data(as_text=True)
