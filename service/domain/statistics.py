"""Statistics of awards given: the Ministry of Home Affairs' forms and the offices' summaries.

The database counts awarded nominees once, grouped by every dimension a table can need
(``Awarded``: unit, award, deciding level, kind, gender, ethnicity, register); this module turns
those few groups into tables. The forms' definitions (code, title, circular, which awards go into
which column, which rows) are rulebook data (``statistics`` in ``service/catalog/rulebooks/``).
Every table counts each awarded nominee once per row it matches, so the totals of the summaries
equal the number of awarded nominees in the register for the period and scope.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from service.domain.awards import KIND_NAMES, KIND_ORDER, Kind

LOCAL, CENTRAL = "local", "central"  # decided here (decisions) / above (central decisions)
UNKNOWN = "Chưa rõ"  # a nominee not linked to the registry, or an entry that does not say
GENDER_NAMES = {"male": "Nam", "female": "Nữ"}
CENTRAL_LEVEL_NAME = "Cấp Nhà nước"


@dataclass(frozen=True)
class Awarded:
    """How many awarded nominees share these values (one GROUP BY row)."""

    org_id: int  # the dossier's unit
    award: str
    award_name: str
    level: str  # the level of the unit that decided; "central" for a decision taken above
    kind: str
    gender: str  # "male", "female", or "" when unknown
    ethnicity: str  # "" when unknown
    source: str  # LOCAL or CENTRAL
    count: int


@dataclass(frozen=True)
class Prized:
    """How many awarded nominees of one award and kind a decision of ``day`` counted, under
    ``rulebook``: the prize money is theirs times the amount of that day's base salary."""

    award: str
    kind: str
    rulebook: str | None
    day: date
    count: int


@dataclass(frozen=True)
class FormRow:
    code: str
    label: str
    unit: str = ""
    kind: str | None = None
    gender: str | None = None
    minority: bool = False

    def matches(self, a: Awarded, majority: str) -> bool:
        if self.kind is not None and a.kind != self.kind:
            return False
        if self.gender is not None and a.gender != self.gender:
            return False
        return not self.minority or a.ethnicity not in ("", majority)


@dataclass(frozen=True)
class FormColumn:
    title: str
    awards: frozenset[str]


@dataclass(frozen=True)
class StatForm:
    code: str
    title: str
    source: str = LOCAL
    columns: tuple[FormColumn, ...] = ()
    rows: tuple[FormRow, ...] = ()
    available: bool = True
    reason: str = ""
    omitted: str = ""


@dataclass(frozen=True)
class Circular:
    name: str
    verified: bool
    previous: str = ""
    note: str = ""


@dataclass(frozen=True)
class StatisticsRules:
    """A rulebook's ``statistics`` section."""

    circular: Circular = Circular("", False)
    due: str = ""
    majority_ethnicity: str = "Kinh"
    forms: tuple[StatForm, ...] = ()

    @classmethod
    def from_record(cls, record: Mapping[str, object]) -> StatisticsRules:
        if not record:
            return cls()
        c = record.get("circular") or {}
        assert isinstance(c, dict), "statistics.circular"
        forms = record.get("forms") or []
        assert isinstance(forms, list), "statistics.forms"
        return cls(
            circular=Circular(
                str(c.get("name", "")),
                bool(c.get("verified", False)),
                str(c.get("previous", "")),
                str(c.get("note", "")),
            ),
            due=str(record.get("due", "")),
            majority_ethnicity=str(record.get("majority_ethnicity", "Kinh")),
            forms=tuple(_form(f) for f in forms),
        )


def _form(f: Mapping[str, object]) -> StatForm:
    columns = f.get("columns") or []
    rows = f.get("rows") or []
    assert isinstance(columns, list) and isinstance(rows, list), f["code"]
    return StatForm(
        code=str(f["code"]),
        title=str(f["title"]),
        source=str(f.get("source", LOCAL)),
        columns=tuple(FormColumn(str(c["title"]), frozenset(c.get("awards", ()))) for c in columns),
        rows=tuple(
            FormRow(
                str(r["code"]),
                str(r["label"]),
                str(r.get("unit", "")),
                None if r.get("kind") is None else str(Kind(r["kind"])),
                None if r.get("gender") is None else str(r["gender"]),
                bool(r.get("minority", False)),
            )
            for r in rows
        ),
        available=bool(f.get("available", True)),
        reason=str(f.get("reason", "")),
        omitted=str(f.get("omitted", "")),
    )


@dataclass(frozen=True)
class TableRow:
    label: str
    cells: tuple[int, ...]
    total: int | None = None  # None where a row's cells do not add up (money beside counts)
    code: str = ""
    unit: str = ""


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    header: tuple[str, ...]
    rows: tuple[TableRow, ...]
    footer: TableRow | None = None
    note: str = ""
    # Where an official form comes from, and its due date; empty for the office summaries.
    basis: str = ""
    available: bool = True
    extra: Mapping[str, str] = field(default_factory=dict)
    form: bool = False  # laid out as the Ministry's forms: label, code, unit, total, columns

    def values(self, row: TableRow) -> list[str | int]:
        """A row's cells in the order of ``header`` (what a page or a sheet writes)."""
        total: list[str | int] = [] if row.total is None else [row.total]
        if self.form:
            return [row.label, row.code, row.unit, *total, *row.cells]
        return [row.label, *row.cells, *total]

    @property
    def grand_total(self) -> int:
        """The total of the table: its footer's, else its first row's (a form's Tổng số)."""
        row = self.footer or (self.rows[0] if self.rows else None)
        if row is None:
            return 0
        # Money beside counts has no row total: its first cell is the count.
        return row.total if row.total is not None else (row.cells[0] if row.cells else 0)


