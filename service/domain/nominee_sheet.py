"""The nominee list sheet (danh sách đề nghị khen thưởng): its columns, and its rows as nominees.

One row a nominee, under the template's Vietnamese headers. Rows become ``Nominee`` values here
and are then checked by the dossier form's own rules (``domain.dossiers.clean_dossier``, through
the dossier edit use case); ``field_errors`` turns what those rules say about
``nominees[i].<field>`` back into the row and column of the sheet. An import appends the rows to
the dossier's list: the nominees already there stay, with their ids.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from service.domain.awards import KIND_NAMES, Kind
from service.domain.dossiers import Nominee, fold, repeated_rows
from service.domain.sheets import Column, Located, RowError, choice, text, whole_number

COLUMNS = (
    Column("number", "STT", 6, ("số thứ tự", "tt")),
    Column("full_name", "Họ và tên / Tên tập thể", 30, ("họ và tên", "họ tên", "tên tập thể")),
    Column(
        "kind",
        "Loại (cá nhân/tập thể/hộ gia đình)",
        16,
        ("loại", "loại đối tượng", "cá nhân/tập thể"),
    ),
    Column("position", "Chức vụ", 25, ("chức vụ, chức danh", "chức danh")),
    Column("unit", "Đơn vị", 30, ("đơn vị công tác", "nơi công tác")),
    Column("achievements", "Thành tích", 50, ("tóm tắt thành tích", "thành tích đạt được")),
    Column("reason", "Lý do khen thưởng", 30, ("lý do", "lí do khen thưởng", "lí do")),
    Column("person_id", "Mã người (registry id)", 12, ("mã người", "mã đối tượng")),
)
HEADERS = {c.key: c.header for c in COLUMNS}
KINDS = (
    {fold(name): kind.value for kind, name in KIND_NAMES.items()}
    | {fold(k.value): k.value for k in Kind}
    | {"hgd": Kind.HOUSEHOLD.value, "ho": Kind.HOUSEHOLD.value, "cn": Kind.INDIVIDUAL.value}
)
NOTES = (
    "Mỗi dòng một cá nhân, tập thể hoặc hộ gia đình; giữ nguyên dòng tiêu đề.",
    "Cột «Loại» ghi một trong: cá nhân, tập thể, hộ gia đình.",
    "Cột «Lý do khen thưởng» để trống khi dùng lý do chung của hồ sơ.",
    "Cột «Mã người» (không bắt buộc) là mã của người trong sổ theo dõi, nếu đã có.",
    "Khi nhập, các dòng được thêm vào cuối danh sách; người đã có trong hồ sơ giữ nguyên.",
    "Có dòng sai thì không dòng nào được nhập (trừ khi chọn các dòng cần nhập và các dòng đó "
    "đều đúng).",
)
_FIELD = re.compile(r"^nominees\[(\d+)\]\.(\w+)$")


@dataclass(frozen=True)
class NomineeRows:
    """The sheet's rows as nominees (by row number) and what could not be read at all."""

    nominees: list[tuple[int, Nominee]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def read_nominees(located: Located) -> NomineeRows:
    """Each data row as a Nominee; a row whose kind or registry id cannot be read is an error."""
    out = NomineeRows()
    for number, values in located.rows:
        kind = choice(located.cell(values, "kind"), KINDS)
        if kind is None:
            said = text(located.cell(values, "kind"))
            problem = f"«{said}» không phải loại đối tượng" if said else "Chưa ghi loại đối tượng"
            out.errors.append(
                RowError(
                    number, HEADERS["kind"], f"{problem}; ghi cá nhân, tập thể hoặc hộ gia đình."
                )
            )
            continue
        person = located.cell(values, "person_id")
        person_id = whole_number(person)
        if person is not None and (person_id is None or person_id < 1):
            message = "Mã người phải là số nguyên dương (hoặc để trống)."
            out.errors.append(RowError(number, HEADERS["person_id"], message))
            continue
        nominee = Nominee(
            full_name=text(located.cell(values, "full_name")),
            kind=Kind(kind),
            position=text(located.cell(values, "position")),
            unit=text(located.cell(values, "unit")),
            achievements=text(located.cell(values, "achievements")),
            reason=text(located.cell(values, "reason")),
            person_id=person_id,
        )
        out.nominees.append((number, nominee))
    return out


def field_errors(
    fields: Mapping[str, str], kept: Sequence[Nominee], rows: Sequence[tuple[int, object]]
) -> list[RowError]:
    """The dossier rules' complaints (by field path) said by sheet row and column. The checked
    list is ``kept`` (the nominees already in the dossier) followed by ``rows``, in order."""
    errors = []
    for path, message in fields.items():
        found = _FIELD.match(path)
        if found is None:
            errors.append(RowError(None, path, message))
            continue
        i, name = int(found[1]), found[2]
        column = HEADERS.get(name, name)
        if i < len(kept):
            errors.append(RowError(None, column, f"«{kept[i].full_name}» trong hồ sơ: {message}"))
        elif not message.startswith("Trùng với hàng"):  # repeats are said by ``repeats``
            errors.append(RowError(rows[i - len(kept)][0], column, message))
    return errors


def repeats(kept: Sequence[Nominee], rows: Sequence[tuple[int, Nominee]]) -> list[RowError]:
    """A row naming a person already in the dossier or on an earlier row of the sheet."""
    everyone = [*kept, *(n for _, n in rows)]
    errors = []
    for first, again in repeated_rows(everyone):
        if again < len(kept):
            continue  # two nominees already in the dossier: the form's own business
        number, nominee = rows[again - len(kept)]
        if first < len(kept):
            message = f"«{nominee.full_name}» đã có trong hồ sơ."
        else:
            message = f"Trùng với dòng {rows[first - len(kept)][0]}."
        errors.append(RowError(number, HEADERS["full_name"], message))
    return errors
