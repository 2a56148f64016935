"""Drafting decisions when a route ends, issuing them (Kit.issue: submitted for signature, signed,
numbered by the records office) and reading them back (service/usecases/decisions.py)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime

import pytest

from service.domain.dossiers import Status
from service.domain.errors import ConfigurationError, DecisionTemplateUnusable, NotFound
from service.usecases import decisions, templates
from service.usecases.admin import set_org_profile
from service.usecases.signers import set_signer
from tests.fakes import FakeDecisionOffice, TemplateRow
from tests.unit.usecases.kit import Kit, nominee


def test_there_is_no_decision_before_the_route_ends(kit: Kit) -> None:
    d = kit.create()
    kit.submit(d.id)
    with pytest.raises(NotFound, match="chưa có quyết định"):
        decisions.get_decision(d.id, actor=kit.actor("dc.clerk"), uow=kit.uow)


def test_the_decision_names_the_issuer_the_signer_and_the_prize(kit: Kit) -> None:
    d = kit.create(nominees=[nominee("Nguyễn Văn An"), nominee("Trần Thị Bình")])
    kit.approve_up_to(d.id, "dc.approver")
    kit.issue(d.id, "dc")

    issued = decisions.get_decision(d.id, actor=kit.actor("dc.clerk"), uow=kit.uow)

    assert (issued.issuer_org_code, issued.issuer, issued.sequence, issued.number) == (
        "HM-DC",
        "Ủy ban nhân dân phường Định Công",
        1,
        "01/QĐ-UBND",
    )
    # The unit's signer (dc.signer, the chairman in his own capacity), not the approver.
    assert (issued.status, issued.signer, issued.signer_username) == (
        "issued",
        "Hoàng Văn Sơn",
        "dc.signer",
    )
    assert issued.issued_on == kit.office.local_date(kit.clock())
    # Rendered as drafted, as signed and as issued: the last is the issued document.
    draft, signed, printed = kit.office.rendered
    assert (draft.number, signed.number, printed.number) == (None, None, 1)
    # The head's own power and capacity: no "TM. ỦY BAN NHÂN DÂN" above the title.
    assert (printed.signer.authority_lines, printed.signer.title, printed.signer.name) == (
        (),
        "CHỦ TỊCH",
        "Hoàng Văn Sơn",
    )
    # 0.3 × 2,340,000 = 702,000, rounded up to the next 10,000 (NĐ 152 Art. 49(2)).
    assert [(a.full_name, a.prize) for a in printed.awardees] == [
        ("Nguyễn Văn An", 710_000),
        ("Trần Thị Bình", 710_000),
    ]
    assert printed.award.name == "Giấy khen của Chủ tịch Ủy ban nhân dân phường Định Công"


def test_a_collective_receives_twice_the_individual_giay_khen(kit: Kit) -> None:
    d = kit.create(award="GK_XA_TT")
    kit.approve_up_to(d.id, "dc.approver")
    assert kit.office.rendered[-1].awardees[0].prize == 1_420_000


def test_the_stored_document_is_what_was_rendered(kit: Kit) -> None:
    d = kit.create()
    kit.approve_up_to(d.id, "dc.approver")
    kit.issue(d.id, "dc")

    file = decisions.open_decision(
        d.id, actor=kit.actor("hm.auditor"), uow=kit.uow, store=kit.store
    )
    content = file.stream.read_all()

    assert hashlib.sha256(content).hexdigest() == file.decision.sha256
    assert len(content) == file.decision.size
    assert json.loads(content)["number"] == 1
    assert kit.store.open_streams == 0


def test_a_decision_is_dated_and_filed_by_the_local_day(kit: Kit) -> None:
    d = kit.create()
    kit.submit(d.id)
    kit.clock.now = datetime(2026, 12, 31, 20, 0, tzinfo=UTC)  # 03:00 on 1 January in Hà Nội

    kit.approve(d.id, "dc.approver")
    kit.issue(d.id, "dc")

    [issued] = kit.uow.world.decisions.values()
    assert (issued.issued_on, issued.year) == (date(2027, 1, 1), 2027)
    assert issued.object_key == "decisions/HM-DC/2027/00001.docx"


def test_a_units_profile_changes_how_its_decisions_read(kit: Kit) -> None:
    set_org_profile(
        "HM-DC", {"symbol": "QĐ-CT", "signer_title": "Phó Chủ tịch"}, actor="cli", uow=kit.uow
    )
    # The profile's signer_title is the head's title: the unit's signer holds it, signing in
    # their own capacity.
    set_signer(
        "HM-DC", "dc.signer", "Phó Chủ tịch", "own", actor="cli", uow=kit.uow, now=kit.clock()
    )
    d = kit.create()
    kit.approve_up_to(d.id, "dc.approver")
    kit.issue(d.id, "dc")

    assert next(iter(kit.uow.world.decisions.values())).number == "01/QĐ-CT"
    assert kit.office.rendered[-1].signer.title == "PHÓ CHỦ TỊCH"


def test_an_uploaded_template_prints_the_decisions_of_its_family(kit: Kit) -> None:
    upload = b"PK my giay khen"
    templates.replace_template(
        "giay_khen", upload, actor=kit.actor("admin"), uow=kit.uow, office=kit.office
    )
    d = kit.create()
    kit.approve_up_to(d.id, "dc.approver")

    [issued] = kit.uow.world.decisions.values()
    assert (issued.template, issued.template_sha256) == (
        "giay_khen",
        hashlib.sha256(upload).hexdigest(),
    )


def test_a_template_that_does_not_render_stops_the_approval_and_nothing_is_kept(kit: Kit) -> None:
    # replace_template vets uploads; this one got in some other way (an older release, say).
    broken = FakeDecisionOffice.BROKEN
    root = kit.unit("HN").id
    kit.uow.world.templates[("giay_khen", root)] = TemplateRow(broken, "x", "admin", kit.clock())
    d = kit.create()
    kit.submit(d.id)
    kit.to_the_head(d.id, "dc")
    before = kit.uow.committed

    with pytest.raises(ConfigurationError, match="giay_khen"):
        kit.approve(d.id, "dc.approver")

    assert kit.uow.committed == before
    assert kit.dossier(d.id).status == Status.IN_REVIEW
    assert [k for k in kit.store.objects if not k.startswith("dossiers/")] == []


def test_a_template_that_fails_at_approval_tells_the_approver_to_call_the_admin(kit: Kit) -> None:
    broken = FakeDecisionOffice.BROKEN
    root = kit.unit("HN").id
    kit.uow.world.templates[("giay_khen", root)] = TemplateRow(broken, "x", "admin", kit.clock())
    d = kit.create()
    kit.submit(d.id)

    with pytest.raises(DecisionTemplateUnusable) as failed:
        kit.approve(d.id, "dc.approver")

    assert failed.value.code == "decision_template_unusable"
    # The message serves approval, signing and issue alike: the action was not carried out.
    assert "Hồ sơ chưa được phê duyệt" in failed.value.message
    assert "quản trị viên" in failed.value.message
    assert kit.uow.world.decisions == {}
    assert not [scope for scope, _ in kit.uow.world.counters if scope.startswith("decision:")]


def test_a_level_without_decision_defaults_is_a_configuration_error(kit: Kit) -> None:
    kit.office = FakeDecisionOffice(level_defaults={"province": {}})
    d = kit.create()
    kit.submit(d.id)
    with pytest.raises(ConfigurationError):
        kit.approve(d.id, "dc.approver")
    assert kit.uow.world.decisions == {}


def test_outsiders_cannot_read_a_decision(kit: Kit) -> None:
    d = kit.create()
    kit.approve_up_to(d.id, "dc.approver")
    with pytest.raises(NotFound):
        decisions.get_decision(d.id, actor=kit.actor("tm.clerk"), uow=kit.uow)
    with pytest.raises(NotFound):
        decisions.open_decision(d.id, actor=kit.actor("cg.auditor"), uow=kit.uow, store=kit.store)


def test_the_register_lists_the_decisions_a_user_may_see(kit: Kit) -> None:
    ward = kit.create()
    kit.approve_up_to(ward.id, "dc.approver")
    kit.issue(ward.id, "dc")
    district = kit.create(award="CSTDCS")
    kit.approve_up_to(district.id, "dc.approver", "hm.approver")
    kit.issue(district.id, "hm")
    elsewhere = kit.create("dv.clerk")
    kit.submit(elsewhere.id, "dv.clerk")
    kit.approve(elsewhere.id, "dv.approver")
    kit.issue(elsewhere.id, "dv")
    year = kit.office.local_date(kit.clock()).year

    def register(username: str, issuer: str | None = None, y: int | None = None) -> list[str]:
        found = decisions.decision_register(issuer, y, actor=kit.actor(username), uow=kit.uow)
        return [f"{d.issuer_org_code} {d.number}" for d in found]

    assert register("hm.approver") == ["HM 01/QĐ-UBND", "HM-DC 01/QĐ-UBND"]
    assert register("hn.auditor") == ["HM 01/QĐ-UBND", "HM-DC 01/QĐ-UBND", "CG-DV 01/QĐ-UBND"]
    assert register("hn.auditor", "HM-DC") == ["HM-DC 01/QĐ-UBND"]
    assert register("hn.auditor", None, year - 1) == []
    assert register("dc.clerk") == ["HM 01/QĐ-UBND", "HM-DC 01/QĐ-UBND"]
    assert register("tm.clerk") == register("admin") == []
