"""Emulation clusters and blocks as stored: the cluster, its members in order, its leaders."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.adapters.tables import ClusterLeaderRow, ClusterMemberRow, ClusterRow
from service.domain.clusters import Cluster, ClusterKind, ClusterScope, Leadership


def _cluster(row: ClusterRow) -> Cluster:
    return Cluster(
        id=row.id,
        code=row.code,
        name=row.name,
        kind=ClusterKind(row.kind),
        scope=ClusterScope(row.scope),
        owner_id=row.owner_org_id,
        member_ids=tuple(m.org_id for m in row.members),
        leadership={
            r.year: Leadership(r.year, r.head_org_id, r.deputy_org_id) for r in row.leaders
        },
        rules=row.rules,
    )


class ClusterRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def add(self, c: Cluster) -> int:
        row = ClusterRow(
            code=c.code,
            name=c.name,
            kind=c.kind.value,
            scope=c.scope.value,
            owner_org_id=c.owner_id,
            rules=c.rules,
            members=[ClusterMemberRow(org_id=m, position=i) for i, m in enumerate(c.member_ids)],
        )
        self.s.add(row)
        self.s.flush()
        return row.id

    def by_code(self, code: str) -> Cluster | None:
        row = self.s.scalar(select(ClusterRow).where(ClusterRow.code == code))
        return _cluster(row) if row else None

    def all(self) -> list[Cluster]:
        return [_cluster(r) for r in self.s.scalars(select(ClusterRow).order_by(ClusterRow.code))]

    def set_members(self, cluster_id: int, member_ids: tuple[int, ...]) -> None:
        row = self.s.get_one(ClusterRow, cluster_id, with_for_update=True)
        kept = {m.org_id: m for m in row.members}
        row.members = [kept.get(m) or ClusterMemberRow(org_id=m) for m in member_ids]
        for i, m in enumerate(row.members):
            m.position = i
        self.s.flush()

    def set_leadership(self, cluster_id: int, lead: Leadership) -> None:
        self.s.merge(
            ClusterLeaderRow(
                cluster_id=cluster_id,
                year=lead.year,
                head_org_id=lead.head_id,
                deputy_org_id=lead.deputy_id,
            )
        )
        self.s.flush()
