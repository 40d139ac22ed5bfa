"""Ranking candidates: shared needs count most, then area, languages and a lighter load."""

from __future__ import annotations

from lms.matching.matches.ranking import fit
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
