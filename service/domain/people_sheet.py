"""The people and history sheet (danh sách quá trình khen thưởng): one row a history entry.

A row names a person (name, date of birth, gender, ethnicity, unit code, position, identity
number) and one entry of their history: an award (danh hiệu, khen thưởng), a year's rating
(xếp loại), an initiative (sáng kiến) or a hold (kỷ luật, thanh tra, khiếu nại); a row with no
entry kind only names the person. The cells are turned here into the shapes
``people_inputs.read_person`` and ``read_history_entry`` read (the API's JSON body), so a row is
checked by the same rules as a typed entry; their field names are said back as this sheet's
column headers. Dates may be typed as dates or as text DD/MM/YYYY.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from service.domain.dossiers import fold
from service.domain.people import GENDER_NAMES, RATING_NAMES, HoldKind, Rating
from service.domain.sheets import Cell, Column, Located, RowError, day, text

COLUMNS = (
    Column("number", "STT", 6, ("tt", "số thứ tự")),
    Column("full_name", "Họ và tên", 28, ("họ tên", "tên tập thể", "họ và tên / tên tập thể")),
    Column("kind", "Cá nhân/Tập thể", 12, ("loại đối tượng",)),
    Column("date_of_birth", "Ngày sinh", 12, ("ngày, tháng, năm sinh",)),
    Column("gender", "Giới tính", 9),
    Column("ethnicity", "Dân tộc", 10),
    Column("org_code", "Đơn vị (mã)", 14, ("mã đơn vị", "đơn vị")),
    Column("position", "Chức vụ", 22, ("chức danh",)),
    Column("identity_number", "CCCD", 15, ("số cccd", "số định danh", "cccd/cmnd")),
    Column("entry", "Loại mục", 18, ("loại",)),
    Column("award", "Mã khen thưởng", 14, ("mã hình thức",)),
    Column("year", "Năm", 7),
    Column("decision_number", "Số quyết định", 16, ("số qđ",)),
    Column("decision_date", "Ngày quyết định", 14, ("ngày qđ",)),
    Column("issuer", "Cơ quan ban hành", 26, ("người ký", "cơ quan quyết định")),
    Column("period_from", "Thành tích từ ngày", 14),
    Column("period_to", "Thành tích đến ngày", 14),
    Column("rating", "Xếp loại", 24, ("mức xếp loại",)),
    Column("title", "Tên sáng kiến", 30),
    Column("scope", "Phạm vi", 12, ("phạm vi công nhận", "phạm vi ảnh hưởng")),
    Column("recognised_on", "Ngày công nhận", 14),
    Column("deciding_body", "Cơ quan công nhận", 24),
    Column("opened_on", "Ngày bắt đầu", 13, ("từ ngày",)),
    Column("closed_on", "Ngày kết thúc", 13, ("đến ngày",)),
    Column("note", "Ghi chú", 30),
)
HEADERS = {c.key: c.header for c in COLUMNS}
DAYS = ("date_of_birth", "decision_date", "period_from", "period_to", "recognised_on")
HOLD_DAYS = ("opened_on", "closed_on")
PERSON_KEYS = ("full_name", "org_code", "ethnicity", "position", "identity_number")
_AWARD, _RATING, _INITIATIVE = "award", "rating", "initiative"
ENTRIES = {
    "danh hieu/khen thuong": _AWARD,
    "danh hieu": _AWARD,
    "khen thuong": _AWARD,
    "xep loai": _RATING,
    "danh gia": _RATING,
    "sang kien": _INITIATIVE,
    "ky luat": HoldKind.DISCIPLINE.value,
    "thanh tra": HoldKind.INSPECTION.value,
    "kiem tra": HoldKind.INSPECTION.value,
    "thanh tra, kiem tra": HoldKind.INSPECTION.value,
    "khieu nai": HoldKind.COMPLAINT.value,
    "khieu nai, to cao": HoldKind.COMPLAINT.value,
}
GENDERS = {fold(name): g.value for g, name in GENDER_NAMES.items()} | {
    "male": "male",
    "female": "female",
}
KINDS = {"ca nhan": "individual", "tap the": "collective", "": "individual"}
RATINGS = (
    {fold(name): r.value for r, name in RATING_NAMES.items()}
    | {
        "xuat sac": Rating.EXCELLENT.value,
        "tot": Rating.GOOD.value,
        "hoan thanh": Rating.COMPLETED.value,
        "khong hoan thanh": Rating.NOT_COMPLETED.value,
    }
    | {r.value: r.value for r in Rating}
)
NOTES = (
    "Mỗi dòng một mục quá trình của một người; một người có nhiều mục thì ghi nhiều dòng.",
    "Người được nhận ra theo CCCD; không có CCCD thì theo họ tên, ngày sinh và đơn vị; "
    "chưa có thì được thêm mới.",
    "«Đơn vị (mã)» là mã đơn vị trong hệ thống (ví dụ HM-DC). Ngày ghi ngày/tháng/năm.",
    "«Loại mục»: danh hiệu/khen thưởng, xếp loại, sáng kiến, kỷ luật, thanh tra, khiếu nại "
    "(để trống: chỉ thêm người).",
    "Danh hiệu/khen thưởng: Mã khen thưởng, Năm, Số quyết định, Ngày quyết định, Cơ quan ban "
    "hành (Thành tích từ/đến ngày nếu có).",
    "Xếp loại: Năm và Xếp loại (hoàn thành xuất sắc / tốt / hoàn thành / không hoàn thành "
    "nhiệm vụ).",
    "Sáng kiến: Tên sáng kiến, Phạm vi (cấp xã, cấp huyện, cấp tỉnh, toàn quốc), Ngày công "
    "nhận, Cơ quan công nhận.",
    "Kỷ luật, thanh tra, khiếu nại: Ngày bắt đầu, Ngày kết thúc (nếu đã xong), Ghi chú.",
    "Cột CCCD nên để dạng văn bản để giữ số 0 ở đầu.",
    "Có dòng sai thì không dòng nào được nhập. Chọn «Chỉ kiểm tra» để kiểm tra trước.",
)


class RowProblems(Exception):
    """A row's cells that cannot be read at all, by column header."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(errors)
        self.errors = errors


