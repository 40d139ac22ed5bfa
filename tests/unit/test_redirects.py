"""Which `next` targets are followed after sign-in."""

from __future__ import annotations

import pytest

from lms.auth.redirects import safe_next


@pytest.mark.parametrize("target", ["/", "/admin/people?page=2", "/trainee#top"])
def test_paths_on_this_site_are_kept(target):
    """Paths on the site are followed."""
    assert safe_next(target) == target


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example",
        "//evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
        "evil.example/x",
        "/\nLocation: x",
        "",
        None,
    ],
)
def test_anything_else_is_dropped(target):
    """Other hosts, schemes and odd characters are ignored."""
    assert safe_next(target) is None
