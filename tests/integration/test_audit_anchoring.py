"""The audit chain anchored outside the database: a rewrite of the whole chain is caught.

Each tampering here leaves a chain that holds together in the database, so the chain check alone
passes it (asserted as ``chain_ok``); the signed checkpoints in the object store catch it and name
the range of events rewritten or removed. Both databases, folder and S3 stores.
"""

from __future__ import annotations

import dataclasses
import io
import json
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.app import create_app
from service.domain.audit import GENESIS, link_hash
from service.domain.checkpoints import PREFIX, encode, sign
from service.settings import Settings
from tests.api.helpers import Login
from tests.conftest import DEMO_PASSWORD, services_of
from tests.integration.test_audit_trail import busy_day, event_ids, sql
from tests.s3server import RcloneS3Server
from tests.web.helpers import web_login

KEY = "an-audit-key-that-lives-outside-the-database"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")  # the default KT_TIMEZONE


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The suite's settings with a key, and checkpoints only when a test asks for one."""
    return dataclasses.replace(settings, audit_key=KEY, audit_checkpoint_seconds=0)


def cli(app: Flask, *args: str) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["audit", *args])
    return result.exit_code, result.output


def checkpoint(app: Flask) -> dict[str, object]:
    """Run ``audit checkpoint``; the checkpoint it printed (one line of JSON)."""
    code, output = cli(app, "checkpoint")
    assert code == 0, output
    return dict(json.loads(output.splitlines()[0]))


def local(cp: dict[str, object]) -> str:
    return f"{datetime.fromisoformat(str(cp['at'])).astimezone(VIETNAM):%d/%m/%Y %H:%M}"


def chain_alone_holds(app: Flask) -> bool:
    """What ``audit verify`` checked before the checkpoints: the chain as the database has it."""
    return services_of(app).verify_audit().chain_ok


def folder(settings: Settings) -> Path:
    return Path(settings.storage_url.removeprefix("file://")) / PREFIX


def rechain_from(app: Flask, seq: int, comment: str) -> None:
    """Edit event ``seq``, then recompute every later hash and the head, as an intruder would."""
    with services_of(app).container.uow() as uow:
        links = list(uow.events.links())
    prev = links[seq - 2].hash if seq > 1 else GENESIS
    for link in links[seq - 1 :]:
        event = dataclasses.replace(link.event, comment=comment) if link.seq == seq else link.event
        digest = link_hash(prev, link.seq, event)
        sql(
            app,
            "UPDATE audit_events SET comment = :c, prev_hash = :p, hash = :h WHERE id = :id",
            c=event.comment,
            p=prev,
            h=digest,
            id=link.id,
        )
        prev = digest
    sql(app, "UPDATE audit_head SET hash = :h", h=prev)


