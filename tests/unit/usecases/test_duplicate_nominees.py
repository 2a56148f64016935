"""The same person twice: refused within one dossier, a warning across open dossiers
(service/domain/dossiers.py, service/domain/duplicates.py, service/usecases/dossiers.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from service.domain.awards import Kind
from service.domain.dossiers import Nominee
from service.domain.duplicates import DuplicateWarning
from service.domain.errors import Invalid
from service.usecases import dossiers
from tests.unit.usecases.kit import Kit, draft


def person(name: str, unit: str = "UBND phường Định Công", position: str = "Công chức") -> Nominee:
    return Nominee(name, Kind.INDIVIDUAL, position, unit, "Hoàn thành xuất sắc nhiệm vụ")


def warnings(kit: Kit, dossier_id: int, reader: str = "dc.clerk") -> list[DuplicateWarning]:
    return dossiers.dossier_warnings(dossier_id, actor=kit.actor(reader), uow=kit.uow)


def test_the_same_person_twice_in_one_dossier_is_refused_naming_both_rows(kit: Kit) -> None:
    before = kit.uow.committed
    rows = [
        person("Nguyễn Văn An"),
        person("Trần Thị Bình"),
        # decomposed, upper case, doubled spaces, another position: still the same person
        person("  NGUYE\u0302\u0303N  văn an", " ubnd  PHƯỜNG Định Công", "Chuyên viên"),
    ]

    with pytest.raises(Invalid) as caught:
        kit.create(nominees=rows)

    assert "hàng 1 và hàng 3 cùng là «Nguyễn Văn An»" in caught.value.message
    assert caught.value.fields == {"nominees[2].full_name": "Trùng với hàng 1."}
    assert kit.uow.committed == before


def test_an_edit_that_repeats_a_person_is_refused_too(kit: Kit) -> None:
    d = kit.create(nominees=[person("Nguyễn Văn An"), person("Trần Thị Bình")])

    with pytest.raises(Invalid) as caught:
        dossiers.update_dossier(
            d.id,
            draft(
                nominees=[person("Trần Thị Bình"), person("Nguyễn Văn An"), person("trần thị bình")]
            ),
            None,
            actor=kit.actor("dc.clerk"),
            uow=kit.uow,
            engine=kit.engine,
        )

    assert "nominees[2].full_name" in caught.value.fields
    assert kit.dossier(d.id).nominees == d.nominees


def test_namesakes_of_different_units_are_different_people(kit: Kit) -> None:
    d = kit.create(
        nominees=[
            person("Nguyễn Văn An", "UBND phường Định Công"),
            person("Nguyễn Văn An", "Trường THCS Định Công"),
        ]
    )
    assert len(d.nominees) == 2


def test_a_row_without_a_unit_matches_the_same_name_with_one(kit: Kit) -> None:
    with pytest.raises(Invalid, match="hàng 1 và hàng 2"):
        kit.create(nominees=[person("Nguyễn Văn An"), person("Nguyễn Văn An", unit="")])


def test_diacritics_tell_names_apart(kit: Kit) -> None:
    d = kit.create(nominees=[person("Nguyễn Văn An"), person("Nguyen Van An")])
    assert len(d.nominees) == 2


def test_the_same_person_in_another_open_dossier_is_a_warning_on_both(kit: Kit) -> None:
    first = kit.create(nominees=[person("Trần Thị Bình"), person("Nguyễn Văn An")])
    second = kit.create(nominees=[person("nguyễn văn an")])

    [on_second] = warnings(kit, second.id)
    [on_first] = warnings(kit, first.id, reader="dc.approver")

    assert (on_second.code, on_second.row, on_second.dossier_id) == (
        "duplicate_nominee",
        1,
        first.id,
    )
    assert on_second.dossier_code == first.code
    assert f"trong hồ sơ {first.code} của Phường Định Công" in on_second.message
    assert on_second.message.startswith("«nguyễn văn an» (hàng 1) cũng đang được đề nghị")
    assert (on_first.row, on_first.dossier_id) == (2, second.id)


def test_other_awards_years_and_units_of_a_namesake_give_no_warning(kit: Kit) -> None:
    d = kit.create(nominees=[person("Nguyễn Văn An")])
    kit.create(award="LDTT", nominees=[person("Nguyễn Văn An")])
    kit.create(nominees=[person("Nguyễn Văn An", unit="Trường Mầm non Định Công")])
    last_year = dossiers.create_dossier(
        replace(draft(nominees=[person("Nguyễn Văn An")]), year=kit.clock().year - 1),
        None,
        actor=kit.actor("dc.clerk"),
        uow=kit.uow,
        engine=kit.engine,
    )

    assert warnings(kit, d.id) == []
    assert warnings(kit, last_year.id) == []


def test_a_decided_or_rejected_dossier_no_longer_competes(kit: Kit) -> None:
    decided = kit.create(nominees=[person("Nguyễn Văn An")])
    kit.approve_up_to(decided.id, "dc.approver")
    rejected = kit.create(nominees=[person("Nguyễn Văn An")])
    kit.submit(rejected.id)
    kit.act(rejected.id, "reject", "dc.officer", "Không đủ tiêu chuẩn")
    d = kit.create(nominees=[person("Nguyễn Văn An")])

    assert warnings(kit, d.id) == []
    assert warnings(kit, decided.id) == []  # nor does it warn of others once decided


def test_a_reader_who_may_not_see_the_other_dossier_learns_its_unit_only(kit: Kit) -> None:
    ours = kit.create(nominees=[person("Nguyễn Văn An", unit="")])
    theirs = kit.create("tm.clerk", nominees=[person("Nguyễn Văn An", unit="")])

    [for_clerk] = warnings(kit, ours.id)
    kit.submit(ours.id)  # drafts stay at home: the district reads both once they are sent
    kit.submit(theirs.id, clerk="tm.clerk")
    [for_district] = warnings(kit, ours.id, reader="hm.approver")

    assert (for_clerk.dossier_id, for_clerk.dossier_code) == (None, None)
    assert "một hồ sơ khác của Phường Tương Mai" in for_clerk.message
    assert theirs.code not in for_clerk.message
    assert (for_district.dossier_id, for_district.dossier_code) == (theirs.id, theirs.code)
