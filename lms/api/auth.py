"""Scheme API authentication: every call carries ``Authorization: Bearer <key>``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, g, request

from lms.api.keys import authenticate
from lms.extensions import db, limiter
from lms.matching.models import ApiKey


def current_key() -> ApiKey | None:
    """The key of this request, if it sent a valid one."""
    if "api_key" not in g:
        g.api_key = authenticate(db.session, request.headers.get("Authorization"))
    return g.api_key


def _key_scope() -> str:
    key = current_key()
    return f"api-key:{key.prefix}" if key else f"api-anon:{request.remote_addr}"


def key_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Refuse the call with 401 unless it carries a live key; limit calls per key."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_key() is None:
            abort(401, "Send a live API key as: Authorization: Bearer <key>.")
        return view(*args, **kwargs)

    return limiter.limit("600 per minute", key_func=_key_scope)(wrapped)
