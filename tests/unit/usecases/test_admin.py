"""Setting up the world: the catalogue, org profiles, the demo world (service/usecases/admin.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from service.adapters.rulebook_files import RulebookFiles
from service.adapters.workflow import WorkflowEngine
from service.domain.awards import Kind
from service.domain.errors import ConfigurationError, Invalid
from service.domain.rulebooks import Rulebook
from service.settings import ROOT
from service.usecases import admin
from tests.fakes import FakePasswords, FakeUnitOfWork
from tests.unit.usecases.kit import Kit

THREE_TIER = RulebookFiles.packaged().require("three_tier_nd98")
TWO_TIER = RulebookFiles.packaged().require("two_tier_nd152")


def test_the_demo_world_is_seeded_through_the_use_cases(engine: WorkflowEngine) -> None:
    uow, passwords = FakeUnitOfWork(), FakePasswords()

    logins = admin.seed_demo(THREE_TIER, engine.lanes, uow=uow, passwords=passwords)

    w = uow.world
    assert [lv.code for lv in sorted(w.levels.values(), key=lambda lv: lv.rank)] == [
        "province",
        "district",
        "ward",
    ]
    assert len([a for a in w.awards.values() if a.alias_of is None]) == 16
    assert len([a for a in w.awards.values() if a.alias_of]) == 6  # GK_XA_CN, …, BK_TINH_TT
    assert sorted(u.code for u in w.orgs.values()) == ["CG", "CG-DV", "HM", "HM-DC", "HM-TM", "HN"]
    # 26, and a signer and a records office for each of the six units.
    assert len(logins) == len(w.users) == 38
    clerk = next(x for x in logins if x.username == "dc.clerk")
    assert (clerk.org, clerk.roles, clerk.password) == ("HM-DC", ("clerk",), "demo-2026")
    stored = next(u for u in w.users.values() if u.username == "dc.clerk")
    assert passwords.verify(stored.password_hash, "demo-2026")
    actions = [link.event.action for link in w.events]
    # Each signer's seat is set right after their account: user, seat, then the records office.
    seated = ["user_added", "signer_set", "user_added"] * 6
    assert actions == ["org_added"] * 6 + ["user_added"] * 24 + seated + ["user_added"] * 2
    assert {link.event.actor for link in w.events} == {"system"}


def test_seeding_twice_adds_nobody(engine: WorkflowEngine) -> None:
    uow, passwords = FakeUnitOfWork(), FakePasswords()
    admin.seed_demo(THREE_TIER, engine.lanes, uow=uow, passwords=passwords)
    users, events = dict(uow.world.users), list(uow.world.events)

    assert admin.seed_demo(THREE_TIER, engine.lanes, uow=uow, passwords=passwords) == []
    assert uow.world.users == users
    assert uow.world.events == events


def test_an_award_no_workflow_lane_decides_is_a_configuration_error() -> None:
    uow = FakeUnitOfWork()
    with pytest.raises(ConfigurationError, match="BK_TINH_CN"):
        admin.load_catalogue(THREE_TIER, ["ward", "district"], uow=uow)
    assert uow.committed == 0


def test_loading_the_catalogue_again_replaces_it_in_place(kit: Kit, engine: WorkflowEngine) -> None:
    awards = dict(kit.uow.world.awards)
    forms = [a for a in awards.values() if a.alias_of is None]
    assert admin.load_catalogue(THREE_TIER, engine.lanes, uow=kit.uow) == len(forms) == 16
    assert kit.uow.world.awards == awards


def test_a_units_decision_profile_is_stored_and_audited(kit: Kit) -> None:
    profile = {"symbol": "QĐ-CT", "legal_bases": ["Căn cứ Luật Thi đua, khen thưởng"]}

    admin.set_org_profile("HM", profile, actor="cli", uow=kit.uow)

    with kit.uow:
        hm = kit.uow.orgs.by_code("HM")
        assert hm is not None
        assert kit.uow.orgs.profile(hm.id) == profile
    event = kit.events()[-1]
    assert (event.actor, event.action, event.org_code, event.level) == (
        "cli",
        "org_profile_changed",
        "HM",
        "district",
    )
    assert "QĐ-CT" in event.comment


@pytest.mark.parametrize(
    "profile", [{"colour": "red"}, {"legal_bases": "not a list"}, {"symbol": 42}]
)
def test_a_bad_profile_is_refused(kit: Kit, profile: dict[str, object]) -> None:
    with pytest.raises(Invalid):
        admin.set_org_profile("HM", profile, actor="cli", uow=kit.uow)
    assert kit.uow.committed == 0


def test_a_profile_for_an_unknown_unit_is_refused(kit: Kit) -> None:
    with pytest.raises(Invalid):
        admin.set_org_profile("NOWHERE", {"symbol": "QĐ"}, actor="cli", uow=kit.uow)


def test_the_two_tier_rulebook_seeds_wards_directly_under_the_province() -> None:
    two_tier = WorkflowEngine(ROOT / "workflows", TWO_TIER.process)
    uow, passwords = FakeUnitOfWork(), FakePasswords()

    logins = admin.seed_demo(TWO_TIER, two_tier.lanes, uow=uow, passwords=passwords)

    w = uow.world
    assert sorted(lv.code for lv in w.levels.values()) == ["province", "ward"]
    assert {a.level for a in w.awards.values()} == {"province", "ward"}
    assert w.awards["LDTT"].level == "ward"  # Luật 06/2022 Art. 80(3): the commune decides
    assert not any(code.startswith("GK_HUYEN") for code in w.awards)
    assert {o.code: o.level for o in w.orgs.values()}["HN-DC"] == "ward"
    assert {x.username for x in logins} >= {"dc.clerk", "dc.approver", "hn.approver", "admin"}


def test_a_rulebook_without_a_level_the_process_climbs_is_a_configuration_error(
    engine: WorkflowEngine,
) -> None:
    uow = FakeUnitOfWork()
    with pytest.raises(ConfigurationError, match="district"):
        admin.load_catalogue(TWO_TIER, engine.lanes, uow=uow)
    assert uow.committed == 0


def test_both_rulebooks_carry_the_commune_village_and_family_titles_at_their_levels() -> None:
    def titles(book: Rulebook) -> dict[str, tuple[str, frozenset[Kind], Decimal]]:
        wanted = ("XA_TIEU_BIEU", "THON_VH", "GDVH")
        return {
            a.code: (a.level, a.kinds, a.prize_multiple) for a in book.awards if a.code in wanted
        }

    group, household = frozenset({Kind.COLLECTIVE}), frozenset({Kind.HOUSEHOLD})
    # NĐ 152 Art. 50(2)(c)-(d): 2.0 and 1.5; Art. 50 gives "Gia đình văn hóa" no money.
    assert titles(THREE_TIER) == {
        "XA_TIEU_BIEU": ("province", group, Decimal("2.0")),  # Luật 06/2022 Art. 79
        "THON_VH": ("district", group, Decimal("1.5")),  # Art. 80(2)
        "GDVH": ("ward", household, Decimal("0")),  # Art. 80(3)
    }
    assert titles(TWO_TIER) == {
        "XA_TIEU_BIEU": ("province", group, Decimal("2.0")),
        "THON_VH": ("ward", group, Decimal("1.5")),
        "GDVH": ("ward", household, Decimal("0")),
    }
