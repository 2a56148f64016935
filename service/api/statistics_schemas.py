"""Response models of the statistics and of the public lookup."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class TableRowOut(BaseModel):
    label: str
    code: str = Field(description="the form's row code (mã số); empty in the summaries")
    unit: str = Field(description="the form's unit of count (đơn vị tính); empty in summaries")
    cells: list[int] = Field(description="one count per column after the row's label and total")
    total: int | None


class TableOut(BaseModel):
    key: str = Field(description="the form's code (0603.N/BNV-TĐKT) or the summary's (by_unit)")
    title: str
    basis: str = Field(description="the circular the form follows; empty for summaries")
    available: bool = Field(description="false: the form cannot be made yet (see note)")
    note: str
    header: list[str]
    rows: list[TableRowOut]
    footer: TableRowOut | None
    total: int = Field(description="awarded nominees the table counts")


class StatisticsOut(BaseModel):
    year: int | None
    start: date
    end: date
    org_code: str
    org_name: str
    circular: str
    circular_verified: bool
    due: str
    awarded: int = Field(description="awarded nominees in the register for the period and scope")
    tables: list[TableOut]


class PublicAwardOut(BaseModel):
    full_name: str
    unit: str
    award: str
    decision_number: str
    decision_date: date
    issuer: str


class LookupOut(BaseModel):
    page: int
    more: bool = Field(description="another page follows")
    items: list[PublicAwardOut]
