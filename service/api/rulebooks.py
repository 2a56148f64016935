"""GET /rulebooks and /rulebooks/{code}: the rulebooks this installation ships, with their rules."""

from __future__ import annotations

from flask import Blueprint, Response

from service.api.http import answer, caller, doc
from service.api.regulations import regulation_out
from service.api.schemas import (
    BaseSalaryOut,
    LegalBasisOut,
    LevelOut,
    ProvinceRegulationOut,
    RulebookDetail,
    RulebookList,
    RulebookOut,
)
from service.domain.rulebooks import Rulebook
from service.services import services

bp = Blueprint("rulebooks", __name__)


def _summary(book: Rulebook) -> dict[str, object]:
    return {
        "code": book.code,
        "name": book.name,
        "valid_from": book.valid_from,
        "valid_to": book.valid_to,
        "levels": [LevelOut(code=lv.code, name=lv.name, rank=lv.rank) for lv in book.levels],
    }


@bp.get("/rulebooks")
@doc("Các bộ quy định (ba cấp, hai cấp) với các cấp, cấp cao nhất trước", response=RulebookList)
def index() -> tuple[Response, int]:
    books = services().list_rulebooks(actor=caller())
    return answer(RulebookList(items=[RulebookOut.model_validate(_summary(b)) for b in books]))


@bp.get("/rulebooks/<code>")
@doc(
    "Một bộ quy định với các quy định có thời hạn: mức lương cơ sở, căn cứ pháp lý, quy chế riêng "
    "của các tỉnh",
    response=RulebookDetail,
    errors=(404,),
)
def show(code: str) -> tuple[Response, int]:
    s = services()
    book = s.rulebook(code, actor=caller())
    regulations = [
        ProvinceRegulationOut(org=org, **regulation_out(r).model_dump())
        for org, r in s.regulations_over(book.code)
    ]
    return answer(
        RulebookDetail.model_validate(
            {
                **_summary(book),
                "basis": book.basis,
                "base_salaries": [
                    BaseSalaryOut(
                        amount=s.amount, valid_from=s.valid_from, valid_to=s.valid_to, basis=s.basis
                    )
                    for s in book.base_salaries
                ],
                "legal_bases": [
                    LegalBasisOut(text=b.text, valid_from=b.valid_from, valid_to=b.valid_to)
                    for b in book.legal_bases
                ],
                "installed": book.code == s.installed_rulebook(),
                "regulations": regulations,
                "offices": {
                    level: {"name": o.name, "head": o.head} for level, o in book.offices.items()
                },
                "funding": dict(book.funding),
                "required_on_submit": list(book.required_on_submit),
            }
        )
    )
