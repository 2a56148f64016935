"""Who may see and act on what: every access rule of the service, one pure function per question.

A user holds roles at org units (grants).
- Clerks see and prepare the dossiers of their own unit only.
- Approvers see the dossiers of their unit and every unit below it, and act only on the tasks
  seated at their own unit (a task's seat is its lane's unit in the dossier's chain). A draft
  stays at home: a unit below shows its dossier to the approvers above only from its first
  submission on (one returned after that stays visible; it has been submitted once).
- Officers (chuyên viên of the commendation office) and secretaries (thư ký of the Council of
  Emulation and Commendation) see dossiers as approvers do, and act on the appraisal and council
  tasks seated at their unit.
- Auditors read everything in their subtree: dossiers, history, attachments, decisions and the
  audit trail; they act on nothing.
- Admins manage org units, users and templates within their subtree; they see no dossier and act
  on none unless they also hold another role.
Outsiders are told a dossier does not exist (404), so codes cannot be probed; insiders without the
right are told they may not (403).

A unit merged into another (sáp nhập) lives on in it: a role at the unit that absorbed it counts
as a role at the merged unit, so its people read the old unit's dossiers and decisions
(``orgs.home_ids``; lists widen a reach the same way, ``Reach.absorbing``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from service.domain.errors import Forbidden, NotFound
from service.domain.orgs import Chain, chain_ids, home_ids


class Role(StrEnum):
    CLERK = "clerk"
    APPROVER = "approver"
    OFFICER = "officer"
    SECRETARY = "secretary"
    AUDITOR = "auditor"
    ADMIN = "admin"
    # The deciding level's chairman or vice-chairman, who signs decisions (issue 15), and its
    # records office (văn thư), which numbers, dates and issues them.
    SIGNER = "signer"
    RECORDS = "records"


REVIEWERS = frozenset({Role.APPROVER, Role.OFFICER, Role.SECRETARY, Role.SIGNER, Role.RECORDS})
"""Roles that see a unit's dossiers and, once submitted, those of the units below."""
DOSSIER_ROLES = frozenset({Role.CLERK, Role.AUDITOR} | REVIEWERS)


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
    """The units whose dossiers an actor may see, before the subtrees are looked up.

    ``units``: every dossier of exactly these (clerks, and approvers at their own unit);
    ``subtrees``: every dossier of these and all below (auditors);
    ``submitted_subtrees``: the submitted dossiers of these and all below (approvers).
    """

    units: frozenset[int]
    subtrees: frozenset[int]
    submitted_subtrees: frozenset[int] = frozenset()

    def absorbing(self, absorbed: set[int]) -> Reach:
        """This reach with ``absorbed``, the units merged into ``units``, seen as those are."""
        return replace(self, units=self.units | absorbed)


def dossier_reach(actor: Actor) -> Reach:
    return Reach(
        units=frozenset(actor.units_with([Role.CLERK, *REVIEWERS])),
        subtrees=frozenset(actor.units_with([Role.AUDITOR])),
        submitted_subtrees=frozenset(actor.units_with(REVIEWERS)),
    )


@dataclass(frozen=True)
class Visible:
    """A Reach with its subtrees looked up: the units whose every dossier the actor sees, drafts
    included, and the units whose dossiers the actor sees only once they have been submitted."""

    everything: frozenset[int]
    submitted: frozenset[int]

    @classmethod
    def of(cls, reach: Reach, audited: set[int], approved: set[int]) -> Visible:
        """``audited`` and ``approved``: the units in ``reach.subtrees`` and in
        ``reach.submitted_subtrees`` with all those below them."""
        everything = frozenset(reach.units | audited)
        return cls(everything, frozenset(approved) - everything)

    @property
    def units(self) -> frozenset[int]:
        """Every unit with a dossier the actor may see (for what only submitted ones reach)."""
        return self.everything | self.submitted

    def sees(self, org_id: int, submitted: bool) -> bool:
        return org_id in self.everything or (submitted and org_id in self.submitted)

    def __bool__(self) -> bool:
        return bool(self.everything or self.submitted)


