"""The workbooks the service offers: the import templates and the .xlsx exports.

Each function takes what the domain or a read model holds and returns .xlsx bytes through
``spreadsheets.write_tables``; what the columns are and what a value reads as (a status, a kind)
is said once here, in Vietnamese, for the API and the pages alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from service.documents.spreadsheets import Table, Value, write_tables
from service.domain import nominee_sheet, people_sheet
from service.domain.awards import KIND_NAMES, Award
from service.domain.dossiers import Dossier
from service.domain.drafting import IssuedDecision
from service.domain.people import GENDER_NAMES, HOLD_NAMES, RATING_NAMES, History, HoldKind
from service.domain.sheets import Column

# As the pages name them (service/web/messages/vi/common.json, status.*).
STATUS_NAMES = {
    "draft": "Nháp",
    "in_review": "Đang xét duyệt",
    "returned": "Bị trả lại",
    "approved": "Đã phê duyệt",
    "rejected": "Bị từ chối",
    "proposed": "Đã trình cấp trên",
    "decided": "Cấp trên đã quyết định",
}
GUIDE = "Hướng dẫn"


def template(title: str, columns: Sequence[Column], notes: Sequence[str]) -> bytes:
    """An empty sheet with the columns' headers, and a second sheet saying how to fill it."""
    return write_tables(
        [
            Table(title, [c.header for c in columns], [], [c.width for c in columns]),
            Table(GUIDE, [GUIDE], [[note] for note in notes], [120]),
        ]
    )


def nominee_template() -> bytes:
    return template("Danh sách đề nghị", nominee_sheet.COLUMNS, nominee_sheet.NOTES)


def people_template() -> bytes:
    return template("Quá trình khen thưởng", people_sheet.COLUMNS, people_sheet.NOTES)


_HOLD_ENTRIES = {
    HoldKind.DISCIPLINE: "kỷ luật",
    HoldKind.INSPECTION: "thanh tra",
    HoldKind.COMPLAINT: "khiếu nại",
}


def person_history(history: History, scope_names: Mapping[str, str]) -> bytes:
    """A person's history in the layout of the import sheet (one row an entry), so that it reads
    back into another installation; ``scope_names`` names the initiative scopes."""
    p = history.person
    person: dict[str, Value] = {
        "full_name": p.full_name,
        "kind": KIND_NAMES[p.kind],
        "date_of_birth": p.date_of_birth,
        "gender": GENDER_NAMES[p.gender] if p.gender else None,
        "ethnicity": p.ethnicity or None,
        "org_code": p.org_code,
        "position": p.position or None,
        "identity_number": p.identity_number or None,  # blank unless the reader may see it
    }
    entries: list[dict[str, Value]] = []
    for a in sorted(history.awards, key=lambda a: a.year):
        entries.append(
            {
                "entry": "danh hiệu/khen thưởng",
                "award": a.award,
                "year": a.year,
                "decision_number": a.decision_number,
                "decision_date": a.decision_date,
                "issuer": a.issuer,
                "period_from": a.period_from,
                "period_to": a.period_to,
                "note": "đã bị thu hồi" if a.revoked else None,
            }
        )
    for r in sorted(history.ratings, key=lambda r: r.year):
        entries.append({"entry": "xếp loại", "year": r.year, "rating": RATING_NAMES[r.rating]})
    for i in history.initiatives:
        entries.append(
            {
                "entry": "sáng kiến",
                "title": i.title,
                "scope": scope_names.get(i.scope, i.scope),
                "recognised_on": i.recognised_on,
                "deciding_body": i.deciding_body,
            }
        )
    for h in history.holds:
        note = h.note or HOLD_NAMES[h.kind]
        entries.append(
            {
                "entry": _HOLD_ENTRIES[h.kind],
                "opened_on": h.opened_on,
                "closed_on": h.closed_on,
                "note": note,
            }
        )
    columns = people_sheet.COLUMNS
    rows = [
        [i + 1 if c.key == "number" else (person | e).get(c.key) for c in columns]
        for i, e in enumerate(entries or [{}])
    ]
    return write_tables(
        [
            Table(
                "Quá trình khen thưởng",
                [c.header for c in columns],
                rows,
                [c.width for c in columns],
            )
        ]
    )


DOSSIER_COLUMNS = (
    ("Mã hồ sơ", 22),
    ("Trích yếu", 40),
    ("Hình thức", 30),
    ("Năm", 8),
    ("Đơn vị lập", 28),
    ("Cấp", 14),
    ("Trạng thái", 18),
    ("Số đối tượng", 12),
    ("Đối tượng", 50),
    ("Ngày lập", 12),
)


def dossier_list(
    dossiers: Sequence[Dossier],
    awards: Mapping[str, Award],
    level_names: Mapping[str, str],
    *,
    more: object = None,
) -> bytes:
    """The dossier list as the list page shows it, one dossier a row; ``more`` (not None) when
    the list went on beyond these, said under the table."""
    rows: list[list[Value]] = [
        [
            d.code,
            d.title,
            awards[d.award].name if d.award in awards else d.award,
            d.year,
            d.org_name or d.org_code,
            level_names.get(d.level, d.level),
            STATUS_NAMES.get(d.status.value, d.status.value),
            len(d.nominees),
            "; ".join(f"{n.full_name} ({KIND_NAMES[n.kind]})" for n in d.nominees),
            d.created_at.date(),
        ]
        for d in dossiers
    ]
    notes = (
        [f"Chỉ xuất {len(rows)} hồ sơ đầu; hãy lọc hẹp hơn để xuất phần còn lại."] if more else []
    )
    return _one("Danh sách hồ sơ", DOSSIER_COLUMNS, rows, notes)


DECISION_COLUMNS = (
    ("Số quyết định", 22),
    ("Ngày ban hành", 14),
    ("Cơ quan ban hành", 34),
    ("Mã đơn vị ban hành", 16),
    ("Năm", 8),
    ("Người ký", 26),
    ("Hồ sơ (id)", 10),
    ("SHA-256", 66),
)


def decision_register(decisions: Sequence[IssuedDecision]) -> bytes:
    """The decision register, one decision a row, as GET /decisions lists them."""
    rows: list[list[Value]] = [
        [
            d.number,
            d.issued_on,
            d.issuer,
            d.issuer_org_code,
            d.year,
            d.signer,
            d.dossier_id,
            d.sha256,
        ]
        for d in decisions
    ]
    return _one("Sổ quyết định", DECISION_COLUMNS, rows)


def _one(
    title: str,
    columns: Sequence[tuple[str, int]],
    rows: Sequence[Sequence[Value]],
    notes: Sequence[str] = (),
) -> bytes:
    header, widths = [c for c, _ in columns], [w for _, w in columns]
    return write_tables([Table(title, header, rows, widths, notes)])
