"""Certified mentors are labelled mentors on every list of learners (issue 17, item 11): the
training progress, the practice and marking queues say "Mentor (certified)" beside a person
holding a current certificate, and nothing beside a trainee; the words come from one place."""

from __future__ import annotations

import pytest

from lms.accounts.models import Role
from lms.certificates.holders import MENTOR, certified, learner_words, role_words
from lms.extensions import db
from lms.ukdates import uk_today
from tests.factories import (
    make_mentor,
    make_module,
    make_person,
    make_practice_entry,
    make_scenario,
    submit_answer,
)

TAG = f' <strong class="govuk-tag govuk-tag--green">{MENTOR}</strong>'


@pytest.fixture
def mentor(people):
    """Mo holds a current certificate; the people fixture's trainee does not."""
    person = make_person("mo@example.org", "Mo Mentor", [Role.TRAINEE], people["trainee"].scheme)
    make_mentor(person, today=uk_today())
    return person


def test_the_words_come_from_one_place(people, mentor):
    mentors = certified(db.session, [mentor.id, people["trainee"].id])
    assert mentors == {mentor.id}
    assert learner_words(mentor.id, mentors) == "Mentor (certified)"
    assert learner_words(people["trainee"].id, mentors) == "Trainee"
    assert role_words(mentor, mentors) == "Mentor (certified)"
    assert role_words(people["trainee"], mentors) == "Trainee"
    assert certified(db.session, []) == set()


def test_training_progress_tags_the_mentor_only(client, login, people, mentor):
    make_module("first")
    login("trainer")
    page = client.get("/training-reports/progress").get_data(as_text=True)
    assert '<th scope="col" class="govuk-table__header">Trainee or mentor</th>' in page
    mentor_cell = (
        f'<a class="govuk-link" href="/certificates/people/{mentor.id}">Mo Mentor</a>{TAG}</th>'
    )
    trainee_cell = (
        f'<a class="govuk-link" href="/certificates/people/{people["trainee"].id}">Trainee</a></th>'
    )
    assert mentor_cell in page and trainee_cell in page


def test_the_practice_queue_tags_the_mentor_only(client, login, people, mentor):
    mine = make_practice_entry(mentor, people["trainer"])
    theirs = make_practice_entry(people["trainee"], people["trainer"])
    login("trainer")
    page = client.get("/practice/queue").get_data(as_text=True)
    assert (
        '<td class="govuk-table__cell" data-label="Trainee or mentor">'
        f'<a class="govuk-link" href="/practice/review/{mine.id}">'
        f"Mo Mentor</a>{TAG}</td>"
    ) in page
    assert (
        '<td class="govuk-table__cell" data-label="Trainee or mentor">'
        f'<a class="govuk-link" href="/practice/review/{theirs.id}">'
        "Trainee</a></td>"
    ) in page


def test_the_marking_queue_tags_the_mentor_but_not_when_marking_blind(
    client, login, people, mentor
):
    scenario = make_scenario(make_module("first"))
    submit_answer(mentor, scenario)
    submit_answer(people["trainee"], scenario)
    login("trainer")
    page = client.get("/assessment/queue?blind=0").get_data(as_text=True)
    assert (
        f'<td class="govuk-table__cell" data-label="Trainee or mentor">Mo Mentor{TAG}</td>' in page
    )
    assert '<td class="govuk-table__cell" data-label="Trainee or mentor">Trainee</td>' in page
    blind = client.get("/assessment/queue?blind=1").get_data(as_text=True)
    assert MENTOR not in blind


def test_the_schemes_practice_list_tags_the_mentor_only(client, login, people, mentor):
    mine = make_practice_entry(mentor, people["trainer"])
    theirs = make_practice_entry(people["trainee"], people["trainer"])
    login("coordinator")
    page = client.get("/practice/scheme").get_data(as_text=True)
    assert (
        f'<a class="govuk-link" href="/practice/review/{mine.id}">Mo Mentor</a>{TAG}</td>'
    ) in page
    assert f'<a class="govuk-link" href="/practice/review/{theirs.id}">Trainee</a></td>' in page
