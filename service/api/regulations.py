"""GET/PUT /orgs/{code}/regulation: a province root's own dated overrides of its rulebook's awards.

An admin of the province root reads and replaces its regulation (quy chế) as a whole; the
change is audited. What the overrides mean: ``service.domain.regulations``.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from service.api.http import answer, body, caller, doc
from service.api.schemas import AwardOverrideIO, RegulationIO
from service.domain.errors import Invalid
from service.domain.regulations import Regulation
from service.services import services

bp = Blueprint("regulations", __name__)


def regulation_out(regulation: Regulation) -> RegulationIO:
    return RegulationIO(
        name=regulation.name,
        overrides=[
            AwardOverrideIO(
                award=o.award,
                valid_from=o.valid_from,
                valid_to=o.valid_to,
                level=o.level,
                prize_multiple=None if o.prize_multiple is None else float(o.prize_multiple),
                basis=o.basis,
            )
            for o in regulation.overrides
        ],
        eligibility={k: v for k, v in regulation.eligibility.items() if v in ("block", "warn")},  # type: ignore[misc]
        version=regulation.version,
    )


def _expected(record: dict[str, object]) -> int | None:
    """The version the writer read: the body's ``version``, else the If-Match header."""
    found = record.pop("version", None)
    if isinstance(found, int):
        return found
    raw = (request.headers.get("If-Match") or "").strip().removeprefix("W/").strip('"')
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 9:
        raise Invalid("If-Match phải là số phiên bản của quy chế.", {"If-Match": "không hợp lệ"})
    return int(raw)


@bp.get("/orgs/<code>/regulation")
@doc(
    "Quy chế thi đua, khen thưởng của tỉnh: các quy định riêng có thời hạn",
    response=RegulationIO,
    errors=(401, 403, 422),
)
def show(code: str) -> tuple[Response, int]:
    return answer(regulation_out(services().regulation(code, actor=caller())))


@bp.put("/orgs/<code>/regulation")
@doc(
    "Thay quy chế của tỉnh (quản trị viên của tỉnh); áp dụng cho hồ sơ lập từ ngày hiệu lực",
    request_model=RegulationIO,
    response=RegulationIO,
    errors=(401, 403, 409, 422),
)
def replace(code: str) -> tuple[Response, int]:
    record = body(RegulationIO).model_dump(mode="json")
    expected = _expected(record)
    saved = services().set_regulation(code, record, actor=caller(), expected_version=expected)
    return answer(regulation_out(saved))
