"""The statistics use case on the fakes (service/usecases/statistics.py)."""

from __future__ import annotations

import pytest

from service.adapters.rulebook_files import RulebookFiles
from service.domain.errors import Forbidden, Invalid
from service.usecases.statistics import Period, Statistics, statistics
from tests.unit.usecases.kit import Kit, nominee

BOOKS = RulebookFiles.packaged()


def _figures(kit: Kit, username: str, org_code: str | None = None) -> Statistics:
    year = kit.office.local_date(kit.clock()).year
    return statistics(
        Period.of(year, None, None, year),
        org_code,
        None,
        None,
        actor=kit.actor(username),
        uow=kit.uow,
        rulebooks=BOOKS,
        default_rulebook="three_tier_nd98",
    )


def _one_decided_giay_khen(kit: Kit) -> None:
    dossier = kit.create(nominees=[nominee("An"), nominee("Bình")])
    kit.submit(dossier.id)
    kit.approve(dossier.id, "dc.approver")
    kit.issue(dossier.id, "dc")  # only an issued decision counts


def test_the_ward_s_decision_counts_in_every_summary_and_in_the_prize_money(kit: Kit) -> None:
    _one_decided_giay_khen(kit)

    s = _figures(kit, "hm.approver")

    assert s.awarded == 2 and s.scope_code == "HM"
    for key in ("by_unit", "by_award", "by_level", "by_gender", "by_ethnicity", "prize"):
        table = s.table(key)
        assert table is not None and table.grand_total == 2, key
    units = s.table("by_unit")
    assert units is not None and [r.label for r in units.rows] == ["Phường Định Công"]
    prize = s.table("prize")
    assert prize is not None and prize.footer is not None
    assert prize.footer.cells == (2, 2 * 710_000)  # 0.3 × 2 340 000, rounded up
    assert s.table("0603.N/BNV-TĐKT") is not None


def test_a_neighbouring_ward_sees_none_of_it_and_an_admin_sees_no_statistics(kit: Kit) -> None:
    _one_decided_giay_khen(kit)

    assert _figures(kit, "tm.approver").awarded == 0
    with pytest.raises(Forbidden):
        _figures(kit, "admin")
    with pytest.raises(Forbidden):
        _figures(kit, "tm.approver", "HM-DC")
    with pytest.raises(Invalid):
        _figures(kit, "hm.approver", "NOPE")
