"""Pages of a list already in memory, with the same attributes as Flask-SQLAlchemy's pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_sqlalchemy.pagination import Pagination


class ListPage(Pagination):
    """One page of ``items`` (the pagination macro takes it like ``db.paginate``'s result).

    A page number below 1 shows the first page; one beyond the last shows an empty page.
    """

    def __init__(self, items: Sequence[Any], page: int, per_page: int) -> None:
        super().__init__(
            page=max(page, 1), per_page=per_page, max_per_page=None, error_out=False, rows=items
        )

    @classmethod
    def of_page(cls, items: Sequence[Any], page: int, per_page: int, total: int) -> ListPage:
        """A page whose ``items`` were already cut out of ``total`` items (by the database)."""
        shown = cls(items, 1, per_page)
        shown.page, shown.total = max(page, 1), total
        return shown

    def _query_items(self) -> list[Any]:
        start = (self.page - 1) * self.per_page
        return list(self._query_args["rows"][start : start + self.per_page])

    def _query_count(self) -> int:
        return len(self._query_args["rows"])
