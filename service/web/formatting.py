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
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}".replace(".", ",")
        size /= 1000  # type: ignore[assignment]
    return str(size)


def days_since(value: datetime, now: datetime | None = None) -> int:
    now = now or datetime.now(VIETNAM)
    return max(0, (now - value).days)


def install(app: Flask) -> None:
    app.jinja_env.filters.update(
        vn_date=vn_date, vn_datetime=vn_datetime, file_size=file_size, days_since=days_since
    )
    app.jinja_env.globals.update(t=translate)
