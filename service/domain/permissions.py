"""Who may see and act on what: every access rule of the service, one pure function per question.

A user holds roles at org units (grants).
- Clerks see and prepare the dossiers of their own unit only.
- Approvers see the dossiers of their unit and every unit below it, and act only on the tasks
  seated at their own unit (a task's seat is its lane's unit in the dossier's chain).
- Auditors read everything in their subtree: dossiers, history, attachments, decisions and the
  audit trail; they act on nothing.
- Admins manage org units, users and templates within their subtree; they see no dossier and act
  on none unless they also hold another role.
Outsiders are told a dossier does not exist (404), so codes cannot be probed; insiders without the
right are told they may not (403).
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
SUBTREE_READERS = frozenset({Role.APPROVER, Role.AUDITOR})


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


@dataclass(frozen=True)
class Reach:
    """The units whose dossiers an actor may see: some exactly, others with all below them."""

    units: frozenset[int]
    subtrees: frozenset[int]


def dossier_reach(actor: Actor) -> Reach:
    return Reach(
        units=frozenset(actor.units_with([Role.CLERK])),
        subtrees=frozenset(actor.units_with(SUBTREE_READERS)),
    )


def can_see_dossier(actor: Actor, chain: Chain) -> bool:
    own, ids = chain[0].id, chain_ids(chain)
    return any(
        (g.role == Role.CLERK and g.org_id == own)
        or (g.role in SUBTREE_READERS and g.org_id in ids)
        for g in actor.grants
    )


def require_can_see(actor: Actor, chain: Chain) -> None:
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
    if not actor.units_with([Role.ADMIN]):
        raise Forbidden("Chỉ quản trị viên được thực hiện thao tác này.")


def require_admin_over(actor: Actor, chain: Chain) -> None:
    """An admin of the unit or of one above it may manage the unit and its people."""
    require_admin(actor)
    if not set(actor.units_with([Role.ADMIN])) & chain_ids(chain):
        raise Forbidden("Đơn vị này nằm ngoài phạm vi quản trị của bạn.")


def require_auditor(actor: Actor) -> None:
    if not actor.units_with([Role.AUDITOR]):
        raise Forbidden("Chỉ kiểm soát viên được xem nhật ký kiểm toán.")
