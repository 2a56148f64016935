"""The statistics tables from grouped counts, and the forms' definitions in the rulebooks."""

from __future__ import annotations

import pytest

from service.adapters.rulebook_files import RulebookFiles
from service.domain.statistics import LOCAL, Awarded, form_table, summaries


def _group(
    kind: str,
    award: str = "BK_TINH",
    gender: str = "",
    n: int = 1,
    ethnicity: str = "",
    level: str = "province",
) -> Awarded:
    return Awarded(1, award, award, level, kind, gender, ethnicity, LOCAL, n)


GROUPS = [
    _group("individual", gender="female", n=2, ethnicity="Mường"),
    _group("individual", gender="male", n=3, ethnicity="Kinh"),
    _group("collective", n=4),
    _group("individual", award="CSTD_TINH", n=1),
    _group("individual", award="GK_XA", n=5, level="ward"),
]


@pytest.mark.parametrize("book", RulebookFiles.packaged().all(), ids=lambda b: b.code)
def test_every_award_a_form_counts_is_an_award_of_its_rulebook(book: object) -> None:
    codes = {a.code for a in book.awards}  # type: ignore[attr-defined]
    forms = book.statistics.forms  # type: ignore[attr-defined]
    assert {f.code for f in forms} == {"0601.N/BNV-TĐKT", "0602.N/BNV-TĐKT", "0603.N/BNV-TĐKT"}
    for form in forms:
        for column in form.columns:
            assert column.awards <= codes, (form.code, column.title)
    assert book.statistics.circular.name and book.statistics.circular.verified is False  # type: ignore[attr-defined]


def test_a_form_counts_its_columns_awards_in_each_row_that_matches() -> None:
    [book] = [b for b in RulebookFiles.packaged().all() if b.code == "two_tier_nd152"]
    [form] = [f for f in book.statistics.forms if f.code.startswith("0603")]

    table = form_table(form, book.statistics, GROUPS)

    rows = {r.code: r for r in table.rows}
    assert rows["01"].cells == (9, 1, 0, 0) and rows["01"].total == 10  # GK_XA is not in it
    assert (rows["02"].total, rows["04"].total, rows["05"].total, rows["06"].total) == (4, 6, 2, 2)
    assert table.values(rows["01"])[:4] == ["Tổng số", "01", "", 10]


def test_each_summary_adds_up_to_every_awarded_nominee_once() -> None:
    tables = summaries(GROUPS, {1: "Phường Định Công"}, {"province": "Cấp tỉnh", "ward": "Cấp xã"})

    assert {t.key: t.grand_total for t in tables} == dict.fromkeys(
        ("by_unit", "by_award", "by_level", "by_gender", "by_ethnicity"), 15
    )
    gender = {r.label: r.total for r in tables[3].rows}
    assert gender == {"Nữ": 2, "Nam": 3, "Chưa rõ": 10}
    assert tables[0].footer is not None and tables[0].footer.cells == (4, 0, 11)
