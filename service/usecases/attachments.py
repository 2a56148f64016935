"""Attaching files to dossiers, reading them back, removing them, and keeping the store honest.

Uploads never hold a database transaction open: the first transaction checks that the clerk may
still change the dossier; the bytes then stream into the object store; a second transaction checks
again and records the row with its audit event. If that second transaction fails, the object is
removed, so the store never keeps bytes the database does not know (``gc`` sweeps what a crash
leaves behind). An empty file is refused before anything is stored; a file the dossier already
holds (same SHA-256) is refused in the second transaction, under the dossier's lock, and its
object removed like any other refused upload. A file is kept under a name whose extension matches
its detected type. Removal is the mirror image: the store must answer before the row goes, and
bytes a failure leaves after the commit are swept by ``gc`` too.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import IO

from service.domain import permissions
from service.domain.attachments import (
    Attachment,
    clean_filename,
    name_for_type,
    object_key,
    require_new_content,
    require_not_empty,
)
from service.domain.checklists import Checklist, parse_part
from service.domain.dossiers import Dossier
from service.domain.errors import Conflict, UnsupportedType
from service.domain.history import Event
from service.domain.permissions import Actor
from service.usecases.guards import require_editable
from service.usecases.ports import (
    Clock,
    DecisionOffice,
    ObjectStore,
    ObjectStream,
    UnitOfWork,
    utcnow,
)
from service.usecases.rules import pinned_rulebook
from storage.contract import ObjectNotFound, StorageError

Detector = Callable[[IO[bytes]], str | None]


def add_attachment(
    dossier_id: int,
    kind: str | None,
    filename: str | None,
    stream: IO[bytes],
    *,
    actor: Actor,
    uow: UnitOfWork,
    store: ObjectStore,
    office: DecisionOffice,
    detect: Detector,
    max_size: int,
    clock: Clock = utcnow,
    nominee_id: str | int | None = None,
) -> Attachment:
    """File one part of the dossier: ``kind`` a checklist kind of its award (or an old kind),
    ``nominee_id`` the nominee a per-nominee part is for."""
    sent = clean_filename(filename)
    with uow:
        dossier = uow.dossiers.get(dossier_id)
        require_editable(uow, actor, dossier)
        parse_part(kind, nominee_id, checklist_of(uow, office, dossier), dossier.nominees)
    require_not_empty(_size(stream))
    content_type = detect(stream)
    if content_type is None:
        raise UnsupportedType()
    name = name_for_type(sent, content_type)
    attachment_id = str(uuid.uuid4())
    key = object_key(dossier_id, attachment_id)
    info = store.put(key, stream, content_type=content_type, max_size=max_size)
    try:
        with uow:
            dossier = uow.dossiers.get(dossier_id, lock=True)
            require_editable(uow, actor, dossier)
            # Again under the lock: the nominee may have left the dossier meanwhile.
            checklist = checklist_of(uow, office, dossier)
            part, nominee = parse_part(kind, nominee_id, checklist, dossier.nominees)
            assert info.sha256 is not None  # put always hashes what it stores
            # Under the dossier's lock, so two uploads of one file at once cannot both pass.
            require_new_content(info.sha256, uow.attachments.for_dossier(dossier_id))
            now = clock()
            attachment = Attachment(
                attachment_id,
                dossier_id,
                part,
                name,
                info.size,
                info.sha256,
                content_type,
                key,
                now,
                actor.username,
                False,
                nominee,
            )
            uow.attachments.add(attachment)
            uow.events.append(
                Event.of(
                    now,
                    actor,
                    "attachment_added",
                    dossier=dossier,
                    comment=f"{name} ({info.size} B, sha256 {info.sha256})"
                    + (f"; gửi lên với tên {sent}" if sent != name else ""),
                )
            )
            uow.commit()
            return attachment
    except BaseException:
        forget_object(store, key)
        raise


def checklist_of(uow: UnitOfWork, office: DecisionOffice, dossier: Dossier) -> Checklist:
    """The checklist of the dossier's award in its pinned rulebook (empty if the award is gone)."""
    book = pinned_rulebook(dossier)
    award = uow.awards.get(dossier.award, book)
    return office.checklist_for(award, book) if award is not None else ()


def _size(stream: IO[bytes]) -> int:
    """The stream's length (uploads arrive spooled, so seekable), leaving it at position 0."""
    size = stream.seek(0, io.SEEK_END)
    stream.seek(0)
    return size


def forget_object(store: ObjectStore, key: str) -> None:
    """Remove an object whose record did not commit; if the store is down, gc removes it later."""
    with contextlib.suppress(StorageError):
        store.delete(key)


def require_can_attach(dossier_id: int, *, actor: Actor, uow: UnitOfWork) -> None:
    """Whether the actor may add files now; worth asking before a large body is read."""
    with uow:
        require_editable(uow, actor, uow.dossiers.get(dossier_id))


