"""Replacing decision templates: admins only, vetted first (service/usecases/templates.py)."""

from __future__ import annotations

import hashlib

import pytest

from service.domain.decisions import AwardFamily
from service.domain.errors import Forbidden, Invalid, NotFound
from service.usecases import templates
from service.usecases.templates import MAX_TEMPLATE
from tests.fakes import FakeDecisionOffice
from tests.unit.usecases.kit import Kit


def replace(kit: Kit, name: str, content: bytes, username: str = "admin") -> templates.TemplateInfo:
    return templates.replace_template(
        name, content, actor=kit.actor(username), uow=kit.uow, office=kit.office
    )


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
