"""The fakes keep the promises of the ports they stand for (and of the SQL adapters)."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import timedelta

import pytest

from service.domain.audit import GENESIS, verify
from service.domain.errors import Conflict, NotFound
from service.domain.history import Event
from service.domain.tasks import Task
from service.usecases.ports import ObjectStore, utcnow
from storage.contract import ObjectNotFound, ObjectTooLarge, StorageUnavailable
from tests.fakes import FakeObjectStore, FakeUnitOfWork, IntegrityViolation
from tests.unit.usecases.kit import Kit

NOW = utcnow()


def test_changes_are_seen_by_the_next_transaction_only_once_committed(uow: FakeUnitOfWork) -> None:
    with uow:
        uow.counters.next("x", 2026)
        assert uow.counters.next("x", 2026) == 2  # a transaction reads its own writes
    with uow:
        assert uow.counters.next("x", 2026) == 1  # the first was rolled back
        uow.commit()
    with uow:
        assert uow.counters.next("x", 2026) == 2
    assert uow.committed == 1


def test_leaving_with_an_error_rolls_back(uow: FakeUnitOfWork) -> None:
    with pytest.raises(ZeroDivisionError), uow:
        uow.events.append(Event(NOW, "x", "y"))
        _ = 1 / 0
    # The seeded world's 50 events: 6 orgs, 38 users, 6 signer seats.
    assert uow.world.head == (50, uow.world.events[-1].hash)


def test_work_after_a_commit_in_the_same_block_is_dropped_unless_committed_again(
    uow: FakeUnitOfWork,
) -> None:
    with uow:
        uow.counters.next("x", 2026)
        uow.commit()
        uow.counters.next("x", 2026)
    assert uow.world.counters["x", 2026] == 1


def test_repositories_refuse_to_work_outside_a_transaction_or_in_a_nested_one(
    uow: FakeUnitOfWork,
) -> None:
    with pytest.raises(RuntimeError, match="outside"):
        uow.orgs.all()
    with uow, pytest.raises(RuntimeError, match="inside another"), uow:
        pass


def test_a_forced_commit_failure_rolls_back_and_happens_once(uow: FakeUnitOfWork) -> None:
    uow.fail_commit = Conflict()
    with uow:
        uow.counters.next("x", 2026)
        with pytest.raises(Conflict):
            uow.commit()
    with uow:
        assert uow.counters.next("x", 2026) == 1
        uow.commit()
    assert uow.committed == 1


def test_counters_are_per_scope_and_year(uow: FakeUnitOfWork) -> None:
    with uow:
        got = [uow.counters.next(s, y) for s, y in [("a", 1), ("a", 1), ("a", 2), ("b", 1)]]
    assert got == [1, 2, 1, 1]


def test_a_stale_dossier_cannot_be_saved_and_a_saved_one_moves_its_version(kit: Kit) -> None:
    d = kit.create()
    with kit.uow:
        saved = kit.uow.dossiers.save(replace(d, title="Mới"), NOW)
        assert saved.version == d.version + 1
        with pytest.raises(Conflict):
            kit.uow.dossiers.save(replace(d, title="Cũ"), NOW)
        # What a reader gets is a copy: changing it changes nothing stored.
        kit.uow.dossiers.get(d.id).nominees.clear()
        assert kit.uow.dossiers.get(d.id).nominees


def test_a_task_closes_once(kit: Kit) -> None:
    d = kit.create()
    [task] = kit.open_tasks(d.id)
    clerk = kit.actor("dc.clerk")
    with kit.uow:
        kit.uow.tasks.close(task.id, clerk.user_id, "submit", NOW)
        with pytest.raises(Conflict):
            kit.uow.tasks.close(task.id, clerk.user_id, "submit", NOW)
        with pytest.raises(Conflict):
            kit.uow.tasks.close("nope", clerk.user_id, "submit", NOW)
        assert kit.uow.tasks.get(task.id).status == "completed"


def test_the_database_keys_are_kept(kit: Kit) -> None:
    d = kit.create()
    [task] = kit.open_tasks(d.id)
    with kit.uow:
        with pytest.raises(IntegrityViolation):
            kit.uow.tasks.add(task)
        with pytest.raises(IntegrityViolation):
            kit.uow.tasks.add(replace(task, id="other", org_id=999))
        with pytest.raises(IntegrityViolation):
            kit.uow.orgs.add("HM", "Trùng mã", "district", None, NOW)
        with pytest.raises(IntegrityViolation):
            kit.uow.users.add("dc.clerk", "", "h", [], NOW)
        with pytest.raises(NotFound):
            kit.uow.tasks.get("nope")


def test_a_new_task_is_open_whatever_it_says(kit: Kit) -> None:
    d = kit.create()
    [task] = kit.open_tasks(d.id)
    with kit.uow:
        kit.uow.tasks.add(replace(task, id="t2", status="completed", org_code="??"))
        added = kit.uow.tasks.get("t2")
    assert (added.status, added.org_code) == ("open", "HM-DC")
    assert isinstance(added, Task)


def test_chains_walk_up_and_subtrees_walk_down(uow: FakeUnitOfWork) -> None:
    with uow:
        dc = uow.orgs.by_code("HM-DC")
        hm = uow.orgs.by_code("HM")
        assert dc is not None and hm is not None
        assert [u.code for u in uow.orgs.chain(dc.id)] == ["HM-DC", "HM", "HN"]
        codes = {uow.orgs.get(i).code for i in uow.orgs.subtree_ids([hm.id, 999])}
        assert codes == {"HM", "HM-DC", "HM-TM"}
        assert uow.orgs.subtree_ids([]) == set()


def test_events_are_hash_chained_from_genesis(uow: FakeUnitOfWork) -> None:
    fresh = FakeUnitOfWork()
    with fresh:
        assert fresh.events.head() == (0, GENESIS)
        fresh.events.append(Event(NOW, "a", "one"))
        fresh.events.append(Event(NOW, "b", "two"))
        links = list(fresh.events.links())
        assert links[0].prev_hash == GENESIS
        assert links[1].prev_hash == links[0].hash
        assert verify(links, fresh.events.head()).ok


def test_the_store_keeps_bytes_and_their_sha256() -> None:
    store = FakeObjectStore()
    assert isinstance(store, ObjectStore)
    info = store.put("a/b", io.BytesIO(b"hello"), content_type="text/plain", max_size=5)
    assert (info.size, info.content_type) == (5, "text/plain")
    assert info.sha256 == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
    assert store.open("a/b").read_all() == b"hello"
    assert [o.key for o in store.list("a/")] == ["a/b"]
    assert store.presign_get("a/b", timedelta(minutes=1)) is None
    store.delete("a/b")
    store.delete("a/b")  # deleting a missing key is no error
    with pytest.raises(ObjectNotFound):
        store.open("a/b")


def test_the_store_refuses_what_the_contract_refuses() -> None:
    store = FakeObjectStore()
    with pytest.raises(ObjectTooLarge):
        store.put("a/b", io.BytesIO(b"hello!"), max_size=5)
    assert store.objects == {}
    with pytest.raises(ValueError):
        store.put("../escape", io.BytesIO(b""))
    store.down = True
    with pytest.raises(ValueError):
        store.open("bad key")  # validated before the store is asked
    for call in (
        lambda: store.put("a/b", io.BytesIO(b"x")),
        lambda: store.open("a/b"),
        lambda: store.delete("a/b"),
        lambda: store.list(""),
    ):
        with pytest.raises(StorageUnavailable):
            call()
