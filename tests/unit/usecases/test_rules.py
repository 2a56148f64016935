"""Rule versions in the use cases: a dossier pinned to its day, a province's regulation."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from typing import Protocol

import pytest

from service.domain.dossiers import Dossier
from service.domain.errors import Forbidden, Invalid
from service.usecases import dossiers, rules
from tests.fakes import VIETNAM, FakeUnitOfWork
from tests.unit.usecases.kit import Kit, draft

TO_PROVINCE = {
    "name": "Quy chế thi đua, khen thưởng thành phố Hà Nội",
    "overrides": [
        {"award": "CSTDCS", "valid_from": "2027-01-01", "level": "province", "basis": "QĐ 01"}
    ],
}


class Create(Protocol):
    def __call__(
        self,
        moment: datetime | None = None,
        *,
        rulebook: str = "three_tier_nd98",
        zone: tzinfo = UTC,
    ) -> Dossier: ...


@pytest.fixture
def create(kit: Kit) -> Create:
    """Files dc.clerk's CSTĐCS dossier for 2026, at ``moment`` if given (the kit's clock is set
    to it) in the create use case's ``rulebook`` and ``zone`` (UTC unless a test names one)."""

    def make(
        moment: datetime | None = None,
        *,
        rulebook: str = "three_tier_nd98",
        zone: tzinfo = UTC,
    ) -> Dossier:
        if moment is not None:
            kit.clock.now = moment
        return dossiers.create_dossier(
            draft("CSTDCS", year=2026),
            None,
            actor=kit.actor("dc.clerk"),
            uow=kit.uow,
            engine=kit.engine,
            clock=kit.clock,
            rulebook=rulebook,
            zone=zone,
        )

    return make


@pytest.fixture
def regulated(kit: Kit) -> Kit:
    """The kit with Hà Nội's regulation (TO_PROVINCE) set from the command line."""
    rules.set_regulation("HN", TO_PROVINCE, actor=None, by_name="cli", uow=kit.uow)
    return kit


def test_a_regulation_is_stored_and_audited_in_one_transaction(
    kit: Kit, uow: FakeUnitOfWork
) -> None:
    before = uow.committed
    rules.set_regulation("HN", TO_PROVINCE, actor=kit.actor("admin"), uow=uow, clock=kit.clock)
    assert uow.committed == before + 1
    assert kit.events()[-1].action == "regulation_changed"
    assert kit.events()[-1].org_code == "HN"
    found = rules.get_regulation("HN", actor=None, uow=uow)
    assert [o.level for o in found.overrides] == ["province"]


def test_only_an_admin_of_the_province_may_change_its_regulation(
    kit: Kit, uow: FakeUnitOfWork
) -> None:
    with pytest.raises(Forbidden):
        rules.set_regulation("HN", TO_PROVINCE, actor=kit.actor("hn.approver"), uow=uow)
    with pytest.raises(Invalid):
        rules.set_regulation("HM", TO_PROVINCE, actor=None, by_name="cli", uow=uow)
    assert not uow.world.regulations


def test_a_dossier_is_pinned_to_its_rulebook_and_the_day_it_was_created_there(
    kit: Kit, create: Create
) -> None:
    # 31/12/2026 17:30 UTC is already 01/01/2027 in Vietnam, where the day is counted.
    moment = datetime(2026, 12, 31, 17, 30, tzinfo=UTC)
    in_utc = kit.dossier(create(moment).id)
    assert (in_utc.rulebook, in_utc.rules_on) == ("three_tier_nd98", date(2026, 12, 31))
    assert create(moment, zone=VIETNAM).rules_on == date(2027, 1, 1)


def test_the_route_is_read_on_the_pinned_day_even_after_an_edit(
    regulated: Kit, create: Create
) -> None:
    kit = regulated
    before = create(datetime(2026, 12, 31, 2, 0, tzinfo=UTC)).id
    after = create(datetime(2027, 1, 1, 2, 0, tzinfo=UTC)).id
    kit.clock.now = datetime(2027, 1, 2, 2, 0, tzinfo=UTC)
    dossier = kit.dossier(before)
    dossiers.update_dossier(
        before,
        draft("CSTDCS", title="Sửa trích yếu", year=2026),
        dossier.version,
        actor=kit.actor("dc.clerk"),
        uow=kit.uow,
        engine=kit.engine,
        clock=kit.clock,
    )
    kit.submit(before)
    kit.submit(after)
    assert kit.approve(before, "dc.approver").level == "district"
    assert kit.approve(after, "dc.approver").level == "district"
    assert kit.approve(before, "hm.approver").status.value == "approved"
    assert kit.approve(after, "hm.approver").level == "province"
