"""The shape limits read before any JSON parsing or canonicalising of a credential."""

from __future__ import annotations

import pytest

from lms.credentials import limits


def test_nesting_is_counted_outside_strings_only():
    assert limits.shallow_json(b'{"a": "[[[[ \\" {{{{", "b": [1, [2]]}', limit=3)
    assert not limits.shallow_json(b"[" * 100_000)  # never parsed, so never a RecursionError
    assert limits.shallow_json(b"[" * 64 + b"]" * 64) and not limits.shallow_json(b"[" * 65)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"a": list(range(limits.MAX_ITEMS + 1))}, "too large"),
        ({"a": "x" * (limits.MAX_STRING + 1)}, "too large"),
        ({"a": [{"b": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]} for _ in range(100)]}, "too large"),
        ({"credentialSubject": {"id": "_:b0"}}, "blank node"),
        ({"x": {"@id": "_:b1"}}, "blank node"),
    ],
)
def test_shapes_outside_the_limits_are_refused(document, message):
    with pytest.raises(limits.ShapeError, match=message):
        limits.check_shape(document)


def test_an_ordinary_credential_shape_passes():
    limits.check_shape({"a": [{"id": "urn:x:1", "b": "text"}] * 20, "c": {"d": {"e": 1}}})