def can_see_dossier(actor: Actor, chain: Chain, *, submitted: bool) -> bool:
    """``submitted``: the dossier has been submitted at least once (it is no longer a draft)."""
    own, ids = home_ids(chain), chain_ids(chain)
    return any(_grant_sees(g, own, ids, submitted) for g in actor.grants)


def _grant_sees(g: Grant, own: frozenset[int], ids: frozenset[int], submitted: bool) -> bool:
    if g.role not in DOSSIER_ROLES or g.org_id not in ids:
        return False
    if g.org_id in own:
        return True
    # A unit above: auditors read everything; reviewers what has left the unit; clerks nothing.
    return g.role == Role.AUDITOR or (g.role in REVIEWERS and submitted)


def require_can_see(actor: Actor, chain: Chain, *, submitted: bool) -> None:
    if not can_see_dossier(actor, chain, submitted=submitted):
        raise NotFound("Không tìm thấy hồ sơ.")


def can_act(actor: Actor, seat: TaskSeat) -> bool:
    return any(g.role == seat.role and g.org_id == seat.org_id for g in actor.grants)


def require_can_act(actor: Actor, chain: Chain, seat: TaskSeat, *, submitted: bool) -> None:
    require_can_see(actor, chain, submitted=submitted)
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


# The registry of people and collectives (issue 14). Those who prepare and weigh nominations
# keep the entries of their unit and all below it; those who only read dossiers there read the
# entries too. The identity number (CCCD) is personal data: only admins and the officers and
# approvers of the person's unit or one above it see it, never a clerk, never in a list.
PEOPLE_KEEPERS = frozenset({Role.CLERK, Role.APPROVER, Role.OFFICER, Role.ADMIN})
PEOPLE_READERS = PEOPLE_KEEPERS | {Role.SECRETARY, Role.AUDITOR}
IDENTITY_READERS = frozenset({Role.ADMIN, Role.APPROVER, Role.OFFICER})
NO_PERSON = "Không tìm thấy người hoặc tập thể này."


def people_units(actor: Actor, roles: Iterable[Role] = PEOPLE_READERS) -> list[int]:
    """The units whose subtrees' entries the actor reaches with one of ``roles``."""
    return actor.units_with(roles)


def _holds_over(actor: Actor, chain: Chain, roles: frozenset[Role]) -> bool:
    ids = chain_ids(chain)
    return any(g.role in roles and g.org_id in ids for g in actor.grants)


def may_see_person(actor: Actor, chain: Chain) -> bool:
    """``chain``: the entry's unit and those above it."""
    return _holds_over(actor, chain, PEOPLE_READERS)


def require_may_see_person(actor: Actor, chain: Chain) -> None:
    if not may_see_person(actor, chain):
        raise NotFound(NO_PERSON)


def may_keep_person(actor: Actor, chain: Chain) -> bool:
    """Add an entry in the unit, or to the history of one there."""
    return _holds_over(actor, chain, PEOPLE_KEEPERS)


def require_may_add_person(actor: Actor, chain: Chain) -> None:
    """The units are no secret (GET /orgs lists them): one out of reach is refused, not hidden."""
    if not may_keep_person(actor, chain):
        raise Forbidden("Đơn vị này nằm ngoài phạm vi của bạn; không thêm được người, tập thể.")


def require_may_keep_person(actor: Actor, chain: Chain) -> None:
    """Change an entry or its history: outsiders are told it does not exist."""
    require_may_see_person(actor, chain)
    if not may_keep_person(actor, chain):
        raise Forbidden("Bạn chỉ được xem, không được cập nhật người, tập thể của đơn vị này.")


def may_see_identity(actor: Actor, chain: Chain) -> bool:
    return _holds_over(actor, chain, IDENTITY_READERS)
