"""In a real browser: a coordinator declares a conflict against a mentee's current mentor, and
the live match is paused at once, on the mentee's page and the match's."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.factories import PASSWORD


def test_declaring_a_conflict_pauses_the_live_match(page: Page, people):
    from lms.extensions import db
    from lms.matching.matches import services as matches
    from lms.ukdates import uk_today
    from tests.factories import make_mentee
    from tests.mentoring import certified_mentor

    mentor = certified_mentor(people)
    mentee = make_mentee(mentor.scheme, "LS-42")
    match = matches.propose_match(db.session, people["coordinator"], mentor, mentee, uk_today())
    matches.activate(db.session, people["coordinator"], match, uk_today())
    db.session.commit()
    mentee_id, match_id = mentee.id, match.id

    page.goto("/sign-in")
    page.get_by_label("Email address").fill(people["coordinator"].email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/matching/mentees/{mentee_id}")
    rows = page.locator("table.govuk-table tbody tr")
    expect(rows.filter(has_text="Mo Mentor")).to_contain_text("Active")
    page.get_by_label("Mentor").select_option(label="Mo Mentor")
    page.get_by_role("group", name="What is the conflict?").get_by_label("Victim").check()
    page.get_by_role("button", name="Record conflict").click()
    expect(page.get_by_text("Conflict recorded. They will not be matched.")).to_be_visible()
    expect(page.get_by_text("Their match has been paused")).to_be_visible()
    expect(rows.filter(has_text="Mo Mentor")).to_contain_text("Paused")
    expect(page.get_by_text("Mo Mentor: Victim")).to_be_visible()
    page.goto(f"/matching/matches/{match_id}")
    expect(
        page.get_by_text("A conflict was declared between the mentor and the mentee.")
    ).to_be_visible()
