"""JSON nesting is measured before parsing: brackets in strings do not count, escapes are kept."""

import pytest

from lms.json_depth import TooDeep, loads, nesting_depth


@pytest.mark.parametrize(
    ("raw", "depth"),
    [
        (b"1", 0),
        (b'"[[[["', 0),
        (b"[]", 1),
        (b'{"a": [1, {"b": []}]}', 4),
        (b'["\\"[[", [[]]]', 3),
        (b'{"a": "\\\\"}', 1),
        (b"[" * 5000, 5000),
    ],
)
def test_nesting_depth_counts_only_brackets_outside_strings(raw, depth):
    assert nesting_depth(raw) == depth


def test_loads_parses_within_the_limit_and_refuses_deeper_before_parsing():
    assert loads(b'{"answers": {"a": ["1"]}}', limit=3) == {"answers": {"a": ["1"]}}
    with pytest.raises(TooDeep, match="more than 3 levels"):
        loads(b'{"answers": {"a": [["1"]]}}', limit=3)
    # Far deeper than the parser's recursion limit: refused without a RecursionError.
    with pytest.raises(TooDeep):
        loads(b"[" * 100_000 + b"]" * 100_000, limit=3)
    with pytest.raises(ValueError):
        loads(b"{not json", limit=3)
