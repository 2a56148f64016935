"""A rulebook per province root, with the fakes: levels form one ladder, awards are kept per
rulebook, a new root records its rulebook, and a stale regulation write is refused."""

from __future__ import annotations

import pytest

from service.adapters.rulebook_files import RulebookFiles
from service.adapters.workflow import WorkflowEngine
from service.domain.errors import Conflict, Invalid
from service.domain.rulebooks import Rulebook
from service.settings import ROOT
from service.usecases import accounts, admin, rules
from tests.fakes import FakeUnitOfWork
from tests.unit.usecases.kit import Kit

BOOKS = RulebookFiles.packaged()
THREE, TWO = BOOKS.require("three_tier_nd98"), BOOKS.require("two_tier_nd152")
CODES = {b.code for b in BOOKS.all()}


@pytest.mark.parametrize("order", [(THREE, TWO), (TWO, THREE)])
def test_both_rulebooks_load_into_one_ladder_and_keep_their_own_awards(
    order: tuple[Rulebook, Rulebook],
) -> None:
    uow = FakeUnitOfWork()
    for book in order:
        lanes = WorkflowEngine(ROOT / "workflows", book.process).lanes
        admin.load_catalogue(book, lanes, uow=uow)
    ranks = {lv.code: lv.rank for lv in uow.world.levels.values()}
    assert ranks == {"province": 0, "district": 1, "ward": 2}
    with uow:
        assert uow.awards.get("CSTDCS", THREE.code).level == "district"  # type: ignore[union-attr]
        assert uow.awards.get("CSTDCS", TWO.code).level == "ward"  # type: ignore[union-attr]
        assert uow.awards.get("GK_HUYEN", TWO.code) is None


def test_a_new_root_gets_the_installation_s_rulebook_unless_it_names_one(kit: Kit) -> None:
    by = accounts.Operator("cli")
    made = accounts.add_org(
        "HP", "Hải Phòng", "province", None, by=by, uow=kit.uow,
        default_rulebook=THREE.code, rulebooks=CODES,
    )  # fmt: skip
    assert made.rulebook == THREE.code
    named = accounts.add_org(
        "QN", "Quảng Ninh", "province", None, by=by, uow=kit.uow, rulebook=TWO.code,
        default_rulebook=THREE.code, rulebooks=CODES,
    )  # fmt: skip
    assert named.rulebook == TWO.code
    with pytest.raises(Invalid, match="Không có bộ quy định 'x'"):
        accounts.add_org(
            "TB", "Thái Bình", "province", None, by=by, uow=kit.uow, rulebook="x",
            default_rulebook=THREE.code, rulebooks=CODES,
        )  # fmt: skip
    changed = accounts.set_org_rulebook("HP", TWO.code, by=by, uow=kit.uow, rulebooks=CODES)
    assert changed.rulebook == TWO.code
    with kit.uow:
        assert kit.uow.events.head()[0] > 0


def test_a_regulation_written_from_a_stale_version_is_refused(kit: Kit) -> None:
    record = {"name": "Quy chế", "overrides": []}
    first = rules.set_regulation("HN", record, actor=None, by_name="cli", uow=kit.uow)
    assert first.version == 1
    with pytest.raises(Conflict):
        rules.set_regulation(
            "HN", record, actor=None, by_name="cli", uow=kit.uow, expected_version=0
        )
    second = rules.set_regulation(
        "HN", record, actor=None, by_name="cli", uow=kit.uow, expected_version=1
    )
    assert second.version == 2
