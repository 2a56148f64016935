"""Managing org units and user accounts: create, deactivate, change roles, reset passwords.

``by`` is either an Actor (an admin through the API, limited to their subtree) or an Operator
(someone at the server's command line, who may do anything). Every change is audited.

No change may lock administration out (``check_admin_change``): an admin cannot deactivate or
demote themselves, and no unit that has an active admin at or above it may lose the last one.
An Operator is held to the second rule too, since an offboarding slip is as easy at the command
line, but may pass ``force``: the command line is where a lost administration is rebuilt anyway
(``flask user add``), so an operator who means it is not stopped. ``force`` from an Actor counts
for nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from service.domain.accounts import (
    AdminChange,
    UserAccount,
    check_admin_change,
    check_new_user,
    password_problem,
    roles_problem,
)
from service.domain.errors import Conflict, Invalid
from service.domain.history import Event
from service.domain.merges import merged_message
from service.domain.orgs import OrgType, OrgUnit, chain_ids, check_parent_level, org_type_problem
from service.domain.permissions import Actor, Role, require_admin, require_admin_over
from service.usecases.ports import Passwords, UnitOfWork, utcnow


@dataclass(frozen=True)
class Operator:
    """Someone running a command on the server: trusted with everything, audited by name."""

    name: str


SYSTEM = Operator("system")
By = Actor | Operator


def _authorise(uow: UnitOfWork, by: By, org_id: int | None) -> None:
    if isinstance(by, Actor):
        require_admin_over(by, uow.orgs.chain(org_id) if org_id is not None else [])


def _audit(uow: UnitOfWork, by: By, action: str, unit: OrgUnit | None, comment: str) -> None:
    who = by if isinstance(by, Actor) else by.name
    uow.events.append(Event.of(utcnow(), who, action, org=unit, comment=comment))


def _unit(uow: UnitOfWork, code: str, field: str = "org") -> OrgUnit:
    unit = uow.orgs.by_code(code)
    if unit is None:
        raise Invalid(f"Không có đơn vị '{code}'.", {field: "không tồn tại"})
    return unit


def list_orgs(*, actor: By, uow: UnitOfWork) -> list[OrgUnit]:
    with uow:
        return uow.orgs.all()


def _current(uow: UnitOfWork, unit: OrgUnit, field: str) -> OrgUnit:
    """``unit``, unless it was merged into another: then the message names where it went."""
    if unit.merged_into_id is not None:
        message = merged_message(unit, uow.orgs.get(unit.merged_into_id))
        raise Invalid(message, {field: message})
    return unit


def new_org(
    uow: UnitOfWork,
    by: By,
    code: str,
    name: str,
    level: str,
    parent_code: str | None,
    type_: str,
    rulebook: str | None = None,
    rulebooks: Collection[str] = (),
) -> OrgUnit:
    """Add a unit inside an open transaction (``add_org``, and a merge into a new unit). A
    province root records ``rulebook``, which must be one of ``rulebooks``; a unit below one
    follows its root's."""
    parent = _current(uow, _unit(uow, parent_code, "parent"), "parent") if parent_code else None
    _authorise(uow, by, parent.id if parent else None)
    if rulebook is not None and parent is not None:
        wrong = "Chỉ đơn vị cấp tỉnh (không có đơn vị cấp trên) mới chọn bộ quy định."
        raise Invalid(wrong, {"rulebook": wrong})
    if rulebook is not None and rulebook not in rulebooks:
        wrong = f"Không có bộ quy định '{rulebook}'; có: {', '.join(sorted(rulebooks))}."
        raise Invalid(wrong, {"rulebook": wrong})
    if uow.orgs.by_code(code) is not None:
        raise Conflict(f"Mã đơn vị '{code}' đã tồn tại.")
    if problem := org_type_problem(type_):
        raise Invalid(problem, {"type": problem})
    if problem := check_parent_level(uow.orgs.levels(), level, parent.level if parent else None):
        raise Invalid(problem, {"level": problem})
    unit = uow.orgs.add(code, name, level, parent.id if parent else None, utcnow(), type_, rulebook)
    _audit(uow, by, "org_added", unit, f"{name} ({rulebook})" if rulebook else name)
    return unit


def add_org(
    code: str,
    name: str,
    level: str,
    parent_code: str | None,
    *,
    by: By,
    uow: UnitOfWork,
    type_: str = OrgType.PEOPLE_COMMITTEE.value,
    rulebook: str | None = None,
    default_rulebook: str | None = None,
    rulebooks: Collection[str] = (),
) -> OrgUnit:
    """Add a unit; a new province root follows ``rulebook``, else ``default_rulebook``
    (KT_RULEBOOK)."""
    with uow:
        if parent_code is None and rulebook is None:
            rulebook = default_rulebook
        unit = new_org(uow, by, code, name, level, parent_code, type_, rulebook, rulebooks)
        uow.commit()
        return unit


def set_org_rulebook(
    code: str, rulebook: str, *, by: By, uow: UnitOfWork, rulebooks: Collection[str]
) -> OrgUnit:
    """A province root follows another rulebook from now on: its new dossiers are routed,
    checked and priced by it. Dossiers already created keep the rulebook they were pinned to
    (their route carries its own process), so the change is allowed while they are open, and
    audited with the old and new rulebooks."""
    if rulebook not in rulebooks:
        problem = f"Không có bộ quy định '{rulebook}'; có: {', '.join(sorted(rulebooks))}."
        raise Invalid(problem, {"rulebook": problem})
    with uow:
        unit = _current(uow, _unit(uow, code), "org")
        _authorise(uow, by, unit.id)
        if unit.parent_id is not None:
            problem = f"Đơn vị '{code}' không phải đơn vị cấp tỉnh; bộ quy định thuộc về tỉnh."
            raise Invalid(problem, {"org": problem})
        uow.orgs.set_rulebook(unit.id, rulebook)
        _audit(uow, by, "org_rulebook_changed", unit, f"{unit.rulebook or ''} → {rulebook}")
        uow.commit()
        return uow.orgs.get(unit.id)


