"""Keeping the emulation clusters and blocks (cụm, khối thi đua): creating one, its members, and
each year's head and deputy (domain.clusters holds the rules).

An administrator over the running unit keeps a province's cluster; a national one, whose members
are provinces, is kept by an administrator over every member. Any signed-in user reads them: a
unit's cluster and its leaders are no secret. Each change is one transaction with its audit event.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TypeVar

from service.domain.clusters import (
    KIND_NAMES,
    Cluster,
    ClusterKind,
    ClusterScope,
    check_leadership,
    check_members,
    parse_choice,
    parse_code,
    still_leading,
)
from service.domain.errors import Conflict, Invalid, NotFound
from service.domain.history import Event
from service.domain.orgs import OrgUnit
from service.domain.permissions import Actor, require_admin_over
from service.usecases.ports import UnitOfWork

T = TypeVar("T")


@dataclass(frozen=True)
class ClusterView:
    """A cluster with the units it names (members, leaders, the running unit), by id."""

    cluster: Cluster
    units: Mapping[int, OrgUnit]


def _view(uow: UnitOfWork, c: Cluster) -> ClusterView:
    ids = {*c.member_ids, *([c.owner_id] if c.owner_id is not None else [])}
    return ClusterView(c, {i: uow.orgs.get(i) for i in sorted(ids)})


def _unit(uow: UnitOfWork, code: str, field: str) -> OrgUnit:
    unit = uow.orgs.by_code(code.strip())
    if unit is None:
        raise Invalid(f"Không có đơn vị '{code}'.", {field: f"không có đơn vị {code}"})
    return unit


def _members(uow: UnitOfWork, codes: Sequence[str]) -> list[OrgUnit]:
    found = {c: uow.orgs.by_code(c.strip()) for c in codes}
    unknown = [c for c, u in found.items() if u is None]
    if unknown:
        raise Invalid(f"Không có đơn vị: {', '.join(unknown)}.", {"members": ", ".join(unknown)})
    return [u for u in (found[c] for c in codes) if u is not None]


def _require_keeper(actor: Actor, uow: UnitOfWork, cluster: Cluster) -> None:
    over = [cluster.owner_id] if cluster.owner_id is not None else list(cluster.member_ids)
    for org_id in over:
        require_admin_over(actor, uow.orgs.chain(org_id))


def _check(
    uow: UnitOfWork, scope: ClusterScope, owner: OrgUnit | None, members: list[OrgUnit]
) -> tuple[int, ...]:
    within = uow.orgs.subtree_ids([owner.id]) if owner is not None else set()
    roots = {u.id for u in uow.orgs.all() if u.parent_id is None}
    return check_members(scope, [m.id for m in members], within, roots)


def _parsed(code: str, name: str, kind: str, scope: str) -> tuple[str, ClusterKind, ClusterScope]:
    """The code, kind and scope as kept, or one Invalid naming every field that is wrong."""
    fields: dict[str, str] = {} if name.strip() else {"name": "bắt buộc"}
    cluster_code = _kept(fields, parse_code, code)
    kind_ = _kept(fields, lambda v: parse_choice(ClusterKind, v, "kind"), kind)
    scope_ = _kept(fields, lambda v: parse_choice(ClusterScope, v, "scope"), scope)
    if fields or cluster_code is None or kind_ is None or scope_ is None:
        raise Invalid("Thông tin cụm, khối thi đua chưa đúng.", fields)
    return cluster_code, kind_, scope_


def _kept(fields: dict[str, str], parse: Callable[[str], T], value: str) -> T | None:
    try:
        return parse(value)
    except Invalid as err:
        fields |= err.fields
        return None


def create_cluster(
    code: str,
    name: str,
    kind: str,
    scope: str,
    owner_code: str | None,
    member_codes: Sequence[str],
    rules: str = "",
    *,
    actor: Actor,
    uow: UnitOfWork,
    now: datetime,
) -> ClusterView:
    cluster_code, kind_, scope_ = _parsed(code, name, kind, scope)
    with uow:
        owner = None
        if scope_ is ClusterScope.PROVINCE:
            if not (owner_code or "").strip():
                raise Invalid("Cụm, khối cấp tỉnh cần đơn vị tổ chức.", {"owner": "bắt buộc"})
            owner = _unit(uow, owner_code or "", "owner")
        members = _members(uow, member_codes)
        draft = Cluster(0, cluster_code, name.strip(), kind_, scope_, owner.id if owner else None)
        draft = replace(draft, member_ids=_check(uow, scope_, owner, members), rules=rules.strip())
        _require_keeper(actor, uow, draft)
        if uow.clusters.by_code(cluster_code) is not None:
            raise Conflict(f"Đã có cụm, khối thi đua mã {cluster_code}.")
        cluster_id = uow.clusters.add(draft)
        what = f"{KIND_NAMES[kind_]} {draft.name} ({len(members)} thành viên)"
        uow.events.append(Event.of(now, actor, "cluster_created", org=owner, comment=what))
        uow.commit()
        return _view(uow, replace(draft, id=cluster_id))


def _get(uow: UnitOfWork, code: str) -> Cluster:
    found = uow.clusters.by_code(code.strip().upper())
    if found is None:
        raise NotFound(f"Không có cụm, khối thi đua mã {code}.")
    return found


def set_members(
    code: str, member_codes: Sequence[str], *, actor: Actor, uow: UnitOfWork, now: datetime
) -> ClusterView:
    with uow:
        cluster = _get(uow, code)
        _require_keeper(actor, uow, cluster)
        owner = uow.orgs.get(cluster.owner_id) if cluster.owner_id is not None else None
        members = _check(uow, cluster.scope, owner, _members(uow, member_codes))
        still_leading(cluster, members)
        uow.clusters.set_members(cluster.id, members)
        comment = f"Thành viên {cluster.name}: {', '.join(member_codes)}"
        uow.events.append(Event.of(now, actor, "cluster_members_set", org=owner, comment=comment))
        uow.commit()
        return _view(uow, _get(uow, code))


def set_leadership(
    code: str,
    year: int,
    head_code: str,
    deputy_code: str | None,
    *,
    actor: Actor,
    uow: UnitOfWork,
    now: datetime,
) -> ClusterView:
    """The year's head (trưởng) and deputy (phó); set again, they replace that year's."""
    with uow:
        cluster = _get(uow, code)
        _require_keeper(actor, uow, cluster)
        head = _unit(uow, head_code, "head")
        deputy = _unit(uow, deputy_code, "deputy") if deputy_code and deputy_code.strip() else None
        lead = check_leadership(cluster, year, head.id, deputy.id if deputy else None)
        uow.clusters.set_leadership(cluster.id, lead)
        owner = uow.orgs.get(cluster.owner_id) if cluster.owner_id is not None else None
        who = f"trưởng {head.name}" + (f", phó {deputy.name}" if deputy else "")
        comment = f"{cluster.name} năm {year}: {who}"
        uow.events.append(Event.of(now, actor, "cluster_leaders_set", org=owner, comment=comment))
        uow.commit()
        return _view(uow, _get(uow, code))


def clusters(*, uow: UnitOfWork) -> list[ClusterView]:
    with uow:
        return [_view(uow, c) for c in uow.clusters.all()]


def cluster(code: str, *, uow: UnitOfWork) -> ClusterView:
    with uow:
        return _view(uow, _get(uow, code))
