"""The checklist rule: which required parts a dossier still lacks, and what an upload may name."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from service.adapters.rulebook_files import RulebookFiles
from service.domain.awards import Kind
from service.domain.checklists import (
    ChecklistItem,
    IncompleteDossier,
    missing_items,
    parse_part,
    require_complete,
)
from service.domain.dossiers import Nominee
from service.domain.errors import Invalid

TO_TRINH = ChecklistItem("to_trinh", "Tờ trình", True, False)
REPORT = ChecklistItem("bao_cao_thanh_tich", "Báo cáo thành tích", True, True, simplified=False)
MINUTES = ChecklistItem("bien_ban_hoi_dong", "Biên bản họp Hội đồng", True, False)
SUMMARY = ChecklistItem(
    "tom_tat_thanh_tich", "Tóm tắt thành tích", True, False, simplified_only=True
)
OTHER = ChecklistItem("other", "Tài liệu khác", False, False)
CHECKLIST = (TO_TRINH, REPORT, MINUTES, SUMMARY, OTHER)
AN = Nominee("Nguyễn Văn An", Kind.INDIVIDUAL, id=11)
BINH = Nominee("Trần Thị Bình", Kind.INDIVIDUAL, id=12)


@dataclass(frozen=True)
class Filed:
    kind: str
    nominee_id: int | None = None


def test_an_empty_dossier_misses_every_required_part_each_report_named_with_its_nominee() -> None:
    assert missing_items(CHECKLIST, [], [AN, BINH], simplified=False) == [
        "Tờ trình",
        "Báo cáo thành tích của Nguyễn Văn An",
        "Báo cáo thành tích của Trần Thị Bình",
        "Biên bản họp Hội đồng",
    ]


def test_a_report_filed_for_one_nominee_does_not_cover_another() -> None:
    filed = [Filed("to_trinh"), Filed("bien_ban_hoi_dong"), Filed("bao_cao_thanh_tich", 11)]
    assert missing_items(CHECKLIST, filed, [AN, BINH], simplified=False) == [
        "Báo cáo thành tích của Trần Thị Bình"
    ]


def test_a_simplified_dossier_needs_the_summary_instead_of_the_reports() -> None:
    filed = [Filed("to_trinh"), Filed("bien_ban_hoi_dong")]
    assert missing_items(CHECKLIST, filed, [AN, BINH], simplified=True) == ["Tóm tắt thành tích"]
    assert missing_items(CHECKLIST, [*filed, Filed("tom_tat_thanh_tich")], [AN], True) == []


def test_the_old_kinds_count_as_the_parts_they_stand_for() -> None:
    filed = [Filed("proposal"), Filed("council_minutes"), Filed("achievement_report", 11)]
    assert missing_items(CHECKLIST, filed, [AN], simplified=False) == []


def test_a_report_filed_for_no_one_covers_only_a_dossier_of_one_nominee() -> None:
    filed = [Filed("to_trinh"), Filed("bien_ban_hoi_dong"), Filed("bao_cao_thanh_tich")]
    assert missing_items(CHECKLIST, filed, [AN], simplified=False) == []
    assert len(missing_items(CHECKLIST, filed, [AN, BINH], simplified=False)) == 2


def test_a_submission_missing_parts_is_refused_naming_them_in_its_field() -> None:
    with pytest.raises(IncompleteDossier) as caught:
        require_complete(CHECKLIST, [Filed("to_trinh")], [AN], simplified=False)
    text = caught.value.fields["attachments"]
    assert "Báo cáo thành tích của Nguyễn Văn An" in text and "Biên bản họp Hội đồng" in text
    assert "Tờ trình;" not in text


def test_an_upload_names_a_checklist_kind_and_a_nominee_only_for_per_nominee_parts() -> None:
    assert parse_part("bao_cao_thanh_tich", "11", CHECKLIST, [AN]) == ("bao_cao_thanh_tich", 11)
    assert parse_part("proposal", None, CHECKLIST, [AN]) == ("to_trinh", None)
    for kind, nominee, field in [
        ("selfie", None, "kind"),
        ("bao_cao_thanh_tich", None, "nominee_id"),
        ("bao_cao_thanh_tich", "99", "nominee_id"),
        ("bao_cao_thanh_tich", "abc", "nominee_id"),
        ("to_trinh", "11", "nominee_id"),
    ]:
        with pytest.raises(Invalid) as caught:
            parse_part(kind, nominee, CHECKLIST, [AN])
        assert field in caught.value.fields, (kind, nominee)
    with pytest.raises(Invalid) as caught:
        parse_part("selfie", None, CHECKLIST, [AN])
    assert "bien_ban_hoi_dong (Biên bản họp Hội đồng)" in caught.value.fields["kind"]


@pytest.mark.parametrize("code", ["three_tier_nd98", "two_tier_nd152"])
def test_every_award_of_a_rulebook_has_a_checklist_and_cstd_titles_ask_for_the_initiative(
    code: str,
) -> None:
    book = RulebookFiles.packaged().require(code)
    for award in book.awards:
        kinds = {i.kind for i in book.checklist_for(award) if i.required}
        assert {"to_trinh", "bien_ban_hoi_dong"} <= kinds, award.code
        assert ("xac_nhan_sang_kien" in kinds) == award.canonical.startswith("CSTD"), award.code
