"""Print layouts of the certificate blanks: validation naming the field, the JSON an admin saves,
the default layouts, and the text each field prints."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from service.domain.certificate_layouts import (
    FIELDS,
    Awardee,
    CertificateSheet,
    FieldBox,
    Layout,
    default_layouts,
    field_texts,
    short_date,
)
from service.domain.errors import Invalid


def a4(**fields: FieldBox) -> Layout:
    return Layout("bang_khen", 297, 210, {"name": FieldBox(40, 90, 217, 22, "C", True), **fields})


def saved() -> dict[str, Any]:
    return default_layouts()["bang_khen"].to_json()


@pytest.mark.parametrize("form", ["bang_khen", "giay_khen"])
def test_the_default_layouts_are_a4_landscape_with_every_field_inside_the_page(form: str) -> None:
    layout = default_layouts()[form]
    assert layout.form == form
    assert (layout.page_width_mm, layout.page_height_mm) == (297, 210)
    assert set(layout.fields) == set(FIELDS)
    for box in layout.fields.values():
        assert box.x_mm >= 0
        assert box.x_mm + box.width_mm <= 297
        assert box.y_mm >= 0
        assert box.y_mm + box.line_height_mm <= 210


@pytest.mark.parametrize("form", ["bang_khen", "giay_khen"])
def test_a_layout_survives_its_json_and_back(form: str) -> None:
    layout = default_layouts()[form]
    data = json.loads(json.dumps(layout.to_json()))
    assert Layout.from_json(data) == layout
    assert list(data["fields"]) == list(FIELDS)
    assert data["fields"]["name"] == {
        "x_mm": layout.fields["name"].x_mm,
        "y_mm": layout.fields["name"].y_mm,
        "width_mm": layout.fields["name"].width_mm,
        "font_size_pt": layout.fields["name"].font_size_pt,
        "align": "C",
        "bold": True,
    }


def test_align_and_bold_may_be_left_out_of_the_json_and_default_to_left_and_regular() -> None:
    data = saved()
    data["fields"]["unit"] = {"x_mm": 40, "y_mm": 106, "width_mm": 217, "font_size_pt": 14}
    box = Layout.from_json(data).fields["unit"]
    assert (box.align, box.bold) == ("L", False)


def test_a_box_past_the_right_edge_is_refused_naming_the_field_and_the_numbers() -> None:
    with pytest.raises(Invalid) as refused:
        a4(unit=FieldBox(300, 100, 50, 14))
    assert refused.value.message == "Vị trí 'Đơn vị' nằm ngoài khổ giấy (x 300 mm > 297 mm)."
    assert set(refused.value.fields) == {"fields.unit"}


def test_a_name_box_outside_the_page_is_refused_naming_họ_tên() -> None:
    data = saved()
    data["fields"]["name"]["x_mm"] = 300
    with pytest.raises(Invalid) as refused:
        Layout.from_json(data)
    assert refused.value.message == "Vị trí 'Họ tên' nằm ngoài khổ giấy (x 300 mm > 297 mm)."
    assert "fields.name" in refused.value.fields


@pytest.mark.parametrize(
    ("box", "expected"),
    [
        (FieldBox(200, 100, 120, 14), "(x + độ rộng 320 mm > 297 mm)"),
        (FieldBox(40, 215, 100, 14), "(y 215 mm > 210 mm)"),
        (FieldBox(40, 207, 100, 14), "(y + một dòng chữ 213.2 mm > 210 mm)"),
        (FieldBox(-5, 100, 100, 14), "(x -5 mm < 0)"),
        (FieldBox(40, -1, 100, 14), "(y -1 mm < 0)"),
    ],
)
def test_every_way_a_box_leaves_the_sheet_is_refused_with_its_numbers(
    box: FieldBox, expected: str
) -> None:
    with pytest.raises(Invalid) as refused:
        a4(achievement=box)
    assert refused.value.fields["fields.achievement"] == (
        f"Vị trí 'Thành tích' nằm ngoài khổ giấy {expected}."
    )


def test_an_unknown_field_is_refused_naming_it_and_the_fields_there_are() -> None:
    with pytest.raises(Invalid) as refused:
        a4(signature=FieldBox(40, 150, 100, 12))
    problem = refused.value.fields["fields.signature"]
    assert "'signature'" in problem and "decision_number" in problem


@pytest.mark.parametrize("width", [0, -10])
def test_a_box_without_width_is_refused_naming_the_field(width: float) -> None:
    with pytest.raises(Invalid) as refused:
        a4(decision_number=FieldBox(40, 180, width, 11))
    assert refused.value.fields["fields.decision_number"].startswith(
        "Độ rộng của 'Số quyết định' phải lớn hơn 0 mm"
    )


@pytest.mark.parametrize("size", [5, 5.9, 48.5, 60, 0, -1])
def test_a_font_size_outside_6_to_48_points_is_refused_naming_the_field(size: float) -> None:
    with pytest.raises(Invalid) as refused:
        a4(place_date=FieldBox(150, 150, 120, size))
    assert refused.value.fields["fields.place_date"] == (
        f"Cỡ chữ của 'Địa danh, ngày tháng' phải từ 6 đến 48 pt (đang là {size:g} pt)."
    )


@pytest.mark.parametrize("size", [6, 48])
def test_font_sizes_of_6_and_48_points_are_allowed(size: float) -> None:
    assert a4(unit=FieldBox(40, 100, 200, size)).fields["unit"].font_size_pt == size


@pytest.mark.parametrize(("width", "height"), [(0, 210), (297, -1), (2000, 210)])
def test_a_page_without_a_plausible_size_is_refused(width: float, height: float) -> None:
    with pytest.raises(Invalid) as refused:
        Layout("bang_khen", width, height, {"name": FieldBox(1, 1, 10, 12)})
    assert {"page_width_mm", "page_height_mm"} & set(refused.value.fields)


def test_a_layout_must_place_the_awardees_name() -> None:
    with pytest.raises(Invalid) as refused:
        Layout("bang_khen", 297, 210, {"unit": FieldBox(40, 100, 200, 14)})
    assert "'Họ tên'" in refused.value.fields["fields.name"]


def test_every_problem_of_a_layout_is_reported_at_once_each_under_its_field() -> None:
    with pytest.raises(Invalid) as refused:
        a4(unit=FieldBox(300, 100, 50, 14), achievement=FieldBox(40, 120, 200, 99))
    assert set(refused.value.fields) == {"fields.unit", "fields.achievement"}
    assert "'Đơn vị'" in refused.value.message and "'Thành tích'" in refused.value.message


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["fields"]["unit"].update(x_mm="40"), "fields.unit.x_mm"),
        (lambda d: d["fields"]["unit"].update(font_size_pt=True), "fields.unit.font_size_pt"),
        (lambda d: d["fields"]["unit"].update(width_mm=float("nan")), "fields.unit.width_mm"),
        (lambda d: d["fields"]["unit"].pop("y_mm"), "fields.unit.y_mm"),
        (lambda d: d["fields"]["unit"].update(align="J"), "fields.unit.align"),
        (lambda d: d["fields"]["unit"].update(bold="yes"), "fields.unit.bold"),
        (lambda d: d["fields"].update(unit=[40, 100]), "fields.unit"),
        (lambda d: d.update(page_width_mm=None), "page_width_mm"),
        (lambda d: d.pop("form"), "form"),
        (lambda d: d.update(fields="name"), "fields"),
    ],
)
def test_json_of_the_wrong_shape_is_refused_naming_where(change: Any, where: str) -> None:
    data = saved()
    change(data)
    with pytest.raises(Invalid) as refused:
        Layout.from_json(data)
    assert where in refused.value.fields
    if where.startswith("fields.unit"):
        assert "'Đơn vị'" in refused.value.fields[where]


SHEET = CertificateSheet(
    awardees=(),
    decision_number=" 1234/QĐ-UBND ",
    decision_date=date(2026, 12, 4),
    place="Hà Nội",
)


def test_the_fields_print_the_awardee_and_the_decision_in_nđ_30_style() -> None:
    hang = Awardee("Nguyễn Thị Hằng", "Phường Định Công", "Đã có thành tích xuất sắc")
    assert field_texts(SHEET, hang) == {
        "name": "Nguyễn Thị Hằng",
        "unit": "Phường Định Công",
        "achievement": "Đã có thành tích xuất sắc",
        "decision_number": "1234/QĐ-UBND",
        "decision_date": "04/12/2026",
        "place_date": "Hà Nội, ngày 04 tháng 12 năm 2026",
    }


@pytest.mark.parametrize(
    ("day", "short", "line"),
    [
        (date(2027, 1, 5), "05/01/2027", "Huế, ngày 05 tháng 01 năm 2027"),
        (date(2027, 2, 28), "28/02/2027", "Huế, ngày 28 tháng 02 năm 2027"),
        (date(2027, 3, 9), "09/3/2027", "Huế, ngày 09 tháng 3 năm 2027"),
        (date(2027, 11, 20), "20/11/2027", "Huế, ngày 20 tháng 11 năm 2027"),
    ],
)
def test_a_day_below_10_and_january_and_february_take_a_leading_zero(
    day: date, short: str, line: str
) -> None:
    sheet = CertificateSheet((), "1/QĐ-UBND", day, "Huế")
    texts = field_texts(sheet, Awardee("A", "B", "C"))
    assert short_date(day) == short
    assert (texts["decision_date"], texts["place_date"]) == (short, line)


def test_decomposed_vietnamese_and_stray_whitespace_print_as_one_clean_line() -> None:
    decomposed = "Nguye\u0302\u0303n Thi\u0323 Ha\u0306\u0300ng"
    texts = field_texts(SHEET, Awardee(f" {decomposed}\t", "Phường\nĐịnh  Công", "x"))
    assert texts["name"] == "Nguyễn Thị Hằng"
    assert texts["unit"] == "Phường Định Công"
