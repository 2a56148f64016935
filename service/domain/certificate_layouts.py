"""Where each field of a certificate (Bằng khen, Giấy khen) prints on its pre-printed blank (phôi).

Owns the print layout of each award form — the page size and, per field, a box in millimetres
measured from the top-left corner of the sheet — with its validation and its JSON form, and the
text each field prints for one awardee of an issued decision. It draws nothing: the PDF that
prints only these texts onto the blanks is ``service.documents.certificates``.

A box's ``y_mm`` is the top of its first line; a field wraps inside ``width_mm`` onto further
lines ``FieldBox.line_height_mm`` apart (only the achievement is long enough to need it).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, cast

from service.domain.decisions import place_date_line, printable
from service.domain.errors import Invalid

FIELDS = ("name", "unit", "achievement", "decision_number", "decision_date", "place_date")

# How each field is named to the admin who positions it.
LABELS = {
    "name": "Họ tên",
    "unit": "Đơn vị",
    "achievement": "Thành tích",
    "decision_number": "Số quyết định",
    "decision_date": "Ngày quyết định",
    "place_date": "Địa danh, ngày tháng",
}

Align = Literal["L", "C", "R"]
ALIGNS: tuple[Align, ...] = ("L", "C", "R")

MIN_FONT_PT, MAX_FONT_PT = 6.0, 48.0
MAX_PAGE_MM = 1000.0  # no printer tray takes more; a bigger number is a typing slip
LINE_SPACING = 1.25  # line height as a multiple of the font size
MM_PER_PT = 25.4 / 72


@dataclass(frozen=True)
class FieldBox:
    """One field's place on the blank: its first line's top-left corner, its width (the text is
    aligned and wrapped inside it), its font size in points and whether it prints bold."""

    x_mm: float
    y_mm: float
    width_mm: float
    font_size_pt: float
    align: Align = "L"
    bold: bool = False

    @property
    def line_height_mm(self) -> float:
        return self.font_size_pt * LINE_SPACING * MM_PER_PT

    def to_json(self) -> dict[str, object]:
        return {
            "x_mm": self.x_mm,
            "y_mm": self.y_mm,
            "width_mm": self.width_mm,
            "font_size_pt": self.font_size_pt,
            "align": self.align,
            "bold": self.bold,
        }


@dataclass(frozen=True)
class Layout:
    """The print layout of one award form (``form``: "bang_khen", "giay_khen", …). A field left
    out of ``fields`` is not printed (its blank has it pre-printed, or has no place for it); the
    awardee's name is always printed. Constructing one validates it: see ``layout_problems``."""

    form: str
    page_width_mm: float
    page_height_mm: float
    fields: dict[str, FieldBox] = field(default_factory=dict)

    def __post_init__(self) -> None:
        problems = layout_problems(self)
        if problems:
            raise Invalid(" ".join(problems.values()), problems)

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Layout:
        """The layout an admin saved; anything missing or of the wrong type is Invalid, naming the
        field in the message and in ``Invalid.fields`` (e.g. "fields.name.x_mm")."""
        problems: dict[str, str] = {}
        form = data.get("form")
        if not isinstance(form, str):
            problems["form"] = "Hãy ghi mẫu bằng (ví dụ bang_khen)."
        width = _number(data, "page_width_mm", "Chiều rộng khổ giấy", problems)
        height = _number(data, "page_height_mm", "Chiều cao khổ giấy", problems)
        raw = data.get("fields")
        boxes: dict[str, FieldBox] = {}
        if not isinstance(raw, Mapping):
            problems["fields"] = "Hãy ghi vị trí các trường in."
        else:
            for name, value in cast(Mapping[object, object], raw).items():
                box = _box(str(name), value, problems)
                if box is not None:
                    boxes[str(name)] = box
        if problems:
            raise Invalid(" ".join(problems.values()), problems)
        return cls(cast(str, form), width, height, boxes)

    def to_json(self) -> dict[str, object]:
        ordered = sorted(self.fields, key=_field_order)
        return {
            "form": self.form,
            "page_width_mm": self.page_width_mm,
            "page_height_mm": self.page_height_mm,
            "fields": {name: self.fields[name].to_json() for name in ordered},
        }


