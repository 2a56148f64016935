"""Checks that depend on where a dossier stands in its workflow, shared by several use cases."""

from __future__ import annotations

from service.domain import permissions
from service.domain.dossiers import Dossier
from service.domain.errors import Conflict, Forbidden
from service.domain.permissions import Actor, Visible
from service.domain.tasks import PREPARE, Task
from service.usecases.ports import UnitOfWork


def require_editable(uow: UnitOfWork, actor: Actor, dossier: Dossier) -> Task:
    """The dossier is with its preparer (draft or returned) and the actor is that preparer.

    Returns the open preparation task. Outsiders get NotFound; others Forbidden; a dossier
    that has moved on gets Conflict.
    """
    permissions.require_can_see(actor, uow.orgs.chain(dossier.org_id), submitted=dossier.submitted)
    preparing = [t for t in uow.tasks.open_for_dossier(dossier.id) if PREPARE in t.actions]
    if preparing:
        if not permissions.can_act(actor, preparing[0].seat):
            raise Forbidden("Chỉ cán bộ lập hồ sơ của đơn vị mới được sửa hồ sơ.")
        return preparing[0]
    if permissions.Role.CLERK in actor.roles_at(dossier.org_id):
        raise Conflict("Hồ sơ đã trình nên không sửa được; chỉ sửa khi là nháp hoặc bị trả lại.")
    raise Forbidden("Chỉ cán bộ lập hồ sơ của đơn vị mới được sửa hồ sơ.")


def visible_units(uow: UnitOfWork, actor: Actor) -> Visible:
    """The org units whose dossiers the actor may see (for lists, counts and registers)."""
    reach = permissions.dossier_reach(actor)
    reach = reach.absorbing(uow.orgs.absorbed_ids(reach.units))
    return Visible.of(
        reach, uow.orgs.subtree_ids(reach.subtrees), uow.orgs.subtree_ids(reach.submitted_subtrees)
    )
