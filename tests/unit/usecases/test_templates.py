"""Decision templates per issuing unit: admins of the unit only, vetted first, falling back up.

(service/usecases/templates.py, service/domain/templates.py)
"""

from __future__ import annotations

import hashlib

import pytest

from service.domain.decisions import AwardFamily
from service.domain.errors import Forbidden, Invalid, NotFound
from service.usecases import templates
from service.usecases.templates import MAX_TEMPLATE
from tests.fakes import FakeDecisionOffice
from tests.unit.usecases.kit import Kit, add_user


def replace(
    kit: Kit, name: str, content: bytes, username: str = "admin", org: str | None = None
) -> templates.TemplateInfo:
    return templates.replace_template(
        name, content, org, actor=kit.actor(username), uow=kit.uow, office=kit.office
    )


def listing(kit: Kit, username: str, org: str | None = None) -> dict[str, templates.TemplateInfo]:
    infos = templates.list_templates(org, actor=kit.actor(username), uow=kit.uow, office=kit.office)
    return {i.name: i for i in infos}


def issued_with(kit: Kit, award: str, *approvers: str) -> str:
    """The SHA-256 of the template that printed the decision of a new dossier of HM-DC."""
    d = kit.create(award=award)
    kit.approve_up_to(d.id, *approvers)
    [issued] = [x for x in kit.uow.world.decisions.values() if x.dossier_id == d.id]
    return issued.template_sha256


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def test_every_family_starts_with_its_stock_template(kit: Kit) -> None:
    infos = templates.list_templates(actor=kit.actor("hm.admin"), uow=kit.uow, office=kit.office)

    assert [(i.name, i.source) for i in infos] == [(f.value, "stock") for f in AwardFamily]
    stock = kit.office.stock_template("bang_khen")
    assert infos[0].sha256 == stock.sha256


def test_an_admin_replaces_a_template_and_it_is_listed_read_and_audited(kit: Kit) -> None:
    content = b"PK new bang khen"

    info = replace(kit, "bang_khen", content)

    assert (info.source, info.sha256, info.uploaded_by) == (
        "uploaded",
        hashlib.sha256(content).hexdigest(),
        "admin",
    )
    listed = templates.list_templates(actor=kit.actor("admin"), uow=kit.uow, office=kit.office)
    assert {i.name: i.source for i in listed}["bang_khen"] == "uploaded"
    read = templates.read_template(
        "bang_khen", actor=kit.actor("admin"), uow=kit.uow, office=kit.office
    )
    assert read == content
    [event] = kit.events()[-1:]
    assert (event.action, event.actor, event.dossier_id) == ("template_replaced", "admin", None)
    assert info.sha256 in event.comment


def test_a_template_asking_for_unknown_variables_is_refused_and_not_kept(kit: Kit) -> None:
    before = kit.uow.committed
    with pytest.raises(Invalid) as refused:
        replace(kit, "giay_khen", b"PK " + FakeDecisionOffice.BROKEN)
    assert "template" in refused.value.fields
    assert kit.uow.committed == before
    assert kit.uow.world.templates == {}


@pytest.mark.parametrize("content", [b"", b"x" * (MAX_TEMPLATE + 1)])
def test_an_empty_or_oversized_upload_is_refused(kit: Kit, content: bytes) -> None:
    with pytest.raises(Invalid):
        replace(kit, "giay_khen", content)
    assert kit.uow.committed == 0


def test_an_unknown_template_name_is_not_found(kit: Kit) -> None:
    with pytest.raises(NotFound):
        replace(kit, "bang_vang", b"PK")
    with pytest.raises(NotFound):
        templates.read_template(
            "bang_vang", actor=kit.actor("admin"), uow=kit.uow, office=kit.office
        )


@pytest.mark.parametrize("username", ["dc.clerk", "hn.approver", "hn.auditor"])
def test_only_admins_handle_templates(kit: Kit, username: str) -> None:
    actor = kit.actor(username)
    with pytest.raises(Forbidden):
        templates.list_templates(actor=actor, uow=kit.uow, office=kit.office)
    with pytest.raises(Forbidden):
        templates.read_template("giay_khen", actor=actor, uow=kit.uow, office=kit.office)
    with pytest.raises(Forbidden):
        replace(kit, "giay_khen", b"PK", username)
    assert kit.uow.world.templates == {}


def test_a_district_admin_uploads_for_their_own_unit_by_default(kit: Kit) -> None:
    info = replace(kit, "giay_khen", b"PK hoang mai", "hm.admin")

    assert (info.org, info.owner, info.source) == ("HM", "HM", "uploaded")
    assert list(kit.uow.world.templates) == [("giay_khen", kit.unit("HM").id)]
    [event] = kit.events()[-1:]
    assert (event.action, event.org_code) == ("template_replaced", "HM")
    assert "giay_khen của HM" in event.comment


