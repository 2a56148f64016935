"""Merging org units (sáp nhập): one transaction locks the old units, carries their dossiers in
progress and their people over to the unit they join, and audits each unit it merges.

The rules (what may merge, what moves) are in ``domain/merges.py``. ``by`` must administer every
old unit and the unit they join (for a new unit, its parent); an Operator at the command line may
merge anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from service.domain.duplicates import OPEN
from service.domain.errors import Invalid
from service.domain.history import Event
from service.domain.merges import (
    MergeSource,
    UsersOnMerge,
    merge_problem,
    moved_grants,
    stranded_message,
)
from service.domain.orgs import OrgUnit, unit_at_level
from service.domain.permissions import Actor, require_admin_over
from service.usecases.accounts import By, new_org
from service.usecases.ports import Clock, UnitOfWork, utcnow

# Dossiers still in progress: carried over to the new unit with their open tasks.
IN_PROGRESS = tuple(sorted(s.value for s in OPEN))
# "Today" for a merge date is Vietnam's (UTC+7, no daylight saving): 01/07 starts there first.
VIETNAM = timezone(timedelta(hours=7))


@dataclass(frozen=True)
class NewUnit:
    """A unit to create as the one the old units join (its code is the merge's ``into``)."""

    name: str
    level: str
    parent: str | None
    type: str | None = None


@dataclass(frozen=True)
class MergeOutcome:
    into: OrgUnit
    merged: tuple[str, ...]
    dossiers: tuple[str, ...]
    users_moved: tuple[str, ...]
    users_deactivated: tuple[str, ...]
    into_parent: str | None = None


def merge_orgs(
    sources: Sequence[str],
    into: str,
    on: date,
    *,
    by: By,
    uow: UnitOfWork,
    new: NewUnit | None = None,
    users: str = UsersOnMerge.MOVE.value,
    clock: Clock = utcnow,
) -> MergeOutcome:
    mode = _mode(users)
    codes = list(dict.fromkeys(sources))
    with uow:
        now = clock()
        old = [_source(uow, by, code) for code in codes]
        target = _target(uow, by, into, new, old)
        chain = uow.orgs.chain(target.id) if target.id else _parent_chain(uow, new)
        today = now.astimezone(VIETNAM).date()
        if problem := merge_problem(old, target, chain, on, today):
            raise Invalid(problem, {"sources": problem})
        if not target.id:
            assert new is not None
            target = new_org(uow, by, into, new.name, new.level, new.parent, target.type)
        ids = {s.unit.id for s in old}
        carried = uow.dossiers.carry_over(ids, target.id, IN_PROGRESS, now)
        _reseat(uow, [dossier_id for dossier_id, _ in carried], target)
        moved, locked = _people(uow, by, ids, target, mode, now)
        for source in old:
            uow.orgs.mark_merged(source.unit.id, target.id, on)
            uow.events.append(
                Event.of(
                    now,
                    by if isinstance(by, Actor) else by.name,
                    "org_merged",
                    org=source.unit,
                    comment=f"→ {target.code} từ {on:%d/%m/%Y}; người dùng: {mode.value}",
                )
            )
        parent = uow.orgs.get(target.parent_id) if target.parent_id is not None else None
        outcome = MergeOutcome(
            uow.orgs.get(target.id),
            tuple(codes),
            tuple(code for _, code in carried),
            tuple(moved),
            tuple(locked),
            parent.code if parent is not None else None,
        )
        uow.commit()
        return outcome


def _reseat(uow: UnitOfWork, dossier_ids: Sequence[int], target: OrgUnit) -> None:
    """Seat each open task of the carried dossiers at the unit of its level on the target's
    chain; a task waiting at a level that chain lacks would be stranded, so the merge is not."""
    chain = uow.orgs.chain(target.id)
    names = {lv.code: lv.name for lv in uow.orgs.levels()}
    for dossier_id in dossier_ids:
        for task in uow.tasks.open_for_dossier(dossier_id):
            unit = unit_at_level(chain, task.level)
            if unit is None:
                dossier = uow.dossiers.get(dossier_id)
                problem = stranded_message(dossier.code, names.get(task.level, task.level), target)
                raise Invalid(problem, {"sources": problem})
            if unit.id != task.org_id:
                uow.tasks.reseat(task.id, unit.id)


def _mode(users: str) -> UsersOnMerge:
    try:
        return UsersOnMerge(users)
    except ValueError:
        problem = "Chọn move (chuyển người dùng sang đơn vị mới) hoặc deactivate (khóa)."
        raise Invalid(problem, {"users": problem}) from None


def _source(uow: UnitOfWork, by: By, code: str) -> MergeSource:
    unit = uow.orgs.by_code(code)
    if unit is None:
        raise Invalid(f"Không có đơn vị '{code}'.", {"sources": f"'{code}' không tồn tại"})
    _authorise(uow, by, unit.id)
    # Locked, then read again: a dossier being created there commits first and is carried,
    # and a second merge of the same unit sees the first one's.
    unit = uow.orgs.get(unit.id, lock=True)
    return MergeSource(unit, uow.orgs.active_children(unit.id))


def _target(
    uow: UnitOfWork, by: By, code: str, new: NewUnit | None, old: Sequence[MergeSource]
) -> OrgUnit:
    existing = uow.orgs.by_code(code)
    if new is None:
        if existing is None:
            raise Invalid(f"Không có đơn vị '{code}'.", {"into": "không tồn tại"})
        _authorise(uow, by, existing.id)
        return existing
    if existing is not None:
        problem = f"Mã đơn vị '{code}' đã tồn tại; bỏ 'new' để sáp nhập vào đơn vị này."
        raise Invalid(problem, {"into": problem})
    # Not yet added: id 0 stands for it while the merge is checked.
    type_ = new.type or (old[0].unit.type if old else "people_committee")
    return OrgUnit(0, code, new.name, new.level, None, True, type_)


def _parent_chain(uow: UnitOfWork, new: NewUnit | None) -> list[OrgUnit]:
    parent = uow.orgs.by_code(new.parent) if new is not None and new.parent else None
    return uow.orgs.chain(parent.id) if parent is not None else []


def _authorise(uow: UnitOfWork, by: By, org_id: int) -> None:
    if isinstance(by, Actor):
        require_admin_over(by, uow.orgs.chain(org_id))


def _people(
    uow: UnitOfWork, by: By, old: set[int], target: OrgUnit, mode: UsersOnMerge, now: datetime
) -> tuple[list[str], list[str]]:
    """Move the old units' people to ``target``, or take their roles there away."""
    moved: list[str] = []
    locked: list[str] = []
    for account in uow.users.accounts_in(old):
        grants = [(g.role.value, g.org_id) for g in account.grants]
        if mode is UsersOnMerge.MOVE:
            uow.users.set_grants(account.username, moved_grants(grants, old, target.id))
            moved.append(account.username)
            continue
        kept = [(role, org) for role, org in grants if org not in old]
        if kept:
            # Someone who also works elsewhere keeps that work and loses only the old roles.
            uow.users.set_grants(account.username, kept)
            continue
        if isinstance(by, Actor) and by.user_id == account.id:
            problem = "Sáp nhập này sẽ khóa chính tài khoản của bạn; hãy chọn chuyển người dùng."
            raise Invalid(problem, {"users": problem})
        # Locked with its roles left at the old unit: the account stays where admins find it.
        uow.users.set_active(account.username, False)
        uow.users.revoke_tokens_of(account.id, now)
        locked.append(account.username)
    return moved, locked
