"""Reading a registry entry and a history entry from what a clerk sent (the API's JSON body, or a
row of an Excel sheet): each problem named by its field, in Vietnamese, all at once.

Values may come as JSON gives them (strings, numbers) or as a spreadsheet does (dates, whole
numbers as floats are not accepted: a year is a whole number). Nothing here looks anything up:
the award codes and scope codes the entry may name are given by the caller.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from datetime import date, datetime
from typing import Any

from service.domain.awards import KIND_NAMES, Kind
from service.domain.errors import Invalid
from service.domain.people import (
    NATIONAL,
    AwardRecord,
    Basis,
    Gender,
    Hold,
    HoldKind,
    Initiative,
    Person,
    Rating,
    YearRating,
)

MAX_NAME = 200
MAX_TEXT = 300
MAX_NOTE = 2000
FIRST_YEAR = 1945  # the first commendations of the Democratic Republic
LAST_YEAR = 2100
# CMND (9 digits) or CCCD / số định danh cá nhân (12 digits).
_IDENTITY = re.compile(r"^(\d{9}|\d{12})$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

PERSON_INVALID = "Thông tin người, tập thể chưa hợp lệ."
ENTRY_INVALID = "Thông tin quá trình khen thưởng chưa hợp lệ."
ENTRY_KINDS = ("award", "rating", "initiative", "hold")


def _text(raw: Mapping[str, Any], name: str, errors: dict[str, str], limit: int, where: str) -> str:
    value = raw.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        errors[f"{where}{name}"] = "Phải là chuỗi ký tự."
        return ""
    cleaned = " ".join(value.split())
    if len(cleaned) > limit:
        errors[f"{where}{name}"] = f"Tối đa {limit} ký tự."
    return cleaned


def _required(value: str, path: str, what: str, errors: dict[str, str]) -> None:
    if not value and path not in errors:
        errors[path] = f"Hãy nhập {what}."


def _day(value: Any, path: str, what: str, errors: dict[str, str]) -> date | None:
    """A day given as ``YYYY-MM-DD`` (or a date, from a sheet); None when not given."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DAY.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    errors[path] = (
        f"{what[:1].upper()}{what[1:]} không hợp lệ; nhập năm-tháng-ngày, ví dụ 2024-12-20."
    )
    return None


def _whole(value: Any, path: str, errors: dict[str, str]) -> int | None:
    if isinstance(value, bool):
        value = None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int):
        errors[path] = "Phải là số nguyên."
        return None
    return value


def _year(value: Any, path: str, errors: dict[str, str]) -> int:
    if value is None or value == "":
        errors[path] = "Hãy nhập năm."
        return 0
    year = _whole(value, path, errors)
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        errors[path] = f"Năm phải từ {FIRST_YEAR} đến {LAST_YEAR}."
    return year or 0


def _choice(
    value: Any, path: str, choices: Collection[str], what: str, errors: dict[str, str]
) -> str:
    if value is None or value == "":
        errors[path] = f"Hãy chọn {what}."
        return ""
    if not isinstance(value, str) or value not in choices:
        errors[path] = (
            f"{what[:1].upper()}{what[1:]} không hợp lệ; chọn một trong: "
            + ", ".join(sorted(choices))
            + "."
        )
        return ""
    return value


def _count(raw: Mapping[str, Any], name: str, errors: dict[str, str]) -> int | None:
    value = raw.get(name)
    if value is None or value == "":
        return None
    number = _whole(value, name, errors)
    if number is not None and number < 0:
        errors[name] = "Không được âm."
    return number


