"""One page of a long table: where it sits, and what happens at the edges."""

from __future__ import annotations

from maxpressure.views.paging import MAX_PER_PAGE, paginate


def test_pages_cover_every_row_once_in_order():
    rows = list(range(155))  # as many as the UN's DPRK gap rows
    pages = [paginate(rows, n, 50) for n in range(1, 5)]
    assert [p.rows for p in pages] == [rows[0:50], rows[50:100], rows[100:150], rows[150:155]]
    assert [p.to_json()["first"] for p in pages] == [1, 51, 101, 151]
    assert [p.to_json()["last"] for p in pages] == [50, 100, 150, 155]
    assert {p.pages for p in pages} == {4} and {p.total for p in pages} == {155}


def test_a_page_past_the_last_is_the_last_and_page_zero_is_the_first():
    rows = list(range(155))
    assert paginate(rows, 99, 50).page == 4 and paginate(rows, 99, 50).rows == rows[150:]
    assert paginate(rows, 0, 50).page == 1 and paginate(rows, -3, 50).rows == rows[:50]


def test_no_page_size_means_every_row_and_sizes_are_capped():
    rows = list(range(2500))
    assert paginate(rows, 7, None).rows == rows and paginate(rows, 7, None).pages == 1
    assert len(paginate(rows, 1, 10**6).rows) == MAX_PER_PAGE


def test_an_empty_table_is_one_empty_page():
    empty = paginate([], 3, 100)
    assert empty.rows == [] and empty.to_json() == {"page": 1, "per_page": 100, "pages": 1, "total": 0,
                                                    "first": 0, "last": 0}
