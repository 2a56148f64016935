"""The dashboard's figures (service/usecases/dashboard.py)."""

from __future__ import annotations

import pytest

from service.domain.errors import Forbidden
from service.usecases import dashboard
from service.usecases.dashboard import Count
from tests.unit.usecases.kit import Kit, nominee


def world_of_three(kit: Kit) -> int:
    """HM-DC: a dossier submitted after two days and approved a day later, and a draft;
    HM-TM: a dossier submitted after two days, waiting for review."""
    approved = kit.create(nominees=[nominee("An"), nominee("Bình")])
    kit.create()
    waiting = kit.create("tm.clerk")
    kit.later(days=2)
    kit.submit(approved.id)
    kit.submit(waiting.id, "tm.clerk")
    kit.later(days=1)
    kit.approve(approved.id, "dc.approver")
    return kit.office.local_date(kit.clock()).year


def test_a_district_approver_sees_the_figures_of_every_ward_below(kit: Kit) -> None:
    year = world_of_three(kit)

    board = dashboard.dashboard(year, actor=kit.actor("hm.approver"), uow=kit.uow)

    # HM-DC's draft stays at home: the district counts only what has been submitted.
    assert board.total == 2
    assert board.by_status == [
        Count("draft", 0),
        Count("in_review", 1),
        Count("returned", 0),
        Count("approved", 1),
        Count("rejected", 0),
        Count("proposed", 0),
        Count("decided", 0),
    ]
    assert board.by_level == [Count("ward", 2), Count("district", 0), Count("province", 0)]
    ward, district, province = board.timings
    assert (ward.level, ward.completed, ward.open) == ("ward", 5, 1)
    # Two clerks took two days each, the officer one day, the secretary and the approver none.
    assert ward.average_days == pytest.approx(5 / 5, abs=0.001)
    assert (district.completed, district.average_days, district.open) == (0, None, 0)
    assert province.level == "province"
    [tally] = board.awards
    assert (tally.award, tally.decisions, tally.nominees) == ("GK_XA", 1, 2)


def test_the_wards_own_approver_and_the_auditors_above_count_its_draft(kit: Kit) -> None:
    year = world_of_three(kit)

    ward = dashboard.dashboard(year, actor=kit.actor("dc.approver"), uow=kit.uow)
    auditor = dashboard.dashboard(year, actor=kit.actor("hn.auditor"), uow=kit.uow)

    assert (ward.total, ward.by_status[0]) == (2, Count("draft", 1))
    assert (auditor.total, auditor.by_status[0]) == (3, Count("draft", 1))


def test_a_clerk_sees_only_their_wards_figures(kit: Kit) -> None:
    year = world_of_three(kit)

    board = dashboard.dashboard(year, actor=kit.actor("tm.clerk"), uow=kit.uow)

    assert board.total == 1
    assert board.awards == []
    assert board.timings[0].open == 1


def test_decisions_of_another_year_are_not_counted(kit: Kit) -> None:
    year = world_of_three(kit)
    board = dashboard.dashboard(year - 1, actor=kit.actor("hn.auditor"), uow=kit.uow)
    assert (board.total, board.awards) == (3, [])


def test_an_empty_world_has_zeros_not_gaps(kit: Kit) -> None:
    board = dashboard.dashboard(2026, actor=kit.actor("cg.approver"), uow=kit.uow)
    assert board.total == 0
    assert [c.value for c in board.by_status] == [0] * 7
    assert [(t.completed, t.average_days, t.open) for t in board.timings] == [(0, None, 0)] * 3


def test_an_admin_has_no_dashboard(kit: Kit) -> None:
    with pytest.raises(Forbidden):
        dashboard.dashboard(2026, actor=kit.actor("admin"), uow=kit.uow)