KIND_HEADER = tuple(KIND_NAMES[k].capitalize() for k in KIND_ORDER)


def by_kind_table(
    key: str, title: str, first: str, groups: Iterable[Awarded], label: Callable[[Awarded], str]
) -> Table:
    """Rows by ``label`` of each group, columns by kind (tập thể, hộ gia đình, cá nhân), totals."""
    counts: dict[str, list[int]] = {}
    for g in groups:
        cells = counts.setdefault(label(g), [0] * len(KIND_ORDER))
        cells[KIND_ORDER.index(Kind(g.kind))] += g.count
    rows = tuple(
        TableRow(name, tuple(cells), sum(cells))
        for name, cells in sorted(counts.items(), key=lambda kv: (-sum(kv[1]), kv[0]))
    )
    sums = tuple(sum(r.cells[i] for r in rows) for i in range(len(KIND_ORDER)))
    return Table(
        key, title, (first, *KIND_HEADER, "Tổng số"), rows, TableRow("Tổng số", sums, sum(sums))
    )


def summaries(
    groups: Sequence[Awarded], unit_of: Mapping[int, str], level_names: Mapping[str, str]
) -> list[Table]:
    """The office's summaries: by unit (``unit_of`` names the row a unit counts in), award,
    deciding level, gender and ethnicity; each with its kinds in columns."""
    return [
        by_kind_table(
            "by_unit", "Theo đơn vị", "Đơn vị", groups, lambda g: unit_of.get(g.org_id, UNKNOWN)
        ),
        by_kind_table(
            "by_award", "Theo hình thức khen thưởng", "Hình thức", groups, lambda g: g.award_name
        ),
        by_kind_table(
            "by_level",
            "Theo cấp quyết định",
            "Cấp",
            groups,
            lambda g: (
                CENTRAL_LEVEL_NAME if g.level == CENTRAL else level_names.get(g.level, g.level)
            ),
        ),
        by_kind_table(
            "by_gender",
            "Theo giới tính",
            "Giới tính",
            groups,
            lambda g: GENDER_NAMES.get(g.gender, UNKNOWN),
        ),
        by_kind_table(
            "by_ethnicity", "Theo dân tộc", "Dân tộc", groups, lambda g: g.ethnicity or UNKNOWN
        ),
    ]


def form_table(form: StatForm, rules: StatisticsRules, groups: Sequence[Awarded]) -> Table:
    """One of the Ministry's forms: its rows (filters) by its columns (awards)."""
    basis = f"Ban hành theo {rules.circular.name}" + (
        "" if rules.circular.verified else " (chưa xác minh)"
    )
    if not form.available:
        return Table(form.code, form.title, (), (), note=form.reason, basis=basis, available=False)
    mine = [g for g in groups if g.source == form.source]
    rows = []
    for r in form.rows:
        hits = [g for g in mine if r.matches(g, rules.majority_ethnicity)]
        cells = tuple(sum(g.count for g in hits if g.award in c.awards) for c in form.columns)
        rows.append(TableRow(r.label, cells, sum(cells), r.code, r.unit))
    header = ("Chỉ tiêu", "Mã số", "Đơn vị tính", "Tổng số", *(c.title for c in form.columns))
    return Table(
        form.code,
        form.title,
        header,
        tuple(rows),
        note=form.omitted,
        basis=basis,
        extra={"due": rules.due, "circular_note": rules.circular.note},
        form=True,
    )


PRIZE_NOTE = (
    "Tiền thưởng tính theo hệ số của danh mục hình thức khen thưởng và mức lương cơ sở áp dụng "
    "ngày ban hành quyết định, làm tròn lên hàng chục nghìn đồng (Nghị định 152/2025/NĐ-CP, "
    "Điều 49–55); không gồm khen thưởng cấp Nhà nước, do trung ương chi."
)


def prize_table(amounts: Mapping[str, tuple[int, int]]) -> Table:
    """Rows by award name: (awarded nominees, prize money in đồng), with their sums."""
    rows = tuple(
        TableRow(name, (n, money))
        for name, (n, money) in sorted(amounts.items(), key=lambda kv: (-kv[1][1], kv[0]))
    )
    sums = (sum(r.cells[0] for r in rows), sum(r.cells[1] for r in rows))
    return Table(
        "prize",
        "Tiền thưởng theo hình thức khen thưởng",
        ("Hình thức", "Số lượt", "Tiền thưởng (đồng)"),
        rows,
        TableRow("Tổng số", sums),
        note=PRIZE_NOTE,
    )
