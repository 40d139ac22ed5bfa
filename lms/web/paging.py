"""One page of a query for a list page: the page number from ``?page=`` and the site's page size."""

from __future__ import annotations

from flask import current_app, request

from lms.extensions import db
from lms.numbers import query_int


def paginate(stmt, per_page: int | None = None):
    """``db.paginate`` for ``stmt`` at ``?page=`` (a bad or missing number is page 1; a page past
    the end is empty, never a 404), ``PAGE_SIZE`` rows a page unless ``per_page`` says."""
    return db.paginate(
        stmt,
        page=request.args.get("page", 1, type=query_int),
        per_page=per_page or current_app.config["PAGE_SIZE"],
        error_out=False,
    )


def page_number() -> int:
    """The ``?page=`` number (1 when missing or not a whole number)."""
    return request.args.get("page", 1, type=query_int) or 1
