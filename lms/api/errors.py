"""How the JSON API answers a domain error: one table from its stable ``code`` to an HTTP status.

A service raises a ``DomainError`` whose ``code`` says what kind of refusal it is; the API never
reads the English message to decide. 409 means the request clashes with the state of the
records (taken, already done, in the wrong state, not eligible); 422 means the input does not fit
a rule. A code missing here answers 422; ``tests/unit/test_api_errors.py`` fails while a
domain error class has a code this table does not name.
"""

from __future__ import annotations

from lms.domain import DomainError

# The ``error`` of an answer about the request itself (its JSON, its fields, its address).
BAD_REQUEST = "bad_request"  # 400: not a JSON object, not JSON, too deep; a bad ?page=
INVALID = DomainError.code  # 422: the body does not fit, or a rule refused a field
KEY_IN_QUERY = "key_in_query"  # 400: an API key was put in the web address
INPUT_ERRORS = (BAD_REQUEST, INVALID, KEY_IN_QUERY)

STATUS_OF_CODE: dict[str, int] = {
    # The input does not fit a rule.
    "invalid": 422,
    "reason": 422,  # a match paused or ended without saying why
    "requested_by": 422,  # a match ended without saying who asked
    # The request clashes with the records as they are.
    "conflict": 409,
    "already_exists": 409,
    "already_matched": 409,
    "already_submitted": 409,
    "anonymised": 409,
    "not_allowed": 409,
    "not_eligible": 409,
    "wrong_status": 409,
    # Who is asking may not do this.
    "forbidden": 403,
    "own_record": 403,
}


def status_of(error: DomainError) -> int:
    """The HTTP status the API answers ``error`` with."""
    return STATUS_OF_CODE.get(error.code, 422)
