"""Reading the award catalogue and the level names (service/usecases/catalogue.py)."""

from __future__ import annotations

from service.domain.awards import Kind
from service.usecases import catalogue
from tests.unit.usecases.kit import Kit


def test_everyone_reads_the_awards_in_code_order(kit: Kit) -> None:
    awards = catalogue.list_awards(actor=kit.actor("dc.clerk"), uow=kit.uow)

    codes = [a.code for a in awards]
    assert codes == sorted(codes)
    assert len(codes) == 12
    gk = next(a for a in awards if a.code == "GK_XA_CN")
    assert (gk.kind, gk.level, gk.family) == (Kind.INDIVIDUAL, "ward", "giay_khen")


def test_levels_have_vietnamese_names(kit: Kit) -> None:
    assert catalogue.level_names(uow=kit.uow) == {
        "province": "Cấp tỉnh",
        "district": "Cấp huyện",
        "ward": "Cấp xã",
    }