def label(name: str) -> str:
    return LABELS.get(name, name)


def _field_order(name: str) -> int:
    return FIELDS.index(name) if name in FIELDS else len(FIELDS)


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _number(data: Mapping[str, object], key: str, what: str, problems: dict[str, str]) -> float:
    value = data.get(key)
    if not _finite(value):
        problems[key] = f"{what} phải là một số (mm)."
        return 0.0
    return float(cast(float, value))


def _box(name: str, value: object, problems: dict[str, str]) -> FieldBox | None:
    where = f"fields.{name}"
    if not isinstance(value, Mapping):
        problems[where] = f"Vị trí '{label(name)}' phải ghi x_mm, y_mm, width_mm, font_size_pt."
        return None
    data = cast(Mapping[str, object], value)
    before = len(problems)
    numbers = {
        key: _number(data, key, f"{what} của '{label(name)}'", problems)
        for key, what in (
            ("x_mm", "Hoành độ x"),
            ("y_mm", "Tung độ y"),
            ("width_mm", "Độ rộng"),
            ("font_size_pt", "Cỡ chữ"),
        )
    }
    for key in numbers:  # _number files the problem under its bare key; name the field's path
        if key in problems:
            problems[f"{where}.{key}"] = problems.pop(key)
    align = data.get("align", "L")
    if align not in ALIGNS:
        problems[f"{where}.align"] = f"Căn lề của '{label(name)}' phải là L, C hoặc R."
    bold = data.get("bold", False)
    if not isinstance(bold, bool):
        problems[f"{where}.bold"] = f"Chữ đậm của '{label(name)}' phải là true hoặc false."
    if len(problems) > before:
        return None
    return FieldBox(
        numbers["x_mm"],
        numbers["y_mm"],
        numbers["width_mm"],
        numbers["font_size_pt"],
        cast(Align, align),
        cast(bool, bold),
    )


def layout_problems(layout: Layout) -> dict[str, str]:
    """What is wrong with a layout, by path ("page_width_mm", "fields.name", …), each message in
    Vietnamese naming the field: an unknown field, a size not above zero, a font size outside
    6–48 pt, a box that leaves the sheet."""
    problems: dict[str, str] = {}
    if not layout.form.strip():
        problems["form"] = "Hãy ghi mẫu bằng (ví dụ bang_khen)."
    for key, what, value in (
        ("page_width_mm", "Chiều rộng khổ giấy", layout.page_width_mm),
        ("page_height_mm", "Chiều cao khổ giấy", layout.page_height_mm),
    ):
        if not _finite(value) or not 0 < value <= MAX_PAGE_MM:
            problems[key] = f"{what} phải lớn hơn 0 và không quá {MAX_PAGE_MM:g} mm."
    if "name" not in layout.fields:
        problems["fields.name"] = f"Mẫu in phải có vị trí '{label('name')}'."
    for name, box in layout.fields.items():
        problem = (
            f"Trường '{name}' không có trong mẫu in; chỉ có: {', '.join(FIELDS)}."
            if name not in FIELDS
            else box_problem(label(name), box, layout.page_width_mm, layout.page_height_mm)
        )
        if problem:
            problems[f"fields.{name}"] = problem
    return problems


def box_problem(what: str, box: FieldBox, page_width: float, page_height: float) -> str | None:
    """The first thing wrong with one box on a page of that size, or None."""
    if not all(_finite(v) for v in (box.x_mm, box.y_mm, box.width_mm, box.font_size_pt)):
        return f"Vị trí '{what}' phải ghi bằng số."
    if box.width_mm <= 0:
        return f"Độ rộng của '{what}' phải lớn hơn 0 mm (đang là {box.width_mm:g} mm)."
    if not MIN_FONT_PT <= box.font_size_pt <= MAX_FONT_PT:
        return (
            f"Cỡ chữ của '{what}' phải từ {MIN_FONT_PT:g} đến {MAX_FONT_PT:g} pt "
            f"(đang là {box.font_size_pt:g} pt)."
        )
    if box.align not in ALIGNS:
        return f"Căn lề của '{what}' phải là L, C hoặc R."
    return _outside(what, box, page_width, page_height)


