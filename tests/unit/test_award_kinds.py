"""Awards take several nominee kinds, price each by its factor, and keep old codes as aliases
(service/domain/awards.py, service/domain/drafting.py)."""

from __future__ import annotations

from decimal import Decimal

from service.domain.awards import Kind, in_order, kinds_phrase, with_aliases
from service.domain.drafting import prize_for

BANG_KHEN = {
    "code": "BK_TINH",
    "name": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
    "kinds": ["individual", "collective", "household"],
    "level": "province",
    "family": "bang_khen",
    "prize_multiple": "1.5",
    "kind_factors": {"collective": "2", "household": "1.5"},
    "aliases": [
        {"code": "BK_TINH_CN", "kinds": ["individual"]},
        {"code": "BK_TINH_TT", "kinds": ["collective"]},
    ],
}


def test_kinds_are_listed_collectives_then_households_then_individuals() -> None:
    assert in_order([Kind.INDIVIDUAL, Kind.HOUSEHOLD, Kind.COLLECTIVE]) == [
        Kind.COLLECTIVE,
        Kind.HOUSEHOLD,
        Kind.INDIVIDUAL,
    ]
    assert kinds_phrase(Kind) == "tập thể, hộ gia đình hoặc cá nhân"
    assert kinds_phrase([Kind.COLLECTIVE]) == "tập thể"


def test_each_kind_is_priced_by_its_factor_on_the_rounded_individual_amount() -> None:
    [award, *_] = with_aliases(BANG_KHEN)
    amounts = {k: prize_for(award, k, 2_340_000) for k in Kind}
    assert amounts == {
        Kind.INDIVIDUAL: 3_510_000,
        Kind.COLLECTIVE: 7_020_000,  # NĐ 152 Art. 54(2)
        Kind.HOUSEHOLD: 5_270_000,  # Art. 54(3): 1.5 × 3 510 000 = 5 265 000, rounded up
    }


def test_a_mixed_award_has_no_single_kind_and_a_single_kind_award_has_one() -> None:
    award, individual, collective = with_aliases(BANG_KHEN)
    assert award.kind is None and award.alias_of is None and award.canonical == "BK_TINH"
    assert (individual.code, individual.kind, individual.canonical) == (
        "BK_TINH_CN",
        Kind.INDIVIDUAL,
        "BK_TINH",
    )
    assert not collective.takes(Kind.INDIVIDUAL)
    # An alias is priced as its award: an old collective dossier still gets twice.
    assert collective.factor(Kind.COLLECTIVE) == Decimal(2)


def test_a_pack_written_with_one_kind_still_reads() -> None:
    [old] = with_aliases({**BANG_KHEN, "kinds": None, "kind": "collective", "aliases": None})
    assert old.kinds == frozenset({Kind.COLLECTIVE})
