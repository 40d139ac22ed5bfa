"""The base of every domain error: a rule refused a request, with a message safe to show."""

from __future__ import annotations


class DomainError(Exception):
    """A request a rule refuses. ``message`` is plain English for the person; ``field`` names
    the form field it belongs next to, when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