def test_a_district_admin_cannot_change_what_the_province_issues(kit: Kit) -> None:
    before = kit.uow.committed
    for org in ("HN", "CG", "CG-DV"):
        with pytest.raises(Forbidden, match="ngoài phạm vi quản trị"):
            replace(kit, "bang_khen", b"PK " + FakeDecisionOffice.BROKEN, "hm.admin", org)
        with pytest.raises(Forbidden):
            templates.read_template(
                "bang_khen", org, actor=kit.actor("hm.admin"), uow=kit.uow, office=kit.office
            )
        with pytest.raises(Forbidden):
            listing(kit, "hm.admin", org)
    # Refused before the upload was looked at: the broken bytes were never vetted.
    assert kit.uow.committed == before
    assert kit.uow.world.templates == {}
    assert kit.office.rendered == []


def test_an_admin_may_upload_for_a_unit_of_their_subtree_by_naming_it(kit: Kit) -> None:
    info = replace(kit, "giay_khen", b"PK dinh cong", "hm.admin", "HM-DC")

    assert (info.org, info.owner) == ("HM-DC", "HM-DC")
    assert list(kit.uow.world.templates) == [("giay_khen", kit.unit("HM-DC").id)]


def test_a_unit_issues_with_its_own_else_the_nearest_above_else_the_stock_template(
    kit: Kit,
) -> None:
    stock = kit.office.stock_template("giay_khen").sha256
    assert issued_with(kit, "GK_XA_CN", "dc.approver") == stock

    replace(kit, "giay_khen", b"PK ha noi", "admin")
    assert issued_with(kit, "GK_XA_CN", "dc.approver") == sha(b"PK ha noi")
    assert issued_with(kit, "GK_HUYEN_CN", "dc.approver", "hm.approver") == sha(b"PK ha noi")

    replace(kit, "giay_khen", b"PK hoang mai", "hm.admin")
    assert issued_with(kit, "GK_XA_CN", "dc.approver") == sha(b"PK hoang mai")
    assert issued_with(kit, "GK_HUYEN_CN", "dc.approver", "hm.approver") == sha(b"PK hoang mai")

    replace(kit, "giay_khen", b"PK dinh cong", "hm.admin", "HM-DC")
    assert issued_with(kit, "GK_XA_CN", "dc.approver") == sha(b"PK dinh cong")
    # The district issues with its own: an upload below it changes nothing for it.
    assert issued_with(kit, "GK_HUYEN_CN", "dc.approver", "hm.approver") == sha(b"PK hoang mai")


def test_hoang_mai_s_template_leaves_the_province_and_the_other_district_alone(kit: Kit) -> None:
    replace(kit, "bang_khen", b"PK hoang mai", "hm.admin")

    stock = kit.office.stock_template("bang_khen").sha256
    assert issued_with(kit, "BK_TINH_CN", "dc.approver", "hm.approver", "hn.approver") == stock
    assert listing(kit, "admin", "HN")["bang_khen"].source == "stock"
    assert listing(kit, "admin", "CG")["bang_khen"].source == "stock"
    assert listing(kit, "admin", "HM")["bang_khen"].source == "uploaded"


def test_the_listing_says_which_unit_each_template_belongs_to(kit: Kit) -> None:
    replace(kit, "giay_khen", b"PK ha noi", "admin")
    replace(kit, "bang_khen", b"PK hoang mai", "hm.admin")

    ward = listing(kit, "hm.admin", "HM-DC")
    assert {n: (i.source, i.org, i.owner) for n, i in ward.items()} == {
        "giay_khen": ("inherited", "HM-DC", "HN"),
        "bang_khen": ("inherited", "HM-DC", "HM"),
        "danh_hieu_ca_nhan": ("stock", "HM-DC", None),
        "danh_hieu_tap_the": ("stock", "HM-DC", None),
    }
    assert ward["giay_khen"].sha256 == sha(b"PK ha noi")
    own = listing(kit, "hm.admin")
    assert (own["bang_khen"].source, own["bang_khen"].org) == ("uploaded", "HM")
    read = templates.read_template(
        "giay_khen", "HM-DC", actor=kit.actor("hm.admin"), uow=kit.uow, office=kit.office
    )
    assert read == b"PK ha noi"


def test_an_unknown_unit_is_refused_on_the_org_field(kit: Kit) -> None:
    with pytest.raises(Invalid) as refused:
        replace(kit, "giay_khen", b"PK", "admin", "XX")
    assert refused.value.fields == {"org": "không tồn tại"}


def test_an_admin_of_several_units_must_say_which(kit: Kit) -> None:
    add_user(kit, "two.admin", ("HM", "admin"), ("CG", "admin"))
    with pytest.raises(Invalid) as refused:
        replace(kit, "giay_khen", b"PK", "two.admin")
    assert "org" in refused.value.fields
    assert replace(kit, "giay_khen", b"PK cau giay", "two.admin", "CG").org == "CG"
