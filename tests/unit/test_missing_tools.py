"""The one rule for missing tools: a skip on a developer's machine, a failure whenever CI is set."""

import pytest

from tests.tools import in_ci, missing


@pytest.mark.parametrize("value", ["1", "true", "yes", "True"])
def test_a_missing_tool_fails_when_ci_is_set(monkeypatch, value):
    monkeypatch.setenv("CI", value)
    assert in_ci()
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        missing("pdfsig is missing")


@pytest.mark.parametrize("value", [None, "", "0", "false"])
def test_a_missing_tool_is_skipped_without_ci(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    assert not in_ci()
    with pytest.raises(pytest.skip.Exception, match="pdfsig is missing"):
        missing("pdfsig is missing")
