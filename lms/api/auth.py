"""Scheme API authentication: every call carries ``Authorization: Bearer <key>``.

A key works only while its creator may act for its scheme (see ``lms.api.keys``). A key in the
query string is refused outright: query strings end up in access logs and browser histories.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, g, jsonify, request

from lms.api import errors
from lms.api.keys import authenticate, creator_may_act
from lms.api.models import ApiKey
from lms.extensions import db, limiter

# Parameter names that clients commonly use for keys, and anything shaped like one of ours.
KEY_PARAMETERS = {"api_key", "apikey", "api-key", "key", "access_token", "token", "bearer"}
KEY_SHAPE = re.compile(r"lms_[0-9a-f]{8}_")
KEY_IN_QUERY = (
    "Do not put an API key in the web address: addresses are written to logs. Send it only "
    "as the header Authorization: Bearer <key>, and revoke this key and make a new one, "
    "since it may have been logged."
)
# Calls per key per endpoint; read at each call, so a test can lower it.
KEY_LIMIT = "600 per minute"
CREATOR_CANNOT_ACT = (
    "This key no longer works: the person who created it is no longer an active coordinator "
    "of the scheme (or an admin). Ask a coordinator of the scheme to make a new key."
)


def refuse_key_in_query():
    """Before every /api/ request: 400 if the query string carries (or names) an API key."""
    for name, value in request.args.items(multi=True):
        if name.lower() in KEY_PARAMETERS or KEY_SHAPE.search(value) or KEY_SHAPE.search(name):
            response = jsonify({"error": errors.KEY_IN_QUERY, "message": KEY_IN_QUERY})
            response.status_code = 400
            return response
    return None


def current_key() -> ApiKey | None:
    """The key of this request, if it sent a valid one whose creator may still act."""
    if "api_key" not in g:
        key = authenticate(db.session, request.headers.get("Authorization"))
        g.api_key_refused = key is not None and not creator_may_act(key)
        g.api_key = None if g.api_key_refused else key
    return g.api_key


def _key_scope() -> str:
    key = current_key()
    return f"api-key:{key.prefix}" if key else f"api-anon:{request.remote_addr}"


def key_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Refuse the call with 401 unless it carries a live key; limit calls per key."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_key() is None:
            if g.get("api_key_refused"):
                abort(401, CREATOR_CANNOT_ACT)
            abort(401, "Send a live API key as: Authorization: Bearer <key>.")
        return view(*args, **kwargs)

    return limiter.limit(lambda: KEY_LIMIT, key_func=_key_scope)(wrapped)
