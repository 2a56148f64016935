"""Who may sign a unit's decisions: an administrator names them, with their title and the
capacity they sign in (by kind of decision), from the CLI, the admin API or the admin page.

The person must hold the ``signer`` role at that unit: the seat says how they sign, the grant
says that they may.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime

from service.domain.decision_states import SignerSeat, parse_capacity
from service.domain.errors import Invalid, NotFound
from service.domain.history import Event
from service.domain.permissions import Actor, Role, require_admin_over
from service.usecases.ports import UnitOfWork


def _credential(value: object) -> Mapping[str, object] | None:
    """A certificate or token the service signs PDFs with for this signer: only where it is
    and the *name* of the environment variable holding its secret, never the secret."""
    if value is None:
        return None
    if not isinstance(value, Mapping) or value.get("kind") not in ("pkcs12", "pkcs11"):
        raise Invalid(
            'Chứng thư số phải là {"kind": "pkcs12" | "pkcs11", …}.',
            {"credential": "kind: pkcs12 hoặc pkcs11"},
        )
    secrets = [k for k in value if k in ("passphrase", "pin", "password")]
    if secrets:
        raise Invalid(
            "Không lưu mật khẩu chứng thư số trong cơ sở dữ liệu; hãy đặt nó trong biến môi "
            "trường và ghi tên biến (passphrase_env, pin_env).",
            {"credential": ", ".join(secrets)},
        )
    return dict(value)


def set_signer(
    org_code: str,
    username: str,
    title: str,
    capacity: str,
    *,
    by_kind: Mapping[str, str] | None = None,
    credential: object = None,
    actor: Actor | str,
    uow: UnitOfWork,
    now: datetime,
) -> SignerSeat:
    if not title.strip():
        raise Invalid("Hãy nhập chức danh người ký (ví dụ Phó Chủ tịch).", {"title": "bắt buộc"})
    kinds = {k: parse_capacity(v, f"by_kind.{k}") for k, v in (by_kind or {}).items()}
    with uow:
        unit = uow.orgs.by_code(org_code)
        if unit is None:
            raise Invalid(f"Không có đơn vị '{org_code}'.", {"org": "không tồn tại"})
        if isinstance(actor, Actor):
            require_admin_over(actor, uow.orgs.chain(unit.id))
        account = uow.users.account(username)
        if Role.SIGNER not in {g.role for g in account.grants if g.org_id == unit.id}:
            raise Invalid(
                f"{account.full_name} chưa có vai trò người ký quyết định tại {unit.name}; "
                "hãy cấp vai trò signer trước.",
                {"username": "chưa có vai trò signer tại đơn vị"},
            )
        seat = SignerSeat(
            unit.id,
            account.id,
            account.username,
            account.full_name,
            title.strip(),
            parse_capacity(capacity),
            kinds,
            _credential(credential),
        )
        uow.signers.put(seat)
        uow.events.append(Event.of(now, actor, "signer_set", org=unit, comment=_describe(seat)))
        uow.commit()
    return seat


def _describe(seat: SignerSeat) -> str:
    kinds = {k: v.value for k, v in seat.by_kind.items()}
    extra = f" {json.dumps(kinds, ensure_ascii=False)}" if kinds else ""
    return f"{seat.username}: {seat.title}, {seat.capacity.value}{extra}"


def signers_of(org_code: str, *, actor: Actor, uow: UnitOfWork) -> list[SignerSeat]:
    with uow:
        unit = uow.orgs.by_code(org_code)
        if unit is None:
            raise NotFound(f"Không có đơn vị '{org_code}'.")
        require_admin_over(actor, uow.orgs.chain(unit.id))
        return uow.signers.for_org(unit.id)
