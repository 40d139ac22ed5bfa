"""The errors practice rules raise; ``lms.practice.services`` re-exports them for callers."""

from __future__ import annotations

from lms.domain import DomainError


class PracticeError(DomainError):
    """A request the practice rules refuse; the message is safe to show. ``field`` names a field."""


class InvalidEntry(PracticeError):
    """The details of a session break the rules; ``problems`` maps each field to its message."""

    def __init__(self, problems: dict[str, str]) -> None:
        first = next(iter(problems))
        super().__init__(problems[first], first)
        self.problems = problems


class StaleEntry(PracticeError):
    """Someone else changed the entry first (a decision, an edit): nothing was changed."""

    code = "conflict"