def read_person(raw: Mapping[str, Any]) -> Person:
    """A new entry as typed, with ``id`` 0 (the registry gives it one): full name and unit
    always; an individual's date of birth and gender; a collective has neither, but may say
    its head count and how many of them are women."""
    errors: dict[str, str] = {}
    name = _text(raw, "full_name", errors, MAX_NAME, "")
    _required(name, "full_name", "họ và tên (hoặc tên tập thể)", errors)
    org_code = _text(raw, "org_code", errors, 64, "")
    _required(org_code, "org_code", "mã đơn vị", errors)
    kind_text = raw.get("kind") or Kind.INDIVIDUAL.value
    kinds = (Kind.INDIVIDUAL.value, Kind.COLLECTIVE.value)
    kind = Kind(
        _choice(kind_text, "kind", kinds, "loại (cá nhân, tập thể)", errors) or "individual"
    )
    born, gender = _birth(raw, kind, errors)
    identity = _text(raw, "identity_number", errors, 20, "")
    if identity and not _IDENTITY.match(identity):
        errors["identity_number"] = "Số định danh cá nhân gồm 12 chữ số (CMND cũ: 9 chữ số)."
    if identity and kind is Kind.COLLECTIVE:
        errors["identity_number"] = "Tập thể không có số định danh cá nhân."
    members, women = _count(raw, "members_count", errors), _count(raw, "women_count", errors)
    if members is not None and women is not None and women > members:
        errors["women_count"] = "Số nữ không được lớn hơn tổng số thành viên."
    if kind is Kind.INDIVIDUAL and (members is not None or women is not None):
        errors["members_count" if members is not None else "women_count"] = (
            "Chỉ tập thể mới có số thành viên."
        )
    member_of = raw.get("member_of")
    if member_of is not None:
        member_of = _whole(member_of, "member_of", errors)
    ethnicity = _text(raw, "ethnicity", errors, 50, "")
    position = _text(raw, "position", errors, MAX_TEXT, "")
    if errors:
        raise Invalid(PERSON_INVALID, errors)
    return Person(
        id=0,
        full_name=name,
        kind=kind,
        org_code=org_code,
        date_of_birth=born,
        gender=gender,
        ethnicity=ethnicity,
        identity_number=identity,
        position=position,
        members_count=members,
        women_count=women,
        member_of=member_of,
    )


def _birth(
    raw: Mapping[str, Any], kind: Kind, errors: dict[str, str]
) -> tuple[date | None, Gender | None]:
    """An individual's date of birth and gender (both required); a collective has neither."""
    born = _day(raw.get("date_of_birth"), "date_of_birth", "ngày sinh", errors)
    gender_text = raw.get("gender")
    if kind is Kind.COLLECTIVE:
        if born is not None:
            errors["date_of_birth"] = "Tập thể không có ngày sinh."
        if gender_text:
            errors["gender"] = "Tập thể không có giới tính."
        return None, None
    if born is None and "date_of_birth" not in errors:
        errors["date_of_birth"] = "Hãy nhập ngày sinh (năm-tháng-ngày)."
    elif born is not None and born > date.today():
        errors["date_of_birth"] = "Ngày sinh không được sau ngày hôm nay."
    genders = [g.value for g in Gender]
    chosen = _choice(gender_text, "gender", genders, "giới tính (male, female)", errors)
    return born, Gender(chosen) if chosen else None


def read_history_entry(
    raw: Mapping[str, Any], *, award_codes: Collection[str], scopes: Collection[str]
) -> AwardRecord | YearRating | Initiative | Hold:
    """One entry of a person's history: an award (``award``), a year's rating (``rating``), an
    initiative (``initiative``: {...}) or a hold (``hold``: {...}). ``scopes`` are the level codes
    an initiative may be recognised at; ``national`` is always one."""
    given = [k for k in ENTRY_KINDS if raw.get(k) not in (None, "")]
    if len(given) != 1:
        problem = "Mỗi lần nhập đúng một mục: award, rating, initiative hoặc hold."
        raise Invalid(problem, {"entry": problem})
    errors: dict[str, str] = {}
    kind = given[0]
    if kind == "award":
        entry: AwardRecord | YearRating | Initiative | Hold = _award(raw, award_codes, errors)
    elif kind == "rating":
        chosen = _choice(raw["rating"], "rating", [r.value for r in Rating], "xếp loại", errors)
        entry = YearRating(_year(raw.get("year"), "year", errors), Rating(chosen or "completed"))
    else:
        inner = raw[kind]
        if not isinstance(inner, Mapping):
            raise Invalid(ENTRY_INVALID, {kind: "Phải là một đối tượng {...}."})
        if kind == "initiative":
            entry = _initiative(inner, {*scopes, NATIONAL}, errors)
        else:
            entry = _hold(inner, errors)
    if errors:
        raise Invalid(ENTRY_INVALID, errors)
    return entry


