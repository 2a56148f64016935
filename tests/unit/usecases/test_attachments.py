"""Attaching files to dossiers and keeping the store honest (service/usecases/attachments.py)."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta

import pytest

from service.domain.attachments import Attachment, DuplicateAttachment, EmptyFile
from service.domain.errors import Conflict, Forbidden, Invalid, NotFound, UnsupportedType
from service.usecases import attachments
from storage.contract import ObjectTooLarge, StorageUnavailable
from tests.fakes import PDF, fake_detect
from tests.unit.usecases.kit import MAX_UPLOAD, PDF_BYTES, Kit


def add(
    kit: Kit,
    dossier_id: int,
    content: bytes = PDF_BYTES,
    *,
    clerk: str = "dc.clerk",
    kind: str | None = "proposal",
    filename: str | None = "Tờ trình.pdf",
) -> Attachment:
    return attachments.add_attachment(
        dossier_id,
        kind,
        filename,
        io.BytesIO(content),
        actor=kit.actor(clerk),
        uow=kit.uow,
        store=kit.store,
        detect=fake_detect,
        max_size=MAX_UPLOAD,
    )


def test_a_clerk_attaches_a_pdf_to_a_draft(kit: Kit) -> None:
    d = kit.create()

    a = add(kit, d.id, filename="C:\\scans\\Biên bản họp.pdf")

    assert (a.filename, a.size, a.content_type, a.sealed) == (
        "Biên bản họp.pdf",
        len(PDF_BYTES),
        PDF,
        False,
    )
    assert a.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert a.object_key == f"dossiers/{d.id}/attachments/{a.id}"
    assert kit.store.objects[a.object_key].content == PDF_BYTES
    added = kit.events(d.id)[-1]
    assert added.action == "attachment_added"
    assert a.sha256 in added.comment
    listed = attachments.list_attachments(d.id, actor=kit.actor("dc.approver"), uow=kit.uow)
    assert listed == [a]
    with pytest.raises(NotFound):  # a draft's files stay at home, as the draft does
        attachments.list_attachments(d.id, actor=kit.actor("hm.approver"), uow=kit.uow)


def test_a_file_of_a_type_not_accepted_is_refused_and_nothing_is_stored(kit: Kit) -> None:
    d = kit.create()
    before = kit.uow.committed

    with pytest.raises(UnsupportedType):
        add(kit, d.id, b"MZ\x90\x00 an executable", filename="virus.pdf")

    assert kit.store.objects == {}
    assert kit.uow.committed == before


def test_an_empty_file_is_refused_as_empty_and_nothing_is_stored(kit: Kit) -> None:
    d = kit.create()
    before = kit.uow.committed

    with pytest.raises(EmptyFile, match="Tệp rỗng"):
        add(kit, d.id, b"", filename="Tờ trình.pdf")

    assert kit.store.objects == {}
    assert kit.uow.committed == before


def test_a_pdf_named_exe_is_kept_as_pdf_and_the_event_says_what_it_was_sent_as(kit: Kit) -> None:
    d = kit.create()

    a = add(kit, d.id, filename="fake.exe")

    assert (a.filename, a.content_type) == ("fake.pdf", PDF)
    assert kit.events(d.id)[-1].comment.endswith("gửi lên với tên fake.exe")


def test_the_same_bytes_again_are_refused_naming_the_first_and_the_copy_is_not_kept(
    kit: Kit,
) -> None:
    d = kit.create()
    first = add(kit, d.id, filename="Tờ trình.pdf")
    events = len(kit.events(d.id))

    with pytest.raises(DuplicateAttachment, match=r"«Tờ trình\.pdf»"):
        add(kit, d.id, filename="Tờ trình (bản sao).pdf", kind="other")

    assert list(kit.store.objects) == [first.object_key]
    assert len(kit.events(d.id)) == events
    other = kit.create()
    assert add(kit, other.id).sha256 == first.sha256  # another dossier may hold the same file


def test_a_file_larger_than_the_limit_is_refused_and_nothing_is_stored(kit: Kit) -> None:
    d = kit.create()
    before = kit.uow.committed

    with pytest.raises(ObjectTooLarge):
        add(kit, d.id, b"%PDF-" + b"x" * MAX_UPLOAD)

    assert kit.store.objects == {}
    assert kit.uow.committed == before
    assert add(kit, d.id, b"%PDF-" + b"x" * (MAX_UPLOAD - 5)).size == MAX_UPLOAD


def test_an_unknown_kind_is_refused(kit: Kit) -> None:
    d = kit.create()
    with pytest.raises(Invalid) as refused:
        add(kit, d.id, kind="selfie")
    assert "kind" in refused.value.fields
    assert kit.store.objects == {}


def test_with_the_store_down_the_upload_fails_and_nothing_is_recorded(kit: Kit) -> None:
    d = kit.create()
    kit.store.down = True
    before = kit.uow.committed

    with pytest.raises(StorageUnavailable):
        add(kit, d.id)

    assert kit.uow.committed == before
    assert kit.uow.world.attachments == {}
    assert kit.actions(d.id) == ["created"]


def test_if_recording_fails_the_stored_bytes_are_removed(kit: Kit) -> None:
    d = kit.create()
    kit.uow.fail_commit = Conflict()

    with pytest.raises(Conflict):
        add(kit, d.id)

    assert kit.store.objects == {}
    assert kit.uow.world.attachments == {}


@pytest.mark.parametrize(
    ("username", "refusal"), [("tm.clerk", NotFound), ("dc.approver", Forbidden)]
)
def test_only_the_dossiers_clerk_attaches_files(
    kit: Kit, username: str, refusal: type[Exception]
) -> None:
    d = kit.create()
    with pytest.raises(refusal):
        add(kit, d.id, clerk=username)
    assert kit.store.objects == {}


def test_attachments_are_sealed_when_the_dossier_is_submitted(kit: Kit) -> None:
    d = kit.create()
    a = add(kit, d.id)

    kit.submit(d.id)

    [sealed] = attachments.list_attachments(d.id, actor=kit.actor("dc.clerk"), uow=kit.uow)
    assert sealed.id == a.id
    assert sealed.sealed
    with pytest.raises(Conflict, match="đã trình"):
        add(kit, d.id)


def test_a_clerk_removes_an_unsealed_attachment(kit: Kit) -> None:
    d = kit.create()
    a = add(kit, d.id)

    attachments.delete_attachment(
        d.id, a.id, actor=kit.actor("dc.clerk"), uow=kit.uow, store=kit.store
    )

    assert attachments.list_attachments(d.id, actor=kit.actor("dc.clerk"), uow=kit.uow) == []
    assert a.object_key not in kit.store.objects
    assert kit.actions(d.id)[-1] == "attachment_removed"


def test_with_the_store_down_removing_an_attachment_fails_and_changes_nothing(kit: Kit) -> None:
    d = kit.create()
    a = add(kit, d.id)
    before = kit.uow.committed
    kit.store.down = True

    with pytest.raises(StorageUnavailable):
        attachments.delete_attachment(
            d.id, a.id, actor=kit.actor("dc.clerk"), uow=kit.uow, store=kit.store
        )

    assert kit.uow.committed == before
    assert kit.actions(d.id)[-1] == "attachment_added"
    kit.store.down = False
    assert attachments.list_attachments(d.id, actor=kit.actor("dc.clerk"), uow=kit.uow) == [a]
    assert a.object_key in kit.store.objects


def test_if_the_store_fails_after_the_removal_committed_it_succeeds_and_gc_takes_the_bytes(
    kit: Kit, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = kit.create()
    a = add(kit, d.id)

    def store_went_down(key: str) -> None:
        raise StorageUnavailable("the store went down after answering")

    with monkeypatch.context() as patched:
        patched.setattr(kit.store, "delete", store_went_down)
        attachments.delete_attachment(
            d.id, a.id, actor=kit.actor("dc.clerk"), uow=kit.uow, store=kit.store
        )

    assert attachments.list_attachments(d.id, actor=kit.actor("dc.clerk"), uow=kit.uow) == []
    assert kit.actions(d.id)[-1] == "attachment_removed"
    assert a.object_key in kit.store.objects  # an orphan now
    kit.clock.advance(timedelta(hours=2))
    swept = attachments.collect_garbage(
        uow=kit.uow, store=kit.store, older_than=timedelta(hours=1), clock=kit.clock
    )
    assert swept == [a.object_key]
    assert kit.store.objects == {}


def test_an_attachment_whose_bytes_are_already_gone_can_still_be_removed(kit: Kit) -> None:
    d = kit.create()
    a = add(kit, d.id)
    kit.store.delete(a.object_key)

    attachments.delete_attachment(
        d.id, a.id, actor=kit.actor("dc.clerk"), uow=kit.uow, store=kit.store
    )

    assert attachments.list_attachments(d.id, actor=kit.actor("dc.clerk"), uow=kit.uow) == []
    assert kit.actions(d.id)[-1] == "attachment_removed"


def test_a_sealed_attachment_cannot_be_removed_but_a_new_version_can_join_it(kit: Kit) -> None:
    d = kit.create()
    sealed = add(kit, d.id)
    kit.submit(d.id)
    kit.act(d.id, "return", "dc.officer", "Bổ sung bản có chữ ký")
    before = kit.uow.committed

    with pytest.raises(Conflict, match="không xóa được"):
        attachments.delete_attachment(
            d.id, sealed.id, actor=kit.actor("dc.clerk"), uow=kit.uow, store=kit.store
        )
    assert kit.uow.committed == before
    assert sealed.object_key in kit.store.objects

    newer = add(kit, d.id, b"%PDF-1.7 signed")
    listed = attachments.list_attachments(d.id, actor=kit.actor("dc.clerk"), uow=kit.uow)
    assert [(x.id, x.sealed) for x in listed] == [(sealed.id, True), (newer.id, False)]


def test_an_attachment_of_another_dossier_is_not_found(kit: Kit) -> None:
    d, other = kit.create(), kit.create()
    a = add(kit, d.id)
    clerk = kit.actor("dc.clerk")

    with pytest.raises(NotFound):
        attachments.open_attachment(
            other.id, a.id, actor=clerk, uow=kit.uow, store=kit.store, presign_for=None
        )
    with pytest.raises(NotFound):
        attachments.delete_attachment(other.id, a.id, actor=clerk, uow=kit.uow, store=kit.store)


def test_a_download_streams_the_bytes_when_the_store_cannot_presign(kit: Kit) -> None:
    d = kit.create()
    a = add(kit, d.id)

    download = attachments.open_attachment(
        d.id,
        a.id,
        actor=kit.actor("hn.auditor"),
        uow=kit.uow,
        store=kit.store,
        presign_for=timedelta(minutes=5),
    )

    assert download.url is None
    assert download.stream is not None
    assert download.stream.read_all() == PDF_BYTES
    assert kit.store.open_streams == 0


def test_outsiders_cannot_download(kit: Kit) -> None:
    d = kit.create()
    a = add(kit, d.id)
    with pytest.raises(NotFound):
        attachments.open_attachment(
            d.id,
            a.id,
            actor=kit.actor("cg.auditor"),
            uow=kit.uow,
            store=kit.store,
            presign_for=None,
        )


def test_garbage_collection_removes_old_objects_nobody_references(kit: Kit) -> None:
    d = kit.create()
    kit.clock.advance(timedelta(hours=-2))  # a crash two hours ago left these behind
    kept = add(kit, d.id)
    kit.store.put("dossiers/1/attachments/orphan", io.BytesIO(b"left by a crash"))
    kit.store.put("decisions/HN/2026/00099.docx", io.BytesIO(b"left by a crash"))
    kit.store.put("elsewhere/file", io.BytesIO(b"not ours"))
    kit.clock.advance(timedelta(hours=2))
    kit.store.put("dossiers/1/attachments/in-flight", io.BytesIO(b"being uploaded"))

    removed = attachments.collect_garbage(
        uow=kit.uow, store=kit.store, older_than=timedelta(hours=1)
    )

    assert sorted(removed) == ["decisions/HN/2026/00099.docx", "dossiers/1/attachments/orphan"]
    assert set(kit.store.objects) == {
        "dossiers/1/attachments/in-flight",
        kept.object_key,
        "elsewhere/file",
    }


def test_garbage_collection_removes_what_uploads_killed_long_ago_left_and_spares_the_rest(
    kit: Kit,
) -> None:
    now = kit.clock()
    kit.store.incomplete = {
        "dossiers/1/attachments/a/.tmp-killed": now - timedelta(hours=2),
        "decisions/HN/2026/00099.docx (multipart upload 7)": now - timedelta(hours=2),
        "dossiers/1/attachments/b/.tmp-running": now - timedelta(minutes=5),
        "elsewhere/.tmp-not-ours": now - timedelta(hours=2),
    }

    removed = attachments.collect_incomplete_uploads(
        store=kit.store, older_than=timedelta(hours=1), clock=kit.clock
    )

    assert sorted(removed) == [
        "decisions/HN/2026/00099.docx (multipart upload 7)",
        "dossiers/1/attachments/a/.tmp-killed",
    ]
    assert set(kit.store.incomplete) == {
        "dossiers/1/attachments/b/.tmp-running",
        "elsewhere/.tmp-not-ours",
    }


def test_verification_finds_missing_and_altered_objects(kit: Kit) -> None:
    d = kit.create()
    intact, altered, missing = (add(kit, d.id, PDF_BYTES + bytes([i])) for i in range(3))
    kit.store.put(altered.object_key, io.BytesIO(b"%PDF- changed behind our back"))
    kit.store.delete(missing.object_key)

    checked, problems = attachments.verify_objects(uow=kit.uow, store=kit.store)

    assert checked == 3
    assert sorted((p.attachment.id, p.issue) for p in problems) == sorted(
        [(altered.id, "altered"), (missing.id, "missing")]
    )
    assert intact.id not in {p.attachment.id for p in problems}
    assert kit.store.open_streams == 0