def deactivate_org(code: str, *, by: By, uow: UnitOfWork) -> None:
    with uow:
        unit = _unit(uow, code)
        _authorise(uow, by, unit.id)
        uow.orgs.set_active(unit.id, False)
        _audit(uow, by, "org_deactivated", unit, unit.name)
        uow.commit()


def _grant_units(
    uow: UnitOfWork, by: By, grants: Sequence[tuple[str, str]]
) -> list[tuple[str, int]]:
    if problem := roles_problem([role for _, role in grants]):
        raise Invalid(problem, {"grants": problem})
    resolved = []
    for code, role in grants:
        unit = _current(uow, _unit(uow, code, "grants"), "grants")
        _authorise(uow, by, unit.id)
        resolved.append((role, unit.id))
    return resolved


def add_user(
    username: str,
    password: str,
    full_name: str,
    grants: Sequence[tuple[str, str]],
    *,
    by: By,
    uow: UnitOfWork,
    passwords: Passwords,
) -> UserAccount:
    check_new_user(username, password, [role for _, role in grants], full_name)
    hashed = passwords.hash(password)
    with uow:
        resolved = _grant_units(uow, by, grants)
        if uow.users.exists(username):
            raise Conflict(f"Tên đăng nhập '{username}' đã tồn tại.")
        uow.users.add(username, full_name or username, hashed, resolved, utcnow())
        _audit(uow, by, "user_added", _unit(uow, grants[0][0]), _describe(username, grants))
        account = uow.users.account(username)
        uow.commit()
        return account


def _describe(username: str, grants: Sequence[tuple[str, str]]) -> str:
    return f"{username}: " + ", ".join(f"{role}@{code}" for code, role in grants)


def _managed(uow: UnitOfWork, by: By, username: str) -> UserAccount:
    """The account, if ``by`` administers every unit where it holds a role."""
    account = uow.users.account(username)
    for grant in account.grants:
        _authorise(uow, by, grant.org_id)
    if not account.grants and isinstance(by, Actor):
        require_admin(by)
    return account


def list_users(*, actor: By, uow: UnitOfWork) -> list[UserAccount]:
    """The accounts an admin manages (those with a role in their subtree); an Operator's: all."""
    if isinstance(actor, Operator):
        with uow:
            return uow.users.accounts_in([unit.id for unit in uow.orgs.all()])
    require_admin(actor)
    with uow:
        return uow.users.accounts_in(uow.orgs.subtree_ids(actor.units_with([Role.ADMIN])))


def _guard_admins(
    uow: UnitOfWork,
    by: By,
    account: UserAccount,
    after: Sequence[tuple[str, int]] | None,
    force: bool,
) -> None:
    """Refuse a change leaving ``account`` with the grants ``after`` (None: deactivated) if it
    would lock administration out; only the units it stops administering need looking at."""
    if not account.active:
        return
    kept = frozenset(org for role, org in after or () if role == Role.ADMIN)
    lost = {g.org_id for g in account.grants if g.role == Role.ADMIN} - kept
    by_self = isinstance(by, Actor) and by.user_id == account.id
    if not lost and not (by_self and after is None):
        return
    if force and isinstance(by, Operator) and not by_self:
        return
    chains = tuple(uow.orgs.chain(org_id) for org_id in sorted(lost))
    above = frozenset().union(*(chain_ids(chain) for chain in chains))
    others = frozenset(
        g.org_id
        for other in uow.users.accounts_in(above)
        if other.active and other.id != account.id
        for g in other.grants
        if g.role == Role.ADMIN
    )
    check_admin_change(
        AdminChange(account.username, chains, kept, others, by_self, deactivating=after is None)
    )


def deactivate_user(username: str, *, by: By, uow: UnitOfWork, force: bool = False) -> None:
    with uow:
        account = _managed(uow, by, username)
        _guard_admins(uow, by, account, None, force)
        now = utcnow()
        uow.users.set_active(username, False)
        uow.users.revoke_tokens_of(account.id, now)
        _audit(uow, by, "user_deactivated", None, username)
        uow.commit()


def set_grants(
    username: str,
    grants: Sequence[tuple[str, str]],
    *,
    by: By,
    uow: UnitOfWork,
    force: bool = False,
) -> UserAccount:
    with uow:
        account = _managed(uow, by, username)
        resolved = _grant_units(uow, by, grants)
        _guard_admins(uow, by, account, resolved, force)
        uow.users.set_grants(username, resolved)
        _audit(uow, by, "user_roles_changed", None, _describe(username, grants))
        uow.commit()
        return uow.users.account(username)


def reset_password(
    username: str, password: str, *, by: By, uow: UnitOfWork, passwords: Passwords
) -> None:
    if problem := password_problem(password):
        raise Invalid(problem, {"password": problem})
    hashed = passwords.hash(password)
    with uow:
        account = _managed(uow, by, username)
        now = utcnow()
        uow.users.set_password(username, hashed)
        uow.users.revoke_tokens_of(account.id, now)
        _audit(uow, by, "password_reset", None, username)
        uow.commit()
