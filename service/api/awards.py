"""GET /awards: the award catalogue, with the level whose head decides each award."""

from __future__ import annotations

from flask import Blueprint, Response

from service.api.http import answer, caller, doc
from service.api.schemas import AwardList, AwardOut
from service.domain.awards import in_order
from service.services import services

bp = Blueprint("awards", __name__)


@bp.get("/awards")
@doc("Danh mục hình thức khen thưởng", response=AwardList, errors=(401,))
def awards() -> tuple[Response, int]:
    items = services().list_awards(actor=caller())
    return answer(
        AwardList(
            items=[
                AwardOut(
                    code=a.code,
                    name=a.name,
                    level=a.level,
                    kind=a.kind.value if a.kind else None,
                    kinds=[k.value for k in in_order(a.kinds)],
                    prize_multiple=float(a.prize_multiple),
                )
                for a in items
            ]
        )
    )
