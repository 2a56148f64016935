"""A department under the province of the three-tier rulebook, through the use cases in memory."""

from __future__ import annotations

import pytest

from service.domain.errors import Invalid
from service.domain.permissions import Role
from service.usecases import accounts
from service.usecases.accounts import SYSTEM
from tests.unit.usecases.kit import Kit


@pytest.fixture
def department(kit: Kit) -> Kit:
    accounts.add_org(
        "HN-SNV", "Sở Nội vụ", "ward", "HN", by=SYSTEM, uow=kit.uow, type_="department"
    )
    people = (Role.CLERK, Role.APPROVER, Role.OFFICER, Role.SECRETARY)
    for username, role in ((f"snv.{r.value}", r) for r in people):
        accounts.add_user(
            username,
            "mật-khẩu-dài",
            username,
            [("HN-SNV", role.value)],
            by=SYSTEM,
            uow=kit.uow,
            passwords=kit.passwords,
        )
    return kit


def test_a_department_decides_its_own_giay_khen(department: Kit) -> None:
    dossier = department.create("snv.clerk")
    department.submit(dossier.id, "snv.clerk")
    decided = department.approve(dossier.id, "snv.approver")
    assert (decided.status.value, decided.level) == ("approved", "ward")


def test_an_award_no_unit_of_the_departments_chain_can_decide_is_refused_when_proposed(
    department: Kit,
) -> None:
    with pytest.raises(Invalid, match="cấp huyện") as refused:
        department.create("snv.clerk", "CSTDCS")
    assert "award" in refused.value.fields
    with pytest.raises(Invalid):
        accounts.add_org("HN-X", "Sở X", "ward", "HN", by=SYSTEM, uow=department.uow, type_="guild")
