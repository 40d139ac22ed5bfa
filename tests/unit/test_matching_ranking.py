"""Ranking candidates: shared needs count most, then area, languages and a lighter load."""

from __future__ import annotations

import itertools
import json

from lms.matching.gate.screening import Screened
from lms.matching.matches.ranking import _scorer, fit
from lms.matching.models import Mentee, MentorProfile


def _profile(**overrides) -> MentorProfile:
    values = {
        "available": True,
        "capacity": 3,
        "area": "Leeds",
        "languages": ["English"],
        "gender": "woman",
        "needs_experience": [],
    }
    return MentorProfile(**{**values, **overrides})


def _mentee(**overrides) -> Mentee:
    values = {"needs": ["housing", "debt"], "area": "Leeds", "languages": ["Polish"]}
    return Mentee(**{**values, **overrides})


def test_fit_names_every_reason_in_plain_words():
    """Shared needs, the same area, a shared language and free places are all named."""
    profile = _profile(needs_experience=["debt", "housing", "family"], languages=["Polish"])
    scored = fit(["housing", "debt"], "leeds ", ["polish"], profile, load=2)
    assert scored.reasons == [
        "Shares needs: housing, debt",
        "Same area",
        "Speaks Polish",
        "Has 1 of 3 places free",
    ]


def test_need_words_are_readable():
    """Need codes read as words."""
    scored = fit(["substance_use"], "", [], _profile(needs_experience=["substance_use"]), 0)
    assert scored.reasons[0] == "Shares needs: substance use"


def test_an_empty_area_is_not_the_same_area():
    """Two blank areas are not a match on area."""
    assert "Same area" not in fit([], "", [], _profile(area=""), 0).reasons


def test_one_shared_need_outweighs_area_languages_and_load():
    """Needs weigh most: one shared need beats same area, a language and an empty caseload."""
    need = fit(
        ["housing"], "Leeds", ["Polish"], _profile(needs_experience=["housing"], area="Hull"), 3
    )
    rest = fit(["housing"], "Leeds", ["Polish"], _profile(languages=["Polish"]), 0)
    assert need.score > rest.score


def test_area_outweighs_a_language_and_a_language_outweighs_load():
    """Then area, then languages, then the lighter load."""
    area = fit([], "Leeds", ["Polish"], _profile(), 3)
    language = fit([], "Leeds", ["Polish"], _profile(area="Hull", languages=["Polish"]), 0)
    light = fit([], "Leeds", ["Polish"], _profile(area="Hull"), 0)
    busy = fit([], "Leeds", ["Polish"], _profile(area="Hull"), 2)
    assert area.score > language.score > light.score > busy.score


def test_a_full_profile_has_no_free_places_named_wrongly():
    """With no capacity left the free-places line says so."""
    assert fit([], "", [], _profile(capacity=2), 2).reasons == ["Has 0 of 2 places free"]


def test_the_list_sort_key_scores_exactly_as_fit_does():
    """The candidates list sorts thousands of mentors by a key that works each list and area out
    once; for every mix of needs, languages, areas, capacity and load it gives fit's score."""
    needs, area, languages = ["housing", "debt", "family"], " Leeds ", ["Polish", "welsh"]
    key = _scorer(needs, area, {lang.strip().casefold() for lang in languages})
    lists = [None, [], ["debt"], ["housing", "debt", "family"], ["work"]]
    spoken = [None, [], ["POLISH"], ["Welsh ", "polish", "English"]]
    areas = ["", "leeds", "Leeds ", "York", None]
    for number, (exp, langs, where, capacity, load) in enumerate(
        itertools.product(lists, spoken, areas, [0, 1, 3], [0, 2, 5])
    ):
        row = Screened(
            id=number,
            name=f"Mentor {number}",
            kinds=(),
            capacity=capacity,
            load=load,
            area=where or "",
            languages_json=None if langs is None else json.dumps(langs),
            needs_json=None if exp is None else json.dumps(exp),
            expires_on=None,
        )
        expected = fit(needs, area, languages, row, load).score
        assert key(row) == (-expected, row.name, row.id), row
