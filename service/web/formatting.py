"""How values read on the pages: dates dd/mm/yyyy in the service's time zone, money, sizes.

The time zone is ``KT_TIMEZONE`` (Vietnam's by default), the same one that dates decisions and
bounds the days of the audit filters; ``install`` binds it into the template filters.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from decimal import Decimal

from flask import Flask

from service.domain.appraisal import percent
from service.web.i18n import translate


def local_date(value: date | datetime | None, zone: tzinfo) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(zone).date()
    return value.strftime("%d/%m/%Y")


def local_datetime(value: datetime | None, zone: tzinfo) -> str:
    if value is None:
        return ""
    return value.astimezone(zone).strftime("%d/%m/%Y %H:%M")


def file_size(size: int) -> str:
    amount, unit = float(size), "B"
    for bigger in ("KB", "MB", "GB"):
        if amount < 1000:
            break
        amount, unit = amount / 1000, bigger
    return f"{amount:.0f} {unit}" if unit == "B" else f"{amount:.1f} {unit}".replace(".", ",")


def vn_number(value: Decimal | float | int) -> str:
    """A number as Vietnamese write it: no trailing zeros, a decimal comma and dots between
    thousands, e.g. 1.50 → "1,5", 0.30 → "0,3", 8.00 → "8", 1500 → "1.500"."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    whole, _, fraction = f"{number:f}".partition(".")
    sign, digits = ("-", whole[1:]) if whole.startswith("-") else ("", whole)
    grouped = f"{int(digits):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


def days_since(value: datetime, now: datetime) -> int:
    return max(0, (now - value).days)


def install(app: Flask, zone: tzinfo) -> None:
    app.jinja_env.filters.update(
        vn_date=lambda value: local_date(value, zone),
        vn_datetime=lambda value: local_datetime(value, zone),
        file_size=file_size,
        vn_number=vn_number,
        vote_percent=percent,
        days_since=lambda value: days_since(value, datetime.now(zone)),
    )
    app.jinja_env.globals.update(t=translate)
