"""The batch verification call's rate limit: one certificate check per number it asks about."""

from __future__ import annotations

from flask import current_app

from lms.api.bodies import batch_size
from lms.certificates.lookup import CHECKS_SCOPE, verify_rate
from lms.extensions import limiter


def _batch_refused() -> str:
    return (
        "Too many certificate checks from this client: each number in a batch counts as one "
        f"check against the limit of {current_app.config['RATELIMIT_VERIFY']}, shared with "
        "single checks. Send fewer numbers, or wait and try again."
    )


# The batch call draws on the same budget as single checks (page and API), one per number.
verify_batch_limit = limiter.shared_limit(
    verify_rate, scope=CHECKS_SCOPE, cost=batch_size, error_message=_batch_refused
)
