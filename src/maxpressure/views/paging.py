"""One page of a long table: the rows shown and where they sit among all the rows that match.

The web pages and their JSON show a page at a time (OFAC's 2024 file alone adds thousands of
changes; the gap table holds hundreds of entities); the CLI and the CSV export take every row.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import Any, Sequence

DEFAULT_PER_PAGE = 100
MAX_PER_PAGE = 1000


@dataclass(frozen=True)
class Page:
    rows: list[Any]
    total: int  # rows matching the filters, on every page
    page: int  # 1-based, within 1..pages
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    def to_json(self) -> dict[str, int]:
        """Where the page sits (the rows are returned beside it, under the table's own name)."""
        first = (self.page - 1) * self.per_page + 1 if self.total else 0
        return {"page": self.page, "per_page": self.per_page, "pages": self.pages, "total": self.total,
                "first": first, "last": first + len(self.rows) - 1 if self.rows else 0}


def paginate(rows: Sequence[Any], page: int = 1, per_page: int | None = DEFAULT_PER_PAGE) -> Page:
    """Page `page` of `rows`; a page past the last is the last one; `per_page=None` is every row."""
    if per_page is None:
        return Page(list(rows), len(rows), 1, max(1, len(rows)))
    per_page = min(max(1, per_page), MAX_PER_PAGE)
    last = max(1, ceil(len(rows) / per_page))
    page = min(max(1, page), last)
    start = (page - 1) * per_page
    return Page(list(rows[start:start + per_page]), len(rows), page, per_page)
