"""Creating, editing, reading and listing dossiers (service/usecases/dossiers.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from service.domain.awards import Kind
from service.domain.dossiers import DossierFilter, Status
from service.domain.errors import Conflict, Forbidden, Invalid, NotFound
from service.domain.tasks import OPEN
from service.usecases import accounts, dossiers
from service.usecases.ports import utcnow
from tests.unit.usecases.kit import Kit, add_user, draft, nominee

THIS_YEAR = utcnow().year


def test_a_ward_clerk_creates_a_draft_waiting_for_them_to_submit(kit: Kit) -> None:
    d = kit.create()

    assert d.code == f"HM-DC-{THIS_YEAR}-00001"
    assert (d.status, d.level, d.org_code, d.version) == (Status.DRAFT, "ward", "HM-DC", 1)
    [task] = kit.open_tasks(d.id)
    assert (task.actions, task.role, task.org_code, task.status) == (
        ("submit",),
        "clerk",
        "HM-DC",
        OPEN,
    )
    [created] = kit.events(d.id)
    assert (created.action, created.actor, created.level, created.org_code) == (
        "created",
        "dc.clerk",
        "ward",
        "HM-DC",
    )
    assert kit.uow.committed == 1


def test_dossier_codes_count_up_per_unit_and_year(kit: Kit) -> None:
    first, second = kit.create(), kit.create()
    other_ward = kit.create("tm.clerk")

    assert first.code.endswith("-00001")
    assert second.code.endswith("-00002")
    assert other_ward.code == f"HM-TM-{THIS_YEAR}-00001"


def test_text_is_stored_composed_and_trimmed(kit: Kit) -> None:
    decomposed = "  Nguye\u0302\u0303n Va\u0306n An "
    d = kit.create(nominees=[nominee(decomposed)], title=" Hồ sơ ")

    assert d.title == "Hồ sơ"
    assert d.nominees[0].full_name == "Nguyễn Văn An"


@pytest.mark.parametrize("username", ["dc.approver", "hm.approver", "hn.auditor", "admin"])
def test_only_a_clerk_creates_a_dossier(kit: Kit, username: str) -> None:
    with pytest.raises(Forbidden):
        dossiers.create_dossier(
            draft(), None, actor=kit.actor(username), uow=kit.uow, engine=kit.engine
        )
    assert kit.uow.committed == 0
    assert kit.uow.world.dossiers == {}


def test_a_clerk_of_a_district_cannot_create_a_dossier(kit: Kit) -> None:
    clerk = add_user(kit, "hm.clerk", ("HM", "clerk"))
    before = kit.uow.committed

    with pytest.raises(Forbidden, match="cấp cơ sở"):
        dossiers.create_dossier(draft(), None, actor=clerk, uow=kit.uow, engine=kit.engine)
    assert kit.uow.committed == before


def test_a_deactivated_ward_takes_no_new_dossier(kit: Kit) -> None:
    accounts.deactivate_org("HM-DC", by=accounts.SYSTEM, uow=kit.uow)
    before = kit.uow.committed

    with pytest.raises(Conflict, match="ngừng hoạt động"):
        kit.create()
    assert kit.uow.committed == before


def test_a_clerk_of_two_wards_must_say_which_one(kit: Kit) -> None:
    clerk = add_user(kit, "two.clerk", ("HM-DC", "clerk"), ("HM-TM", "clerk"))

    with pytest.raises(Forbidden, match="org_code"):
        dossiers.create_dossier(draft(), None, actor=clerk, uow=kit.uow, engine=kit.engine)
    d = dossiers.create_dossier(draft(), "HM-TM", actor=clerk, uow=kit.uow, engine=kit.engine)
    assert d.org_code == "HM-TM"


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (draft(title="   "), "title"),
        (draft(year=1999), "year"),
        (draft(year=THIS_YEAR + 2), "year"),
        (draft(award="NO_SUCH_AWARD"), "award"),
        (draft(nominees=[]), "nominees"),
        (draft(nominees=[nominee(" ")]), "nominees[0].full_name"),
        (draft(nominees=[nominee(kind=Kind.COLLECTIVE)]), "nominees[0].kind"),
        (draft(title="x" * 501), "title"),
        (draft(nominees=[replace(nominee(), position="p" * 301)]), "nominees[0].position"),
    ],
)
def test_a_bad_draft_is_refused_field_by_field_and_nothing_is_kept(
    kit: Kit, bad: dossiers.DossierDraft, field: str
) -> None:
    with pytest.raises(Invalid) as refused:
        dossiers.create_dossier(
            bad, None, actor=kit.actor("dc.clerk"), uow=kit.uow, engine=kit.engine
        )
    assert field in refused.value.fields
    assert kit.uow.committed == 0
    assert kit.uow.world.counters == {}  # the code's number was not consumed either


def test_the_clerk_edits_a_draft_and_its_version_moves_on(kit: Kit) -> None:
    d = kit.create()
    changed = draft("GK_XA_CN", "Tên mới", [nominee("Trần Thị Bình"), nominee("Lê Văn Cường")])

    saved = dossiers.update_dossier(
        d.id, changed, d.version, actor=kit.actor("dc.clerk"), uow=kit.uow, engine=kit.engine
    )

    assert (saved.title, saved.version) == ("Tên mới", d.version + 1)
    assert [n.full_name for n in kit.dossier(d.id).nominees] == ["Trần Thị Bình", "Lê Văn Cường"]
    assert kit.actions(d.id) == ["created", "edited"]


def test_an_edit_based_on_a_stale_version_is_refused(kit: Kit) -> None:
    d = kit.create()
    clerk = kit.actor("dc.clerk")
    dossiers.update_dossier(d.id, draft(), d.version, actor=clerk, uow=kit.uow, engine=kit.engine)
    before = kit.uow.committed

    with pytest.raises(Conflict):
        dossiers.update_dossier(
            d.id, draft(title="Cũ"), d.version, actor=clerk, uow=kit.uow, engine=kit.engine
        )
    assert kit.uow.committed == before
    assert kit.dossier(d.id).title != "Cũ"


def test_a_submitted_dossier_cannot_be_edited_by_its_clerk(kit: Kit) -> None:
    d = kit.create()
    kit.submit(d.id)

    with pytest.raises(Conflict, match="đã trình"):
        dossiers.update_dossier(
            d.id, draft(), None, actor=kit.actor("dc.clerk"), uow=kit.uow, engine=kit.engine
        )


def test_an_approver_cannot_edit_a_draft(kit: Kit) -> None:
    d = kit.create()
    with pytest.raises(Forbidden):
        dossiers.update_dossier(
            d.id, draft(), None, actor=kit.actor("dc.approver"), uow=kit.uow, engine=kit.engine
        )


def test_a_clerk_of_another_ward_is_told_the_dossier_does_not_exist(kit: Kit) -> None:
    d = kit.create()
    stranger = kit.actor("tm.clerk")

    with pytest.raises(NotFound):
        dossiers.get_dossier(d.id, actor=stranger, uow=kit.uow)
    with pytest.raises(NotFound):
        dossiers.dossier_history(d.id, actor=stranger, uow=kit.uow)
    with pytest.raises(NotFound):
        dossiers.update_dossier(d.id, draft(), None, actor=stranger, uow=kit.uow, engine=kit.engine)


def test_an_unknown_dossier_is_not_found(kit: Kit) -> None:
    with pytest.raises(NotFound):
        dossiers.get_dossier(999, actor=kit.actor("dc.clerk"), uow=kit.uow)


@pytest.mark.parametrize(
    "username", ["dc.clerk", "dc.approver", "hm.approver", "hn.approver", "hm.auditor"]
)
def test_the_clerk_and_the_units_above_see_the_dossier_and_its_history(
    kit: Kit, username: str
) -> None:
    d = kit.create()
    kit.submit(d.id)

    assert dossiers.get_dossier(d.id, actor=kit.actor(username), uow=kit.uow).code == d.code
    history = dossiers.dossier_history(d.id, actor=kit.actor(username), uow=kit.uow)
    assert [e.action for e in history] == ["created", "submit"]


@pytest.mark.parametrize("username", ["dc.clerk", "dc.approver", "hm.auditor", "hn.auditor"])
def test_a_draft_is_seen_by_its_own_unit_and_the_auditors_above(kit: Kit, username: str) -> None:
    d = kit.create()

    assert dossiers.get_dossier(d.id, actor=kit.actor(username), uow=kit.uow).code == d.code
    history = dossiers.dossier_history(d.id, actor=kit.actor(username), uow=kit.uow)
    assert [e.action for e in history] == ["created"]


@pytest.mark.parametrize("username", ["hm.approver", "hn.approver"])
def test_a_draft_does_not_exist_for_the_approvers_above_until_it_is_submitted(
    kit: Kit, username: str
) -> None:
    d = kit.create()
    with pytest.raises(NotFound):
        dossiers.get_dossier(d.id, actor=kit.actor(username), uow=kit.uow)
    with pytest.raises(NotFound):
        dossiers.dossier_history(d.id, actor=kit.actor(username), uow=kit.uow)

    kit.submit(d.id)
    kit.act(d.id, "return", "dc.officer", "Bổ sung biên bản.")  # the ward's appraisal

    # Returned to the ward after a submission: it has left the ward once, so it stays visible.
    assert dossiers.get_dossier(d.id, actor=kit.actor(username), uow=kit.uow).code == d.code


@pytest.mark.parametrize("username", ["cg.approver", "cg.auditor", "tm.approver", "hm.admin"])
def test_other_branches_and_admins_do_not_see_the_dossier(kit: Kit, username: str) -> None:
    d = kit.create()
    with pytest.raises(NotFound):
        dossiers.get_dossier(d.id, actor=kit.actor(username), uow=kit.uow)


def test_lists_show_what_each_user_may_see_newest_first(kit: Kit) -> None:
    dc1, tm, dc2, dv = kit.create(), kit.create("tm.clerk"), kit.create(), kit.create("dv.clerk")
    everything = DossierFilter()

    def codes(username: str) -> list[str]:
        page = dossiers.list_dossiers(everything, None, 50, actor=kit.actor(username), uow=kit.uow)
        return [d.code for d in page.items]

    assert codes("dc.clerk") == [dc2.code, dc1.code]
    assert codes("dc.approver") == [dc2.code, dc1.code]
    assert codes("hm.approver") == []  # drafts, all of them: they stay at home
    assert codes("hn.auditor") == [dv.code, dc2.code, tm.code, dc1.code]
    assert codes("admin") == []
    kit.submit(dc1.id)
    kit.submit(tm.id, "tm.clerk")
    assert codes("hm.approver") == [tm.code, dc1.code]
    assert codes("hn.approver") == [tm.code, dc1.code]
    assert codes("dc.clerk") == [dc2.code, dc1.code]


def test_a_list_comes_in_pages(kit: Kit) -> None:
    made = [kit.create() for _ in range(3)]
    clerk = kit.actor("dc.clerk")

    first = dossiers.list_dossiers(DossierFilter(), None, 2, actor=clerk, uow=kit.uow)
    second = dossiers.list_dossiers(DossierFilter(), first.next, 2, actor=clerk, uow=kit.uow)

    assert [d.id for d in first.items] == [made[2].id, made[1].id]
    assert first.next == made[1].id
    assert [d.id for d in second.items] == [made[0].id]
    assert second.next is None


def test_a_list_is_filtered_and_searched_without_diacritics(kit: Kit) -> None:
    an = kit.create(nominees=[nominee("Nguyễn Văn Đức")])
    kit.create(nominees=[nominee("Trần Thị Bình")])
    submitted = kit.create()
    kit.submit(submitted.id)
    clerk = kit.actor("dc.clerk")

    def ids(where: DossierFilter) -> list[int]:
        return [
            d.id for d in dossiers.list_dossiers(where, None, 50, actor=clerk, uow=kit.uow).items
        ]

    assert ids(DossierFilter(text="nguyen duc")) == [an.id]
    assert ids(DossierFilter(text="ĐỨC")) == [an.id]
    assert ids(DossierFilter(status="in_review")) == [submitted.id]
    assert ids(DossierFilter(year=THIS_YEAR - 1)) == []
