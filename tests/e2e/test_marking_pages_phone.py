"""In a real browser: the pages of issue 13 for trainers (marking with the rubric's descriptors
and calibration examples, recording an oral answer, second marking, resolving a disagreement)
fit a 320px phone and have no serious accessibility problems."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from lms.accounts.models import Role
from lms.assessment import services
from lms.extensions import db
from tests.e2e.screen import serious_axe, too_wide
from tests.e2e.test_quiz_keyboard_and_phone import sign_in as _sign_in
from tests.factories import make_module, make_person, make_scenario, submit_answer

PHONE = {"width": 320, "height": 640}
SETTINGS = services.Settings()


def _marks(*met):
    return [services.CriterionMark(m, "") for m in met]


def _fits_and_passes_axe(page: Page, name: str, problems: dict) -> None:
    wide = too_wide(page)
    if wide:
        problems[name] = wide
    bad = [v["id"] for v in serious_axe(page)]
    if bad:
        problems[name] = f"axe: {bad}"


def test_marking_oral_second_marking_and_resolve_pages_fit_a_phone(page: Page, people):
    trainee, trainer = people["trainee"], people["trainer"]
    scheme = trainee.scheme
    lead = make_person("lead@example.org", "Lena Lead", [Role.TRAINER], scheme)
    lead.lead_trainer = True
    other = make_person("oral@example.org", "Oscar Oral", [Role.TRAINEE], scheme)
    scenario = make_scenario(make_module("sample"))
    waiting = submit_answer(trainee, scenario)
    flagged = submit_answer(make_person("f@example.org", "Fay", [Role.TRAINEE], scheme), scenario)
    services.claim(db.session, trainer, waiting, SETTINGS)
    services.claim(db.session, trainer, flagged, SETTINGS)
    services.mark(db.session, trainer, flagged, _marks(True, True, True), "pass", "Good.")
    services.second_mark(db.session, lead, flagged, _marks(False, True, True), "refer", "No.")
    db.session.commit()
    page.set_viewport_size(PHONE)
    problems: dict[str, str] = {}

    _sign_in(page, trainer.email)
    page.goto(f"/assessment/submissions/{waiting.id}/mark")
    expect(page.get_by_text("Calibration: example answers")).to_be_visible()
    _fits_and_passes_axe(page, "mark", problems)
    page.goto("/assessment/queue")
    page.get_by_role("link", name="Record an oral answer").click()
    _fits_and_passes_axe(page, "oral: choose", problems)
    page.goto(f"/assessment/oral/{other.id}/sample/{scenario.key}")
    expect(page.get_by_label(re.compile("notes", re.I)).first).to_be_visible()
    _fits_and_passes_axe(page, "oral: record", problems)

    page.context.clear_cookies()
    _sign_in(page, people["admin"].email)
    page.goto("/assessment/second-marking")
    _fits_and_passes_axe(page, "second marking", problems)
    page.goto(f"/assessment/submissions/{flagged.id}/resolve")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    _fits_and_passes_axe(page, "resolve", problems)
    assert problems == {}
