"""Who may see and act on what: one pure function per question.

A user holds roles at org units (a grant). A dossier is visible to a holder of any working role
(clerk, approver, auditor) at a unit of the dossier's chain, i.e. the dossier's own unit or one
above it. A task is actionable by a holder of the task's role at the task's org unit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from service.domain.errors import Forbidden, NotFound
from service.domain.orgs import Chain, chain_ids


class Role(StrEnum):
    CLERK = "clerk"
    APPROVER = "approver"
    AUDITOR = "auditor"
    ADMIN = "admin"


DOSSIER_ROLES = frozenset({Role.CLERK, Role.APPROVER, Role.AUDITOR})


@dataclass(frozen=True)
class Grant:
    role: Role
    org_id: int
    org_code: str


@dataclass(frozen=True)
class Actor:
    user_id: int
    username: str
    full_name: str
    grants: tuple[Grant, ...]

    def roles_at(self, org_id: int) -> set[Role]:
        return {g.role for g in self.grants if g.org_id == org_id}

    def units_with(self, roles: Iterable[Role]) -> list[int]:
        wanted = set(roles)
        return [g.org_id for g in self.grants if g.role in wanted]


@dataclass(frozen=True)
class TaskSeat:
    """Where a workflow task sits: the role it asks for at which org unit."""

    role: str
    org_id: int


def can_see_dossier(actor: Actor, chain: Chain) -> bool:
    ids = chain_ids(chain)
    return any(g.org_id in ids for g in actor.grants if g.role in DOSSIER_ROLES)


def require_can_see(actor: Actor, chain: Chain) -> None:
    # Outsiders are told the dossier does not exist, so codes cannot be probed.
    if not can_see_dossier(actor, chain):
        raise NotFound("Không tìm thấy hồ sơ.")


def can_act(actor: Actor, seat: TaskSeat) -> bool:
    return any(g.role == seat.role and g.org_id == seat.org_id for g in actor.grants)


def require_can_act(actor: Actor, chain: Chain, seat: TaskSeat) -> None:
    require_can_see(actor, chain)
    if not can_act(actor, seat):
        raise Forbidden("Nhiệm vụ này không thuộc thẩm quyền của bạn.")


def clerk_unit(actor: Actor, org_code: str | None) -> int:
    """The unit for which a clerk creates a dossier; ``org_code`` picks one if they have several."""
    units = [g for g in actor.grants if g.role == Role.CLERK]
    if org_code is not None:
        units = [g for g in units if g.org_code == org_code]
    if not units:
        raise Forbidden("Chỉ cán bộ văn thư của đơn vị mới được lập hồ sơ.")
    if len(units) > 1:
        raise Forbidden("Bạn là văn thư của nhiều đơn vị; hãy chọn đơn vị lập hồ sơ (org_code).")
    return units[0].org_id


def require_admin(actor: Actor) -> None:
    if not any(g.role == Role.ADMIN for g in actor.grants):
        raise Forbidden("Chỉ quản trị viên được thực hiện thao tác này.")
