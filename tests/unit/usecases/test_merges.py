"""Merging org units through the use case, in memory: one transaction, one event per old unit."""

from __future__ import annotations

from datetime import date

import pytest

from service.domain.dossiers import DossierFilter
from service.domain.errors import Forbidden, Invalid, UnitMerged
from service.usecases import dossiers, merges
from service.usecases.accounts import SYSTEM
from tests.unit.usecases.kit import Kit, draft

JULY = date(2025, 7, 1)


def _unit(kit: Kit, code: str) -> int:
    with kit.uow:
        unit = kit.uow.orgs.by_code(code)
        assert unit is not None
        return unit.id


def test_a_merge_carries_work_in_progress_and_people_over_in_one_audited_transaction(
    kit: Kit,
) -> None:
    open_one = kit.create()
    before = kit.uow.committed

    done = merges.merge_orgs(["HM-DC"], "HM-TM", JULY, by=kit.actor("hm.admin"), uow=kit.uow)

    assert kit.uow.committed == before + 1
    assert (done.into.code, done.dossiers) == ("HM-TM", (open_one.code,))
    last = kit.uow.world.events[-1].event
    assert (last.action, last.org_code, last.actor) == ("org_merged", "HM-DC", "hm.admin")
    tm = _unit(kit, "HM-TM")
    assert kit.uow.world.dossiers[open_one.id].dossier.org_id == tm
    assert {t.org_id for t in kit.open_tasks(open_one.id)} == {tm}
    assert {g.org_code for g in kit.actor("dc.clerk").grants} == {"HM-TM"}
    old = kit.uow.world.orgs[_unit(kit, "HM-DC")]
    assert (old.active, old.merged_into_id, old.merged_on) == (False, tm, JULY)


def test_a_refused_merge_changes_nothing(kit: Kit) -> None:
    before = (kit.uow.committed, len(kit.uow.world.events))
    with pytest.raises(Invalid, match="chưa đến"):
        merges.merge_orgs(["HM-DC"], "HM-TM", date(2999, 1, 1), by=SYSTEM, uow=kit.uow)
    assert (kit.uow.committed, len(kit.uow.world.events)) == before


def test_a_unit_with_active_units_below_it_is_not_merged(kit: Kit) -> None:
    with pytest.raises(Invalid, match="trực thuộc đang hoạt động"):
        merges.merge_orgs(["HM"], "CG", JULY, by=SYSTEM, uow=kit.uow)


def test_an_admin_must_administer_both_the_old_unit_and_the_one_it_joins(kit: Kit) -> None:
    with pytest.raises(Forbidden):
        merges.merge_orgs(["CG-DV"], "HM-TM", JULY, by=kit.actor("hm.admin"), uow=kit.uow)


def test_the_auditor_of_the_unit_that_absorbed_a_ward_reads_the_wards_dossiers(kit: Kit) -> None:
    old = kit.create("dv.clerk")
    kit.submit(old.id, "dv.clerk")
    kit.approve(old.id, "dv.approver")  # the ward decides its Giấy khen
    auditor = kit.actor("hm.auditor")
    unseen = dossiers.list_dossiers(DossierFilter(), None, 50, actor=auditor, uow=kit.uow)
    assert old.id not in {d.id for d in unseen.items}

    merges.merge_orgs(["CG-DV"], "HM-TM", JULY, by=SYSTEM, uow=kit.uow)

    seen = dossiers.list_dossiers(DossierFilter(), None, 50, actor=auditor, uow=kit.uow)
    assert old.id in {d.id for d in seen.items}
    assert dossiers.get_dossier(old.id, actor=kit.actor("tm.clerk"), uow=kit.uow).id == old.id


def test_a_clerk_naming_a_merged_unit_is_told_where_it_went(kit: Kit) -> None:
    merges.merge_orgs(["HM-DC"], "HM-TM", JULY, by=SYSTEM, uow=kit.uow)
    with pytest.raises(UnitMerged, match="Phường Tương Mai"):
        dossiers.create_dossier(
            draft(), "HM-DC", actor=kit.actor("dc.clerk"), uow=kit.uow, engine=kit.engine
        )


def test_users_may_be_locked_instead_of_moved_and_no_third_choice_is_taken(kit: Kit) -> None:
    done = merges.merge_orgs(["CG-DV"], "HM-TM", JULY, by=SYSTEM, uow=kit.uow, users="deactivate")
    assert {"dv.clerk", "dv.approver"} <= set(done.users_deactivated)
    with kit.uow:
        assert kit.uow.users.account("dv.clerk").active is False
    with pytest.raises(Invalid) as wrong:
        merges.merge_orgs(["HM-DC"], "HM-TM", JULY, by=SYSTEM, uow=kit.uow, users="fire")
    assert "users" in wrong.value.fields


def test_a_dossier_at_the_old_district_moves_on_to_the_district_of_the_unit_it_joined(
    kit: Kit,
) -> None:
    at_district = kit.create("dv.clerk", "CSTDCS")
    kit.submit(at_district.id, "dv.clerk")
    kit.approve(at_district.id, "dv.approver")

    merges.merge_orgs(["CG-DV"], "HM-TM", JULY, by=SYSTEM, uow=kit.uow)

    decided = kit.approve(at_district.id, "hm.approver")
    assert (decided.status.value, decided.level) == ("approved", "district")


def test_a_merge_that_would_strand_a_dossier_at_a_level_the_new_chain_lacks_is_refused(
    kit: Kit,
) -> None:
    at_district = kit.create("dv.clerk", "CSTDCS")
    kit.submit(at_district.id, "dv.clerk")
    kit.approve(at_district.id, "dv.approver")
    new = merges.NewUnit("Phường Dịch Vọng Mới", "ward", "HN")

    with pytest.raises(Invalid, match=at_district.code):
        merges.merge_orgs(["CG-DV"], "HN-DVM", JULY, by=SYSTEM, uow=kit.uow, new=new)
    with kit.uow:
        assert kit.uow.orgs.by_code("HN-DVM") is None
