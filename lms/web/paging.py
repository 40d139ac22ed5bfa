"""One page of a query for a list page: the page number from ``?page=`` and the site's page size."""

from __future__ import annotations

from flask import current_app, request

from lms.extensions import db
from lms.numbers import query_int


def paginate(stmt, per_page: int | None = None):
    """``db.paginate`` for ``stmt`` at ``?page=``, ``PAGE_SIZE`` rows a page unless ``per_page``
    says. A missing page or page 0 is page 1 and a page past the end is empty (never a 404);
    anything but 1 to 9 ASCII digits is a 400 saying so (``lms.numbers.query_int``)."""
    return db.paginate(
        stmt,
        page=request.args.get("page", 1, type=query_int),
        per_page=per_page or current_app.config["PAGE_SIZE"],
        error_out=False,
    )


def page_number() -> int:
    """The ``?page=`` number: 1 when missing or 0; not 1 to 9 ASCII digits is a 400."""
    return request.args.get("page", 1, type=query_int) or 1