def person_fields(located: Located, number: int, values: tuple[Cell, ...] | Any) -> dict[str, Any]:
    """The row's person as ``read_person`` reads it; RowProblems for cells it cannot read."""
    cell = _cells(located, values)
    errors: list[RowError] = []
    fields: dict[str, Any] = {key: text(cell(key)) or None for key in PERSON_KEYS}
    fields["identity_number"] = _identity(cell("identity_number"))
    kind = KINDS.get(fold(text(cell("kind"))))
    if kind is None:
        errors.append(RowError(number, HEADERS["kind"], "Ghi «cá nhân» hoặc «tập thể»."))
    fields["kind"] = kind
    fields["gender"] = GENDERS.get(fold(text(cell("gender"))), text(cell("gender")) or None)
    fields["date_of_birth"] = _day(cell("date_of_birth"), number, "date_of_birth", errors)
    if errors:
        raise RowProblems(errors)
    return fields


def entry_fields(
    located: Located, number: int, values: Any, scopes: Mapping[str, str]
) -> dict[str, Any] | None:
    """The row's history entry as ``read_history_entry`` reads it (None: the row names only the
    person); ``scopes`` maps folded level names ("cap tinh") to their codes."""
    cell = _cells(located, values)
    said = text(cell("entry"))
    if not said:
        return None
    kind = ENTRIES.get(fold(said))
    errors: list[RowError] = []
    if kind is None:
        known = "danh hiệu/khen thưởng, xếp loại, sáng kiến, kỷ luật, thanh tra, khiếu nại"
        raise RowProblems([RowError(number, HEADERS["entry"], f"«{said}» không rõ; ghi: {known}.")])
    if kind == _AWARD:
        entry: dict[str, Any] = {
            "award": text(cell("award")) or None,
            "year": _year(cell("year")),
            "decision_number": text(cell("decision_number")) or None,
            "issuer": text(cell("issuer")) or None,
        }
        for key in ("decision_date", "period_from", "period_to"):
            entry[key] = _day(cell(key), number, key, errors)
    elif kind == _RATING:
        rating = text(cell("rating"))
        entry = {"rating": RATINGS.get(fold(rating), rating) or None, "year": _year(cell("year"))}
    elif kind == _INITIATIVE:
        scope = text(cell("scope"))
        inner = {
            "title": text(cell("title")) or None,
            "scope": scopes.get(fold(scope), scope) or None,
            "recognised_on": _day(cell("recognised_on"), number, "recognised_on", errors),
            "deciding_body": text(cell("deciding_body")) or None,
        }
        entry = {"initiative": inner}
    else:
        hold = {key: _day(cell(key), number, key, errors) for key in HOLD_DAYS}
        entry = {"hold": {"kind": kind, **hold, "note": text(cell("note")) or None}}
    if errors:
        raise RowProblems(errors)
    return entry


def column_of(field: str) -> str:
    """The header of the column a reader's field path ("initiative.title") came from."""
    name = field.rsplit(".", 1)[-1]
    if field in ("entry", "initiative", "hold"):
        return HEADERS["entry"]
    if name in ("kind",) and field.startswith("hold"):
        return HEADERS["entry"]
    return HEADERS.get(name, field)


def _cells(located: Located, values: Any) -> Any:
    return lambda key: located.cell(values, key)


def _day(value: Cell, number: int, key: str, errors: list[RowError]) -> str | None:
    if value is None:
        return None
    found = day(value)
    if found is None:
        errors.append(
            RowError(
                number, HEADERS[key], "Ngày không hợp lệ; ghi ngày/tháng/năm, ví dụ 20/12/2024."
            )
        )
        return None
    return found.isoformat() if isinstance(found, date) else None


def _year(value: Cell) -> Any:
    return text(value) or None


def _identity(value: Cell) -> str | None:
    """A typed CCCD; one stored as a number lost its leading zeros (CCCD: 12 digits, CMND: 9)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        digits = text(value)
        return digits.zfill(12 if len(digits) > 9 else 9)
    return text(value) or None