def _award(raw: Mapping[str, Any], codes: Collection[str], errors: dict[str, str]) -> AwardRecord:
    code = raw["award"]
    if not isinstance(code, str) or code not in codes:
        errors["award"] = "Không có hình thức khen thưởng mã này trong danh mục."
    year = _year(raw.get("year"), "year", errors)
    number = _text(raw, "decision_number", errors, 64, "")
    _required(number, "decision_number", "số quyết định", errors)
    on = _day(raw.get("decision_date"), "decision_date", "ngày quyết định", errors)
    if on is None and "decision_date" not in errors:
        errors["decision_date"] = "Hãy nhập ngày quyết định (năm-tháng-ngày)."
    issuer = _text(raw, "issuer", errors, MAX_TEXT, "")
    _required(issuer, "issuer", "cơ quan, người ký quyết định", errors)
    start = _day(raw.get("period_from"), "period_from", "ngày bắt đầu thành tích", errors)
    end = _day(raw.get("period_to"), "period_to", "ngày kết thúc thành tích", errors)
    if start and end and end < start:
        errors["period_to"] = "Ngày kết thúc phải từ ngày bắt đầu trở đi."
    basis = raw.get("basis") or Basis.REGULAR.value
    chosen = _choice(basis, "basis", [b.value for b in Basis], "loại thành tích", errors)
    return AwardRecord(
        award=code if isinstance(code, str) else "",
        year=year,
        decision_number=number,
        decision_date=on,
        issuer=issuer,
        period_from=start,
        period_to=end,
        basis=Basis(chosen or "regular"),
    )


def _initiative(
    raw: Mapping[str, Any], scopes: Collection[str], errors: dict[str, str]
) -> Initiative:
    title = _text(raw, "title", errors, 500, "initiative.")
    _required(title, "initiative.title", "tên sáng kiến", errors)
    scope = _choice(raw.get("scope"), "initiative.scope", scopes, "phạm vi công nhận", errors)
    on = _day(raw.get("recognised_on"), "initiative.recognised_on", "ngày công nhận", errors)
    if on is None and "initiative.recognised_on" not in errors:
        errors["initiative.recognised_on"] = "Hãy nhập ngày công nhận (năm-tháng-ngày)."
    applied = raw.get("applied", True)
    if not isinstance(applied, bool):
        errors["initiative.applied"] = "Phải là true hoặc false."
    body = _text(raw, "deciding_body", errors, MAX_TEXT, "initiative.")
    return Initiative(title, scope, on or date.min, body, applied is not False)


def _hold(raw: Mapping[str, Any], errors: dict[str, str]) -> Hold:
    kinds = [k.value for k in HoldKind]
    kind = _choice(raw.get("kind"), "hold.kind", kinds, "loại việc đang xem xét", errors)
    opened = _day(raw.get("opened_on"), "hold.opened_on", "ngày bắt đầu", errors)
    if opened is None and "hold.opened_on" not in errors:
        errors["hold.opened_on"] = "Hãy nhập ngày bắt đầu (năm-tháng-ngày)."
    closed = _day(raw.get("closed_on"), "hold.closed_on", "ngày kết thúc", errors)
    if opened and closed and closed < opened:
        errors["hold.closed_on"] = "Ngày kết thúc phải từ ngày bắt đầu trở đi."
    note = _text(raw, "note", errors, MAX_NOTE, "hold.")
    return Hold(HoldKind(kind or "discipline"), opened or date.min, closed, note)


def link_problem(person: Person | None, *, reachable: bool, kind: Kind) -> str | None:
    """Why a nominee of ``kind`` may not name ``person`` (None: it may). An entry the clerk
    cannot reach reads as one that does not exist."""
    if person is None or not reachable:
        return "Không tìm thấy người, tập thể này trong danh sách."
    if person.merged_into is not None:
        return f"Mục này đã được gộp vào mục số {person.merged_into}; hãy chọn mục đó."
    if person.kind is not kind:
        return f"Mục này là {KIND_NAMES[person.kind]}, người được đề nghị là {KIND_NAMES[kind]}."
    return None
