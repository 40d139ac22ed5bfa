"""The gate written as SQL (``screening``) agrees with the gate itself, and lists page through it.

Pages count, order and page mentors by the screening statement and run the gate only for the
mentors they show, so the two must agree on who passes and on the kind of every reason.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.accounts.models import Role, Scheme
from lms.extensions import db
from lms.matching.dashboard.services import plain_mentee
from lms.matching.gate import check_many, screening
from lms.matching.matches import ranking
from lms.matching.matches.services import mentors_of
from lms.matching.models import Mentee
from lms.ukdates import uk_today
from tests.conftest import sign_in
from tests.factories import make_mentee, make_mentor, make_person, make_scheme


def _disagreements(scheme_id: int, mentee: Mentee, today) -> tuple[list, set[str]]:
    """Mentors on whom the screening and the gate disagree, and every kind seen."""
    rows = {row.id: row for row in screening.screen(db.session, scheme_id, mentee, today)}
    mentors = mentors_of(db.session, scheme_id)
    assert set(rows) == {m.id for m in mentors}, "the same mentors are screened"
    wrong, seen = [], set()
    for result in check_many(db.session, mentors, mentee, today):
        kinds = {screening.KIND_OF_CODE[code] for code in result.codes}
        screened = set(rows[result.mentor.id].kinds)
        seen |= screened
        if kinds != screened:
            wrong.append((result.mentor.name, mentee.reference, sorted(kinds), sorted(screened)))
    return wrong, seen


def test_screening_agrees_with_the_gate_for_every_demo_mentor_and_mentee(app):
    """The demo holds a mentor blocked for each reason and mentees asking for every check."""
    from lms.demo import seed_demo

    seed_demo(db.session)
    db.session.commit()
    today = uk_today()
    scheme = db.session.scalars(select(Scheme).where(Scheme.slug == "demo")).one()
    mentees = list(db.session.scalars(select(Mentee).where(Mentee.scheme_id == scheme.id)))
    wrong, seen = _disagreements(scheme.id, plain_mentee(scheme.id), today)
    for mentee in mentees:
        more, kinds = _disagreements(scheme.id, mentee, today)
        wrong += more
        seen |= kinds
    assert wrong == []
    assert seen == set(screening.KINDS), "the demo exercises every kind of reason"


@pytest.fixture
def grid(people):
    """Edge cases the demo does not pin: levels, expiry and supervision on the boundary day."""
    today = uk_today()
    scheme = make_scheme("grid", "Grid")
    coordinator = people["coordinator"]

    def mentor(name: str, **details):
        person = make_person(
            f"{name.split()[0].lower()}@grid.example", name, [Role.TRAINEE], scheme
        )
        return make_mentor(person, today=today, **details)

    mentor("Ann Enhanced", vetting_level="enhanced")
    mentor("Bea Barred", competences=("peer-mentoring", "mentor-under-18s"))
    mentor("Cal Core", vetting_level="enhanced_barred")
    mentor("Dee Last Day", valid_days_left=0)
    mentor("Eve Expired Yesterday", valid_days_left=-1)
    mentor("Fay Recheck Today", recheck_days_left=0)
    mentor("Gus Recheck Passed", recheck_days_left=-1)
    mentor("Hal Never Supervised New", supervised_days_ago=None, issued_days_ago=10)
    mentor("Ida Never Supervised Old", supervised_days_ago=None, issued_days_ago=400)
    mentor("Jo Full", capacity=0)
    mentor("Kit Man", gender="man")
    mentor("Lou Basic", vetting_level="basic")
    young = make_mentee(scheme, "YOUNG-1", created_by=coordinator, under_18=True)
    woman = make_mentee(scheme, "PREF-1", created_by=coordinator, gender_preference="woman")
    mappa = make_mentee(scheme, "MAPPA-1", created_by=coordinator, mappa_level=2)
    db.session.commit()
    return scheme, [young, woman, mappa, plain_mentee(scheme.id)]


def test_screening_agrees_with_the_gate_on_the_edges(grid):
    """Boundary days, DBS levels for under-18s, capacity 0, preference and MAPPA cases."""
    scheme, mentees = grid
    today = uk_today()
    for day in (today, today + timedelta(days=1)):
        for mentee in mentees:
            assert _disagreements(scheme.id, mentee, day)[0] == []


def test_candidates_come_a_page_at_a_time_with_counts_and_a_name_search(grid):
    """Eligible and blocked mentors have their own pages; counts cover every blocked mentor."""
    _scheme, (young, *_rest) = grid
    today = uk_today()
    whole = ranking.candidates(db.session, young, today, per_page=100)
    assert [r.mentor.name for r in whole.eligible] == ["Bea Barred"]
    assert whole.blocked_page.total == 11 and len(whole.blocked) == 11
    assert whole.blocked_by_kind["certificate"] >= 10, "only Bea holds the under-18s competence"
    assert sum(len(r.reasons) > 0 for r in whole.blocked) == 11

    first = ranking.candidates(db.session, young, today, per_page=4)
    second = ranking.candidates(db.session, young, today, per_page=4, blocked_page=2)
    assert first.blocked_page.pages == 3 and len(first.blocked) == 4
    names = [r.mentor.name for r in first.blocked + second.blocked]
    assert names == [r.mentor.name for r in whole.blocked[:8]], "pages continue in order"
    assert first.blocked_by_kind == whole.blocked_by_kind, "counts cover every page"
    beyond = ranking.candidates(db.session, young, today, per_page=4, blocked_page=9)
    assert beyond.blocked == [] and beyond.blocked_page.total == 11

    found = ranking.candidates(db.session, young, today, name="  ann ")
    assert [r.mentor.name for r in found.blocked] == ["Ann Enhanced"] and not found.eligible


def test_the_candidates_page_pages_both_lists_and_searches_by_name(client, grid, app, monkeypatch):
    """The page links each list's next page and keeps the other list's page and the search."""
    scheme, (young, *_rest) = grid
    coordinator = make_person("co@grid.example", "Cora Grid", [Role.COORDINATOR], scheme)
    db.session.commit()
    assert sign_in(client, coordinator.email).status_code == 302
    monkeypatch.setitem(app.config, "PAGE_SIZE", 4)
    page = client.get(f"/matching/mentees/{young.id}/candidates").get_data(as_text=True)
    assert "Mentors who cannot be matched yet (11)" in page
    assert f"/matching/mentees/{young.id}/candidates?page=1&amp;blocked_page=2" in page
    assert "No current certificate covering the mentee&#39;s needs" in page
    searched = client.get(f"/matching/mentees/{young.id}/candidates?q=lou").get_data(as_text=True)
    assert "Lou Basic" in searched and "Ann Enhanced" not in searched
    assert "Eligible mentors (0)" in searched
