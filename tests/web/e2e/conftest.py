"""Browser tests run on SQLite only (the rules are the same on every database; CI stays fast).

Every test here is marked ``browser``. ``demo_dossiers`` adds a few dossiers of Phường Định Công
through the JSON API (one draft, two waiting for the ward approver, one returned, one approved)
and pins their dates, so that screenshots do not change from day to day.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from service.adapters.tables import DossierRow, TaskRow
from service.web.formatting import days_since
from tests.api.helpers import Login, act, approve_at, create, submit
from tests.conftest import services_of

HERE = Path(__file__).resolve().parent
# What the pages show as "created on" and "waiting since", and the "now" they count days from.
CREATED = datetime(2026, 3, 2, 2, 30, tzinfo=UTC)  # 02/03/2026 09:30 in Hà Nội
NOW = datetime(2026, 3, 5, 3, 0, tzinfo=UTC)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def database_url(tmp_path: Path, sqlite_template: Path) -> str:
    path = tmp_path / "browser.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


def _nominee(name: str, kind: str = "individual", position: str = "Công chức") -> dict:
    return {
        "full_name": name,
        "kind": kind,
        "position": position,
        "unit": "UBND phường Định Công",
        "achievements": "Hoàn thành xuất sắc nhiệm vụ năm 2026",
    }


@dataclass(frozen=True)
class Demo:
    """The codes of the dossiers ``demo_dossiers`` made, by what became of them."""

    in_review: str  # Nguyễn Văn An, waiting for dc.approver
    in_review_2: str  # Trần Thị Bình, waiting for dc.approver
    draft: str
    returned: str  # back with dc.clerk, with a reason
    approved: str


@pytest.fixture
def demo_dossiers(app: Flask, client: FlaskClient, as_user: Login) -> Demo:
    def make(title: str, award: str, nominee: dict) -> dict:
        return create(client, as_user, award=award, title=title, nominees=[nominee])

    approved = make(
        "Đề nghị tặng Giấy khen cho Văn phòng UBND phường",
        "GK_XA_TT",
        _nominee("Văn phòng UBND phường Định Công", "collective", ""),
    )
    submit(client, as_user, approved["id"])
    approve_at(client, as_user, "dc.approver", approved["id"])
    returned = make(
        "Đề nghị công nhận Chiến sĩ thi đua cơ sở năm 2026",
        "CSTDCS",
        _nominee("Lê Minh Cường", position="Phó Chủ tịch UBND phường"),
    )
    submit(client, as_user, returned["id"])
    act(
        client,
        as_user,
        "dc.approver",
        returned["id"],
        "return",
        "Bổ sung báo cáo thành tích có xác nhận của thủ trưởng đơn vị.",
    )
    draft = make(
        "Đề nghị công nhận Lao động tiên tiến năm 2026",
        "LDTT",
        _nominee("Phạm Thu Hà", position="Công chức Tư pháp - Hộ tịch"),
    )
    second = make(
        "Đề nghị công nhận Lao động tiên tiến năm 2026",
        "LDTT",
        _nominee("Trần Thị Bình", position="Công chức Địa chính - Xây dựng"),
    )
    submit(client, as_user, second["id"])
    first = make(
        "Đề nghị tặng Bằng khen của Chủ tịch UBND Thành phố",
        "BK_TINH_CN",
        _nominee("Nguyễn Văn An", position="Công chức Văn phòng - Thống kê"),
    )
    submit(client, as_user, first["id"])
    _pin_dates(app)
    return Demo(first["code"], second["code"], draft["code"], returned["code"], approved["code"])


def _pin_dates(app: Flask) -> None:
    """Same dates on every run: the rows' creation times, and the pages' idea of now."""
    with services_of(app).container.db.begin() as conn:
        conn.execute(update(DossierRow).values(created_at=CREATED))
        conn.execute(update(TaskRow).values(created_at=CREATED))
    app.jinja_env.filters["days_since"] = partial(days_since, now=NOW)