def list_attachments(dossier_id: int, *, actor: Actor, uow: UnitOfWork) -> list[Attachment]:
    with uow:
        dossier = uow.dossiers.get(dossier_id)
        permissions.require_can_see(
            actor, uow.orgs.chain(dossier.org_id), submitted=dossier.submitted
        )
        return uow.attachments.for_dossier(dossier_id)


@dataclass(frozen=True)
class Download:
    attachment: Attachment
    url: str | None
    stream: ObjectStream | None


def open_attachment(
    dossier_id: int,
    attachment_id: str,
    *,
    actor: Actor,
    uow: UnitOfWork,
    store: ObjectStore,
    presign_for: timedelta | None,
) -> Download:
    """A presigned URL when asked for and the store can make one; otherwise a byte stream."""
    with uow:
        dossier = uow.dossiers.get(dossier_id)
        permissions.require_can_see(
            actor, uow.orgs.chain(dossier.org_id), submitted=dossier.submitted
        )
        a = uow.attachments.get(dossier_id, attachment_id)
    if presign_for is not None:
        url = store.presign_get(a.object_key, presign_for, a.download_name(), a.content_type)
        if url is not None:
            return Download(a, url, None)
    return Download(a, None, store.open(a.object_key))


def delete_attachment(
    dossier_id: int,
    attachment_id: str,
    *,
    actor: Actor,
    uow: UnitOfWork,
    store: ObjectStore,
    clock: Clock = utcnow,
) -> None:
    """Remove an unsealed attachment: its row and its audit event, then its bytes.

    The store is asked first, outside any transaction: while it is down this raises
    StorageUnavailable and nothing changes (the row stays, no event is written). Should it fail
    after that, once the removal has committed, the attachment is gone as the caller is told and
    its bytes are an orphan that ``storage gc`` removes.
    """
    with uow:
        a = _removable(uow, actor, uow.dossiers.get(dossier_id), attachment_id)
    _require_reachable(store, a.object_key)
    with uow:
        dossier = uow.dossiers.get(dossier_id, lock=True)
        a = _removable(uow, actor, dossier, attachment_id)  # again, under the lock
        uow.attachments.remove(a.id)
        uow.events.append(
            Event.of(
                clock(),
                actor,
                "attachment_removed",
                dossier=dossier,
                comment=f"{a.filename} (sha256 {a.sha256})",
            )
        )
        uow.commit()
    forget_object(store, a.object_key)


def _removable(uow: UnitOfWork, actor: Actor, dossier: Dossier, attachment_id: str) -> Attachment:
    require_editable(uow, actor, dossier)
    a = uow.attachments.get(dossier.id, attachment_id)
    if a.sealed:
        raise Conflict(
            "Tài liệu đã nộp cùng hồ sơ được giữ lại để đối chiếu, không xóa được; "
            "hãy tải lên bản mới."
        )
    return a


def _require_reachable(store: ObjectStore, key: str) -> None:
    """Raise StorageUnavailable unless the store answers; a missing object is no obstacle."""
    with contextlib.suppress(ObjectNotFound):
        store.stat(key)


GC_PREFIXES = ("dossiers/", "decisions/")


def collect_garbage(
    *, uow: UnitOfWork, store: ObjectStore, older_than: timedelta, clock: Clock = utcnow
) -> list[str]:
    """Remove objects no row references and older than ``older_than`` (spares uploads in flight)."""
    cutoff: datetime = clock() - older_than
    candidates = [o for p in GC_PREFIXES for o in store.list(p) if o.last_modified < cutoff]
    with uow:
        known = uow.attachments.known_keys() | uow.decisions.known_keys()
    removed = []
    for obj in candidates:
        if obj.key not in known:
            store.delete(obj.key)
            removed.append(obj.key)
    return removed


def collect_incomplete_uploads(
    *, store: ObjectStore, older_than: timedelta, clock: Clock = utcnow
) -> list[str]:
    """Remove what interrupted uploads left in the store (a killed process's temporary file or
    multipart upload) begun more than ``older_than`` ago: the age ``collect_garbage`` spares."""
    cutoff = clock() - older_than
    return [item for p in GC_PREFIXES for item in store.remove_incomplete(p, cutoff)]


@dataclass(frozen=True)
class Problem:
    attachment: Attachment
    issue: str  # "missing" or "altered"


def verify_objects(*, uow: UnitOfWork, store: ObjectStore) -> tuple[int, list[Problem]]:
    """Re-hash every stored attachment and compare it with the checksum taken at upload."""
    with uow:
        attachments = list(uow.attachments.all())
    problems = []
    for a in attachments:
        try:
            with store.open(a.object_key) as chunks:
                digest = hashlib.sha256()
                for chunk in chunks:
                    digest.update(chunk)
        except ObjectNotFound:
            problems.append(Problem(a, "missing"))
            continue
        if digest.hexdigest() != a.sha256:
            problems.append(Problem(a, "altered"))
    return len(attachments), problems
