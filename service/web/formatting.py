"""How values read on the pages: dates dd/mm/yyyy in Vietnam's time, money, sizes, labels."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask

from service.web.i18n import translate

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def vn_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(VIETNAM).date()
    return value.strftime("%d/%m/%Y")


def vn_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")


def file_size(size: int) -> str:
    amount, unit = float(size), "B"
    for bigger in ("KB", "MB", "GB"):
        if amount < 1000:
            break
        amount, unit = amount / 1000, bigger
    return f"{amount:.0f} {unit}" if unit == "B" else f"{amount:.1f} {unit}".replace(".", ",")


def days_since(value: datetime, now: datetime | None = None) -> int:
    now = now or datetime.now(VIETNAM)
    return max(0, (now - value).days)


def install(app: Flask) -> None:
    app.jinja_env.filters.update(
        vn_date=vn_date, vn_datetime=vn_datetime, file_size=file_size, days_since=days_since
    )
    app.jinja_env.globals.update(t=translate)
