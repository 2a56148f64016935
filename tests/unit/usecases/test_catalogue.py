"""Reading the award catalogue and the level names (service/usecases/catalogue.py)."""

from __future__ import annotations

from service.domain.awards import Kind
from service.usecases import catalogue
from tests.unit.usecases.kit import Kit

THREE_TIER_AWARDS = frozenset(
    {
        "BK_TINH",
        "BK_TTG",
        "CO_TD_CP",
        "CO_TD_TINH",
        "CSTD_TQ",
        "HCLD_H3",
        "CSTDCS",
        "CSTD_TINH",
        "GK_HUYEN",
        "GDVH",
        "THON_VH",
        "XA_TIEU_BIEU",
        "GK_XA",
        "LDTT",
        "TTLDTT",
        "TTLDXS",
    }
)


def test_everyone_reads_the_awards_in_code_order(kit: Kit) -> None:
    awards = catalogue.list_awards(actor=kit.actor("dc.clerk"), uow=kit.uow)

    codes = [a.code for a in awards]
    assert codes == sorted(codes)
    assert set(codes) == THREE_TIER_AWARDS
    gk = next(a for a in awards if a.code == "GK_XA")
    assert (gk.kind, gk.level, gk.family) == (None, "ward", "giay_khen")
    assert gk.kinds == frozenset({Kind.INDIVIDUAL, Kind.COLLECTIVE, Kind.HOUSEHOLD})


def test_the_old_per_kind_codes_are_aliases_not_listed(kit: Kit) -> None:
    codes = {a.code for a in catalogue.list_awards(actor=kit.actor("dc.clerk"), uow=kit.uow)}

    assert not codes & {"GK_XA_CN", "GK_XA_TT", "BK_TINH_CN", "BK_TINH_TT"}
    with kit.uow:
        old = kit.uow.awards.get("BK_TINH_TT", "three_tier_nd98")
    assert old is not None
    assert (old.canonical, old.kinds, old.level) == (
        "BK_TINH",
        frozenset({Kind.COLLECTIVE}),
        "province",
    )


def test_levels_have_vietnamese_names(kit: Kit) -> None:
    assert catalogue.level_names(uow=kit.uow) == {
        "province": "Cấp tỉnh",
        "district": "Cấp huyện",
        "ward": "Cấp xã",
    }
