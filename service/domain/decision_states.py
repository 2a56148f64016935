"""The states a decision goes through and who moves it: pure rules, no storage.

A decision is drafted from the appraisal's results when the route ends in approval; the office
submits the draft for signature (trình ký); a signer of the issuing unit signs it in the
capacity held for them (``SignerSeat``); the records office (văn thư) numbers, dates and issues
it (NĐ 30/2020 Art. 15). An issued decision may later be revoked, or corrected by a new one.
A move from the wrong state is a Conflict (someone else moved it first, or it is not ready); a
move by the wrong person is Forbidden.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from service.domain.errors import Conflict, Forbidden, Invalid
from service.domain.permissions import Actor, Role
from service.domain.signatures import Capacity


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted_for_signature"
    SIGNED = "signed"
    ISSUED = "issued"
    REVOKED = "revoked"
    CORRECTED = "corrected"


STATUS_NAMES = {
    Status.DRAFT: "dự thảo",
    Status.SUBMITTED: "đã trình ký",
    Status.SIGNED: "đã ký, chờ văn thư cấp số",
    Status.ISSUED: "đã ban hành",
    Status.REVOKED: "đã thu hồi",
    Status.CORRECTED: "đã được đính chính",
}

# What each move needs the decision to be in, and what it becomes.
MOVES: dict[str, tuple[tuple[Status, ...], Status]] = {
    "regenerate": ((Status.DRAFT,), Status.DRAFT),
    "submit": ((Status.DRAFT,), Status.SUBMITTED),
    "sign": ((Status.SUBMITTED,), Status.SIGNED),
    "return": ((Status.SUBMITTED,), Status.DRAFT),
    "issue": ((Status.SIGNED,), Status.ISSUED),
    "revoke": ((Status.ISSUED, Status.CORRECTED), Status.REVOKED),
    "correct": ((Status.ISSUED, Status.CORRECTED), Status.CORRECTED),
}

# Who makes each move, at the issuing unit.
ROLES: dict[str, frozenset[Role]] = {
    "regenerate": frozenset({Role.OFFICER, Role.APPROVER}),
    "submit": frozenset({Role.OFFICER, Role.APPROVER}),
    "sign": frozenset({Role.SIGNER}),
    "return": frozenset({Role.SIGNER}),
    "issue": frozenset({Role.RECORDS}),
    # Revoking or correcting is a decision of its own, signed by the competent person (Luật
    # 06/2022 Art. 93): the reviewer who approved the dossier cannot do it.
    "revoke": frozenset({Role.SIGNER}),
    "correct": frozenset({Role.SIGNER}),
}


_ROLE_NAMES = {
    Role.OFFICER: "chuyên viên",
    Role.APPROVER: "lãnh đạo phê duyệt",
    Role.SIGNER: "người ký quyết định",
    Role.RECORDS: "văn thư",
}


def after(move: str, status: str) -> Status:
    """The state ``move`` leads to from ``status``, or Conflict saying why it cannot."""
    allowed, target = MOVES[move]
    if Status(status) not in allowed:
        wanted = ", ".join(STATUS_NAMES[s] for s in allowed)
        raise Conflict(
            f"Quyết định đang ở trạng thái '{STATUS_NAMES[Status(status)]}'; "
            f"thao tác này cần quyết định {wanted}. Hãy tải lại trang."
        )
    return target


def require_may(actor: Actor, move: str, issuer_id: int) -> None:
    """Forbidden unless ``actor`` holds a role of ``move`` at the issuing unit itself."""
    roles = ROLES[move]
    if not actor.roles_at(issuer_id) & roles:
        names = " hoặc ".join(sorted(_ROLE_NAMES.get(r, r.value) for r in roles))
        raise Forbidden(f"Chỉ {names} của đơn vị ban hành được thực hiện thao tác này.")


@dataclass(frozen=True)
class SignerSeat:
    """One person who may sign a unit's decisions: their title ("Phó Chủ tịch") and the
    capacity they sign in, by kind of decision (an award family) over a default."""

    org_id: int
    user_id: int
    username: str
    full_name: str
    title: str
    capacity: Capacity
    by_kind: Mapping[str, Capacity] = field(default_factory=dict)
    credential: Mapping[str, object] | None = None

    def capacity_for(self, kind: str) -> Capacity:
        return self.by_kind.get(kind, self.capacity)


def parse_capacity(value: object, field_name: str = "capacity") -> Capacity:
    """A capacity as the CLI, API or admin page gives it ("KT", "kt.", "own")."""
    text = str(value or "").strip().rstrip(".")
    for c in Capacity:
        if text.casefold() == c.value.casefold():
            return c
    choices = ", ".join(c.value for c in Capacity)
    raise Invalid(
        f"Tư cách ký '{value}' không có trong Nghị định 30/2020; chọn một trong: {choices}.",
        {field_name: f"một trong {choices}"},
    )


def may(actor: Actor, move: str, status: str, issuer_id: int) -> bool:
    """Whether ``actor`` may make ``move`` on a decision in ``status`` now."""
    return Status(status) in MOVES[move][0] and bool(actor.roles_at(issuer_id) & ROLES[move])


WAITING = (Status.DRAFT, Status.SUBMITTED, Status.SIGNED)  # not yet issued


def available(actor: Actor, status: str, issuer_id: int) -> list[str]:
    """The moves ``actor`` may make on a decision in ``status`` (what a page offers them)."""
    roles = actor.roles_at(issuer_id)
    return [
        move
        for move, (allowed, _) in MOVES.items()
        if move in ("submit", "sign", "issue", "revoke")
        and Status(status) in allowed
        and roles & ROLES[move]
    ]