def _outside(what: str, box: FieldBox, page_width: float, page_height: float) -> str | None:
    if not (_finite(page_width) and _finite(page_height)):
        return None  # the page's own problem is reported once, under its key
    outside = f"Vị trí '{what}' nằm ngoài khổ giấy"
    if box.x_mm < 0:
        return f"{outside} (x {box.x_mm:g} mm < 0)."
    if box.y_mm < 0:
        return f"{outside} (y {box.y_mm:g} mm < 0)."
    if box.x_mm > page_width:
        return f"{outside} (x {box.x_mm:g} mm > {page_width:g} mm)."
    if box.y_mm > page_height:
        return f"{outside} (y {box.y_mm:g} mm > {page_height:g} mm)."
    if box.x_mm + box.width_mm > page_width:
        right = box.x_mm + box.width_mm
        return f"{outside} (x + độ rộng {right:g} mm > {page_width:g} mm)."
    if box.y_mm + box.line_height_mm > page_height:
        bottom = box.y_mm + box.line_height_mm
        return f"{outside} (y + một dòng chữ {bottom:.1f} mm > {page_height:g} mm)."
    return None


A4_LANDSCAPE = (297.0, 210.0)


def default_layouts() -> dict[str, Layout]:
    """Starting layouts for "bang_khen" and "giay_khen" on A4 landscape (297 × 210 mm).

    These positions are plausible, not authoritative: each province (and each issuer) prints its
    own blanks, with the emblem, the issuer's title, "TẶNG" / "BẰNG KHEN" and the captions
    ("Quyết định số", "Ngày") already on them at places of its choosing. An admin sets the real
    positions for the blanks in use, checking them with the preview against a scanned blank.
    """
    width, height = A4_LANDSCAPE
    bang_khen = {
        "name": FieldBox(40, 92, 217, 22, "C", True),
        "unit": FieldBox(40, 106, 217, 14, "C"),
        "achievement": FieldBox(45, 117, 207, 13, "C"),
        "place_date": FieldBox(150, 152, 120, 13, "C"),
        "decision_number": FieldBox(62, 181, 50, 11, "L"),
        "decision_date": FieldBox(62, 190, 50, 11, "L"),
    }
    giay_khen = {
        "name": FieldBox(40, 88, 217, 20, "C", True),
        "unit": FieldBox(40, 101, 217, 14, "C"),
        "achievement": FieldBox(45, 112, 207, 13, "C"),
        "place_date": FieldBox(150, 148, 120, 13, "C"),
        "decision_number": FieldBox(60, 178, 50, 11, "L"),
        "decision_date": FieldBox(60, 187, 50, 11, "L"),
    }
    return {
        "bang_khen": Layout("bang_khen", width, height, bang_khen),
        "giay_khen": Layout("giay_khen", width, height, giay_khen),
    }


@dataclass(frozen=True)
class Awardee:
    """One person or collective a certificate is made out to, as the decision names them."""

    name: str
    unit: str
    achievement: str


@dataclass(frozen=True)
class CertificateSheet:
    """The certificates of one issued decision: one page for each awardee, in order."""

    awardees: Sequence[Awardee]
    decision_number: str
    decision_date: date
    place: str


def short_date(d: date) -> str:
    """E.g. "04/12/2026", "05/01/2027", "09/3/2027": a day below 10 and the months 1 and 2 take a
    leading zero, the other months none (NĐ 30/2020, Phụ lục I), as the decision itself reads."""
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"{d.day:02d}/{month}/{d.year}"


def field_texts(sheet: CertificateSheet, awardee: Awardee) -> dict[str, str]:
    """What each field prints on ``awardee``'s certificate, in NFC with no control characters:
    e.g. decision_date "04/12/2026" and place_date "Hà Nội, ngày 04 tháng 12 năm 2026"."""
    return {
        "name": _clean(awardee.name),
        "unit": _clean(awardee.unit),
        "achievement": _clean(awardee.achievement),
        "decision_number": _clean(sheet.decision_number),
        "decision_date": short_date(sheet.decision_date),
        "place_date": place_date_line(sheet.place, sheet.decision_date),
    }


def _clean(text: str) -> str:
    return " ".join(printable(text).split())