def test_an_anchored_chain_verifies_and_says_how_much_is_after_the_last_checkpoint(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    busy_day(client, as_user)
    cp = checkpoint(app)
    busy_day(client, as_user)

    code, output = cli(app, "verify", "--require-anchor")

    assert code == 0, output
    assert "nguyên vẹn" in output
    assert f"Khớp với điểm neo lúc {local(cp)} (đến sự kiện số {cp['seq']})" in output
    r = client.get("/api/v1/audit/verify", headers=as_user("hn.auditor")).get_json()
    assert r["ok"] is True and r["anchoring"]["state"] == "anchored"
    assert r["anchoring"]["anchor"]["seq"] == cp["seq"]
    assert r["anchoring"]["unanchored_events"] == r["checked"] - cp["seq"] > 0


def test_a_second_checkpoint_is_written_only_once_the_chain_moves(
    app: Flask, client: FlaskClient, as_user: Login, settings: Settings
) -> None:
    busy_day(client, as_user)
    checkpoint(app)
    code, output = cli(app, "checkpoint")
    assert code == 0 and "Không ghi điểm neo mới" in output
    assert len(list(folder(settings).iterdir())) == 1
    busy_day(client, as_user)
    checkpoint(app)
    assert len(list(folder(settings).iterdir())) == 2


def test_cutting_off_the_tail_and_rewinding_the_head_is_caught_after_a_checkpoint(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    busy_day(client, as_user)
    first = checkpoint(app)
    busy_day(client, as_user)
    second = checkpoint(app)
    keep = int(str(first["seq"])) + 3
    sql(app, "DELETE FROM audit_events WHERE seq > :keep", keep=keep)
    sql(
        app,
        "UPDATE audit_head SET seq = :keep, "
        "hash = (SELECT hash FROM audit_events WHERE seq = :keep)",
        keep=keep,
    )
    assert chain_alone_holds(app)

    code, output = cli(app, "verify")

    assert code == 1
    assert "CHUỖI BỊ VIẾT LẠI" in output
    assert (
        f"Các sự kiện số {keep - 2}–{second['seq']} đã bị viết lại hoặc xóa sau điểm neo lúc "
        f"{local(second)}"
    ) in output
    assert f"chuỗi hiện chỉ còn đến sự kiện số {keep}" in output


def test_deleting_every_event_and_resetting_the_head_is_caught_after_a_checkpoint(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    busy_day(client, as_user)
    cp = checkpoint(app)
    sql(app, "DELETE FROM audit_events")
    sql(app, "UPDATE audit_head SET seq = 0, hash = :h", h=GENESIS)
    assert chain_alone_holds(app)

    code, output = cli(app, "verify")

    assert code == 1
    assert f"Các sự kiện số 1–{cp['seq']} đã bị viết lại hoặc xóa" in output
    assert "chuỗi hiện không còn sự kiện nào" in output


def test_an_edit_with_every_later_hash_recomputed_is_caught_on_every_front(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    busy_day(client, as_user)
    first = checkpoint(app)
    busy_day(client, as_user)
    second = checkpoint(app)
    busy_day(client, as_user)
    target = int(str(first["seq"])) + 4
    rechain_from(app, target, "sửa lén")
    assert chain_alone_holds(app)
    expected = f"Các sự kiện số {int(str(first['seq'])) + 1}–{second['seq']}"

    code, output = cli(app, "verify")
    assert code == 1 and expected in output

    r = client.get("/api/v1/audit/verify", headers=as_user("hn.auditor")).get_json()
    assert r["ok"] is False and r["first_broken"] is None and r["reason"] == ""
    (finding,) = r["anchoring"]["findings"]
    assert finding["kind"] == "rewritten"
    assert (finding["first"], finding["last"]) == (int(str(first["seq"])) + 1, second["seq"])

    web_login(client, "hn.auditor")
    html = client.get("/audit").get_data(as_text=True)
    assert expected in html and "Chuỗi bị viết lại" in html
    assert "nguyên vẹn" not in html

    # The rewritten chain is not signed: the evidence stays for the next check.
    code, output = cli(app, "checkpoint")
    assert code == 1 and "Không ghi điểm neo" in output


def test_an_edited_checkpoint_file_is_reported_as_a_bad_signature(
    app: Flask, client: FlaskClient, as_user: Login, settings: Settings
) -> None:
    busy_day(client, as_user)
    checkpoint(app)
    (path,) = folder(settings).iterdir()
    body = json.loads(path.read_bytes())
    body["seq"] -= 3  # to make an earlier rewrite look anchored
    path.write_text(json.dumps(body))

    code, output = cli(app, "verify")

    assert code == 1
    assert f"Điểm neo {PREFIX}{path.name}" in output and "chữ ký không hợp lệ" in output


def test_a_checkpoint_signed_with_another_key_is_reported(
    app: Flask, client: FlaskClient, as_user: Login, settings: Settings
) -> None:
    busy_day(client, as_user)
    real = checkpoint(app)
    forged = sign(b"an-intruder-s-key-not-the-service-s", 5, "f" * 64, datetime.now(VIETNAM))
    (folder(settings) / forged.name.removeprefix(PREFIX)).write_bytes(encode(forged))

    code, output = cli(app, "verify")

    assert code == 1
    assert f"Điểm neo {forged.name} (sự kiện số 5) có chữ ký không hợp lệ" in output
    r = client.get("/api/v1/audit/verify", headers=as_user("hn.auditor")).get_json()
    assert [f["kind"] for f in r["anchoring"]["findings"]] == ["forged"]
    assert r["anchoring"]["anchor"]["seq"] == real["seq"]


def test_without_a_key_nothing_is_signed_and_verify_says_the_chain_is_not_anchored(
    settings: Settings,
) -> None:
    app = create_app(dataclasses.replace(settings, audit_key=""))
    try:
        services_of(app).seed_demo()
        client = app.test_client()
        busy_day(client, _login_for(client))

        code, output = cli(app, "checkpoint")
        assert code == 1 and "chưa đặt KT_AUDIT_KEY" in output
        assert not folder(settings).exists()

        code, output = cli(app, "verify")
        assert code == 0, output  # nothing is known to be wrong ...
        assert "nguyên vẹn" in output
        assert "CẢNH BÁO: Chuỗi chưa được neo" in output and "KT_AUDIT_KEY" in output
        code, output = cli(app, "verify", "--require-anchor")
        assert code == 1  # ... but nothing outside the database vouches for it

        r = client.get("/api/v1/audit/verify", headers=_login_for(client)("hn.auditor"))
        assert r.get_json()["ok"] is True
        assert r.get_json()["anchoring"]["state"] == "no_key"
        web_login(client, "hn.auditor")
        assert "chưa đặt KT_AUDIT_KEY" in client.get("/audit").get_data(as_text=True)
    finally:
        services_of(app).container.db.dispose()


def test_a_state_changing_request_writes_a_checkpoint_at_most_every_few_minutes(
    settings: Settings,
) -> None:
    app = create_app(dataclasses.replace(settings, audit_checkpoint_seconds=300))
    try:
        services_of(app).seed_demo()
        c = services_of(app).container
        now = datetime.now(VIETNAM)
        c.clock = lambda: now
        client = app.test_client()
        as_user = _login_for(client)
        headers = as_user("dc.clerk")  # a POST: the first checkpoint, of the demo's events
        assert len(list(folder(settings).iterdir())) == 1

        busy_day(client, as_user)
        assert len(list(folder(settings).iterdir())) == 1  # within five minutes: none
        client.get("/api/v1/dossiers", headers=headers)

        now += timedelta(minutes=5, seconds=1)
        client.get("/api/v1/dossiers", headers=headers)
        assert len(list(folder(settings).iterdir())) == 1  # reads write nothing
        client.post("/api/v1/dossiers", json={}, headers=headers)  # refused, but a POST
        assert len(list(folder(settings).iterdir())) == 2
        assert cli(app, "verify", "--require-anchor")[0] == 0
    finally:
        services_of(app).container.db.dispose()


def test_checkpoints_go_to_their_own_store_when_one_is_named(settings: Settings) -> None:
    own = Path(settings.storage_url.removeprefix("file://")).parent / "audit-store"
    app = create_app(dataclasses.replace(settings, audit_store_url=f"file://{own}"))
    try:
        services_of(app).seed_demo()
        cp = checkpoint(app)
        assert (own / f"{PREFIX}{int(str(cp['seq'])):012d}").parent.is_dir()
        assert len(list((own / PREFIX).iterdir())) == 1
        assert not folder(settings).exists()
    finally:
        services_of(app).container.db.dispose()


def test_garbage_collection_of_the_store_spares_the_checkpoints(
    app: Flask, client: FlaskClient, as_user: Login, settings: Settings
) -> None:
    busy_day(client, as_user)
    checkpoint(app)
    result = app.test_cli_runner().invoke(args=["storage", "gc", "--min-age-minutes", "0"])
    assert result.exit_code == 0, result.output
    assert len(list(folder(settings).iterdir())) == 1
    assert cli(app, "verify", "--require-anchor")[0] == 0


def test_checkpoints_in_an_s3_bucket_anchor_the_chain_and_an_overwritten_one_is_reported(
    settings: Settings, s3_server: RcloneS3Server
) -> None:
    url = s3_server.url(f"kt-audit-{uuid.uuid4().hex[:12]}")
    app = create_app(dataclasses.replace(settings, audit_store_url=url))
    try:
        services_of(app).seed_demo()
        client = app.test_client()
        busy_day(client, _login_for(client))
        first = checkpoint(app)
        ids = event_ids(app)
        assert cli(app, "verify", "--require-anchor")[0] == 0

        sql(app, "DELETE FROM audit_events WHERE id = :id", id=ids[-1])
        sql(
            app,
            "UPDATE audit_head SET seq = seq - 1, hash = (SELECT hash FROM audit_events "
            "WHERE seq = (SELECT MAX(seq) FROM audit_events))",
        )
        code, output = cli(app, "verify")
        assert code == 1
        assert f"Các sự kiện số 1–{first['seq']} đã bị viết lại hoặc xóa" in output
        assert f"chuỗi hiện chỉ còn đến sự kiện số {int(str(first['seq'])) - 1}" in output

        store = services_of(app).container.audit_store
        (obj,) = store.list(PREFIX)
        forged = sign(b"an-intruder-s-key-not-the-service-s", 1, "f" * 64, datetime.now(VIETNAM))
        store.put(obj.key, io.BytesIO(encode(forged)))
        code, output = cli(app, "verify")
        assert code == 1 and "chữ ký không hợp lệ" in output
    finally:
        services_of(app).container.db.dispose()


def _login_for(client: FlaskClient) -> Login:
    cache: dict[str, dict[str, str]] = {}

    def login(user: str) -> dict[str, str]:
        if user not in cache:
            r = client.post(
                "/api/v1/auth/token", json={"username": user, "password": DEMO_PASSWORD}
            )
            cache[user] = {"Authorization": f"Bearer {r.get_json()['access_token']}"}
        return cache[user]

    return login


def test_a_short_key_is_refused_at_start(settings: Settings) -> None:
    with pytest.raises(ValueError, match="KT_AUDIT_KEY"):
        create_app(dataclasses.replace(settings, audit_key="short"))
