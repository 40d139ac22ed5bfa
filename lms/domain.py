"""The base of every domain error: a rule refused a request, with a stable code and a message."""

from __future__ import annotations


class DomainError(Exception):
    """A request a rule refuses. ``message`` is plain English for the person; ``field`` names
    the form field it belongs next to, when there is one.

    ``code`` is stable, snake_case and never shown as prose: callers decide by it, never by the
    wording (the JSON API maps it to an HTTP status in ``lms.api.errors``). The default,
    ``invalid``, means the request does not fit a rule; a subclass that means something else
    says so, e.g. ``conflict`` (the record changed or is in the wrong state), ``already_exists``
    (the name or record is taken) or ``not_eligible`` (requirements not met).
    """

    code: str = "invalid"  # a class attribute; a subclass may set it per error instead

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
