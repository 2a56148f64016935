"""Who signs each unit's decisions, and in which capacity (admins, within their subtree)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response
from pydantic import BaseModel, Field

from service.api.http import answer, body, caller, doc
from service.domain.decision_states import SignerSeat
from service.services import services

bp = Blueprint("signers", __name__)


class SignerIn(BaseModel):
    title: str = Field(default="", description='e.g. "Phó Chủ tịch"')
    capacity: str = Field(default="own", description="own, KT, TM, Q, TL or TUQ")
    by_kind: dict[str, str] = Field(
        default_factory=dict, description='per award family, e.g. {"bang_khen": "KT"}'
    )
    credential: dict[str, Any] | None = Field(
        default=None,
        description='{"kind": "pkcs12", "path", "passphrase_env"} or '
        '{"kind": "pkcs11", "module", "token", "key", "pin_env"}; no secrets',
    )


class SignerSeatOut(BaseModel):
    username: str
    full_name: str
    title: str
    capacity: str
    by_kind: dict[str, str]
    has_credential: bool


class SignerList(BaseModel):
    items: list[SignerSeatOut]


def seat_out(seat: SignerSeat) -> SignerSeatOut:
    return SignerSeatOut(
        username=seat.username,
        full_name=seat.full_name,
        title=seat.title,
        capacity=seat.capacity.value,
        by_kind={k: v.value for k, v in seat.by_kind.items()},
        has_credential=seat.credential is not None,
    )


@bp.get("/orgs/<code>/signers")
@doc("Người ký quyết định của đơn vị", response=SignerList, errors=(401, 403, 404))
def list_signers(code: str) -> tuple[Response, int]:
    seats = services().desk.signers_of(code, actor=caller())
    return answer(SignerList(items=[seat_out(s) for s in seats]))


@bp.put("/orgs/<code>/signers/<username>")
@doc(
    "Giao người ký quyết định của đơn vị: chức danh và tư cách ký (KT., TM., …)",
    request_model=SignerIn,
    response=SignerSeatOut,
    errors=(401, 403, 404, 422),
)
def put_signer(code: str, username: str) -> tuple[Response, int]:
    given = body(SignerIn)
    seat = services().desk.set_signer(
        code,
        username,
        given.title,
        given.capacity,
        by_kind=given.by_kind,
        credential=given.credential,
        actor=caller(),
    )
    return answer(seat_out(seat))
