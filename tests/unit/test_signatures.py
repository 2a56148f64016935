"""The signature block of NĐ 30 in every combination of power, capacity and signer."""

from __future__ import annotations

import pytest

from service.domain.errors import Invalid
from service.domain.signatures import Capacity, Power, decision_power, signature_block

CHAIR, VICE, OFFICE = "Chủ tịch", "Phó Chủ tịch", "Chánh Văn phòng"
P, C = Power.PERSONAL, Power.COLLECTIVE

# (power, capacity, signer's title) → the lines as printed, top first, the name last.
VALID = [
    (P, Capacity.OWN, CHAIR, ("CHỦ TỊCH",)),
    (P, Capacity.KT, VICE, ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
    (P, Capacity.Q, VICE, ("Q. CHỦ TỊCH",)),
    (P, Capacity.TL, OFFICE, ("TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG")),
    (P, Capacity.TUQ, OFFICE, ("TUQ. CHỦ TỊCH", "CHÁNH VĂN PHÒNG")),
    (C, Capacity.OWN, CHAIR, ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")),
    (C, Capacity.TM, CHAIR, ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")),
    (C, Capacity.KT, VICE, ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
    (C, Capacity.Q, VICE, ("TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH")),
    (C, Capacity.TL, OFFICE, ("TL. ỦY BAN NHÂN DÂN", "CHÁNH VĂN PHÒNG")),
    (C, Capacity.TUQ, OFFICE, ("TUQ. ỦY BAN NHÂN DÂN", "CHÁNH VĂN PHÒNG")),
]

# Forms the decree does not have, each refused naming the capacity.
INVALID = [
    (P, Capacity.TM, CHAIR),  # TM. under an authority line naming the chairman
    (P, Capacity.OWN, VICE),  # a deputy does not hold the chairman's own power
    (C, Capacity.OWN, VICE),
    (C, Capacity.TM, VICE),
    (P, Capacity.KT, CHAIR),  # the chairman does not sign for himself
    (C, Capacity.KT, CHAIR),
]


@pytest.mark.parametrize(("power", "capacity", "title", "lines"), VALID)
def test_each_valid_combination_prints_the_decrees_lines_and_the_signers_name(
    power: Power, capacity: Capacity, title: str, lines: tuple[str, ...]
) -> None:
    block = signature_block(power, capacity, signer_title=title, signer_name="Trần Sỹ Thanh")
    assert block.lines == (*lines, "Trần Sỹ Thanh")


@pytest.mark.parametrize(("power", "capacity", "title"), INVALID)
def test_a_combination_without_a_form_is_refused_naming_the_capacity(
    power: Power, capacity: Capacity, title: str
) -> None:
    with pytest.raises(Invalid) as caught:
        signature_block(power, capacity, signer_title=title, signer_name="X")
    assert "capacity" in caught.value.fields


def test_every_combination_is_either_printed_or_refused() -> None:
    covered = {(p, c, t) for p, c, t, _ in VALID} | set(INVALID)
    for power in Power:
        for capacity in Capacity:
            for title in (CHAIR, VICE, OFFICE):
                if (power, capacity, title) in covered:
                    continue
                try:
                    block = signature_block(power, capacity, signer_title=title, signer_name="X")
                except Invalid:
                    continue
                # Never the invalid "KT. ỦY BAN NHÂN DÂN", never TM. over a personal power.
                assert "KT. ỦY BAN NHÂN DÂN" not in block.lines
                assert not (power is P and any(x.startswith("TM.") for x in block.lines))


def test_no_vice_chairman_block_reads_kt_of_the_committee() -> None:
    for power in Power:
        block = signature_block(power, Capacity.KT, signer_title=VICE, signer_name="X")
        assert "KT. ỦY BAN NHÂN DÂN" not in block.lines
        assert "KT. CHỦ TỊCH" in block.lines


def test_the_head_of_a_department_signs_under_their_own_title() -> None:
    block = signature_block(
        P, Capacity.KT, signer_title="Phó Giám đốc", signer_name="X", head_title="Giám đốc"
    )
    assert block.lines == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "X")


def test_the_power_of_a_kind_of_decision_comes_from_the_units_profile() -> None:
    assert decision_power(None, "bang_khen") is P
    assert decision_power("collective", "bang_khen") is C
    mixed = {"default": "collective", "giay_khen": "personal"}
    assert (decision_power(mixed, "giay_khen"), decision_power(mixed, "bang_khen")) == (P, C)
