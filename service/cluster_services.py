"""Emulation clusters and blocks, ready to call (``services().clusters``): creating one, its
members, each year's head and deputy, and reading them."""

from __future__ import annotations

from collections.abc import Sequence

from service.container import Container
from service.domain.permissions import Actor
from service.usecases import clusters
from service.usecases.clusters import ClusterView


class ClusterDesk:
    def __init__(self, container: Container) -> None:
        self.c = container

    def create(
        self,
        code: str,
        name: str,
        kind: str,
        scope: str,
        owner_code: str | None,
        member_codes: Sequence[str],
        rules: str = "",
        *,
        actor: Actor,
    ) -> ClusterView:
        return clusters.create_cluster(
            code,
            name,
            kind,
            scope,
            owner_code,
            member_codes,
            rules,
            actor=actor,
            uow=self.c.uow(),
            now=self.c.clock(),
        )

    def set_members(self, code: str, member_codes: Sequence[str], *, actor: Actor) -> ClusterView:
        return clusters.set_members(
            code, member_codes, actor=actor, uow=self.c.uow(), now=self.c.clock()
        )

    def set_leadership(
        self, code: str, year: int, head: str, deputy: str | None, *, actor: Actor
    ) -> ClusterView:
        return clusters.set_leadership(
            code, year, head, deputy, actor=actor, uow=self.c.uow(), now=self.c.clock()
        )

    def all(self) -> list[ClusterView]:
        return clusters.clusters(uow=self.c.reader())

    def one(self, code: str) -> ClusterView:
        return clusters.cluster(code, uow=self.c.reader())
