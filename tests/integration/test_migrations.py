"""The migrations build exactly the schema the code declares, on SQLite and on PostgreSQL, and
carry the data over."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import inspect, text

from service.adapters.database import make_engine
from service.adapters.migrations import alembic_config, upgrade
from service.adapters.tables import Base
from tests.api.helpers import create, dossier_body, file_parts
from tests.conftest import Logins, services_of


def test_the_migrated_schema_matches_the_models(app: Flask) -> None:
    with services_of(app).container.db.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_an_upload_from_before_templates_per_unit_becomes_the_root_unit_s(
    database_url: str,
) -> None:
    engine = make_engine(database_url)
    config = alembic_config(engine)
    at = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    try:
        command.downgrade(config, "0006")
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO levels (code, name, rank) VALUES ('p', 'Tỉnh', 0)"))
            conn.execute(text("INSERT INTO levels (code, name, rank) VALUES ('d', 'Huyện', 1)"))
            for code, level, parent in (("HN", "p", None), ("HM", "d", "HN")):
                conn.execute(
                    text(
                        "INSERT INTO org_units (code, name, level, parent_id, active, created_at) "
                        "VALUES (:code, :code, :level, "
                        "(SELECT id FROM org_units WHERE code = :parent), true, :at)"
                    ).bindparams(code=code, level=level, parent=parent, at=at)
                )
            conn.execute(
                text(
                    "INSERT INTO decision_templates "
                    "(name, content, sha256, uploaded_by, uploaded_at) "
                    "VALUES ('giay_khen', :content, 'abc', 'admin', :at)"
                ).bindparams(content=b"PK old upload", at=at)
            )

        upgrade(engine)

        with engine.begin() as conn:
            rows = conn.execute(
                text(
                    "SELECT t.name, o.code, t.content, t.uploaded_by FROM decision_templates t "
                    "JOIN org_units o ON o.id = t.org_id"
                )
            ).all()
            assert [tuple(r) for r in rows] == [("giay_khen", "HN", b"PK old upload", "admin")]
            conn.execute(
                text(
                    "INSERT INTO decision_templates "
                    "(name, org_id, content, sha256, uploaded_by, uploaded_at) "
                    "SELECT 'giay_khen', id, :content, 'def', 'hm.admin', :at "
                    "FROM org_units WHERE code = 'HM'"
                ).bindparams(content=b"PK hoang mai", at=at)
            )

        # Down again, the one template for everyone is the root's.
        command.downgrade(config, "0006")
        with engine.begin() as conn:
            rows = conn.execute(text("SELECT name, content FROM decision_templates")).all()
            assert [tuple(r) for r in rows] == [("giay_khen", b"PK old upload")]
    finally:
        upgrade(engine)
        with engine.begin() as conn:
            for table in ("decision_templates", "org_units", "levels"):
                conn.execute(text(f"DELETE FROM {table}"))
        engine.dispose()


def test_nominees_from_before_name_keys_get_theirs_and_warnings_find_them(
    app: Flask, client: FlaskClient, as_user: Logins
) -> None:
    first = create(client, as_user)
    second = create(client, as_user, nominees=[_nominee("  NGUYỄN  văn an ")])
    engine = services_of(app).container.db
    config = alembic_config(engine)
    engine.dispose()
    command.downgrade(config, "0007")
    with engine.begin() as conn:
        assert "name_key" not in {c["name"] for c in inspect(conn).get_columns("nominees")}

    upgrade(engine)

    with engine.begin() as conn:
        keys = conn.execute(text("SELECT name_key FROM nominees ORDER BY id")).scalars().all()
    assert keys == ["nguyễn văn an", "nguyễn văn an"]
    got = client.get(f"/api/v1/dossiers/{second['id']}", headers=as_user("dc.clerk")).get_json()
    assert [w["dossier_id"] for w in got["warnings"]] == [first["id"]]


def test_awards_from_before_kinds_keep_their_kind_and_price_and_their_dossiers(
    app: Flask, client: FlaskClient, as_user: Logins
) -> None:
    dossier = create(client, as_user)
    engine = services_of(app).container.db
    config = alembic_config(engine)
    engine.dispose()
    command.downgrade(config, "0008")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO awards (code, name, kind, level, family, prize_multiple, verb, "
                "decision_title) VALUES ('OLD_TT', 'Giấy khen (tập thể)', 'collective', 'ward', "
                "'giay_khen', 0.3, 'Tặng', '')"
            )
        )

    upgrade(engine)

    with engine.begin() as conn:
        rows = conn.execute(
            text("SELECT code, kinds, kind_factors, alias_of FROM awards WHERE code = 'OLD_TT'")
        ).all()
        columns = {c["name"] for c in inspect(conn).get_columns("awards")}
    [(code, kinds, factors, alias_of)] = [tuple(r) for r in rows]
    decode = lambda v: json.loads(v) if isinstance(v, str) else v  # noqa: E731
    assert (code, decode(kinds), decode(factors), alias_of) == (
        "OLD_TT",
        ["collective"],
        {"collective": "2"},  # doubled, as the code did before (NĐ 152 Art. 54(2))
        None,
    )
    assert "kind" not in columns
    got = client.get(f"/api/v1/dossiers/{dossier['id']}", headers=as_user("dc.clerk"))
    assert got.status_code == 200


def test_awards_and_roots_from_before_rulebooks_per_root_follow_the_installation_s(
    app: Flask, client: FlaskClient, as_user: Logins
) -> None:
    dossier = create(client, as_user)
    regulation = {"name": "Quy chế", "overrides": []}
    put = client.put("/api/v1/orgs/HN/regulation", json=regulation, headers=as_user("admin"))
    assert put.status_code == 200
    engine = services_of(app).container.db
    config = alembic_config(engine)
    engine.dispose()
    command.downgrade(config, "0011")
    with engine.begin() as conn:
        assert "rulebook" not in {c["name"] for c in inspect(conn).get_columns("org_units")}
        codes = set(conn.execute(text("SELECT code FROM awards")).scalars())

    upgrade(engine)

    with engine.begin() as conn:
        rows = conn.execute(text("SELECT rulebook, code FROM rulebook_awards")).all()
        roots = conn.execute(text("SELECT rulebook FROM org_units WHERE code = 'HN'")).scalars()
        versions = conn.execute(text("SELECT version FROM regulations")).scalars().all()
    assert {tuple(r) for r in rows} == {("three_tier_nd98", c) for c in codes}
    assert list(roots) == [None] and versions == [1]
    orgs = client.get("/api/v1/orgs", headers=as_user("admin")).get_json()["items"]
    assert next(o for o in orgs if o["code"] == "HN")["rulebook"] == "three_tier_nd98"
    # Back to 0011 lost the proposal fields of 0015: the clerk types them again to submit.
    edit = dossier_body(version=_dossier(client, as_user, dossier["id"])["version"])
    edited = client.put(f"/api/v1/dossiers/{dossier['id']}", json=edit, headers=as_user("dc.clerk"))
    assert edited.status_code == 200, edited.get_json()
    file_parts(client, as_user, dossier["id"])
    submitted = client.post(f"/api/v1/dossiers/{dossier['id']}/submit", headers=as_user("dc.clerk"))
    assert submitted.status_code == 200, submitted.get_json()


def test_dossiers_from_before_proposal_fields_read_without_them_and_must_be_given_them_to_submit(
    app: Flask, client: FlaskClient, as_user: Logins
) -> None:
    dossier = create(client, as_user, award="GK_HUYEN")
    engine = services_of(app).container.db
    config = alembic_config(engine)
    engine.dispose()
    command.downgrade(config, "0013")
    with engine.begin() as conn:
        assert "proposal_number" not in {c["name"] for c in inspect(conn).get_columns("dossiers")}
        assert "reason" not in {c["name"] for c in inspect(conn).get_columns("nominees")}

    upgrade(engine)

    got = _dossier(client, as_user, dossier["id"])
    assert (got["proposal"], got["period"], got["reason"]) == (None, None, "")
    assert got["nominees"][0]["full_name"] == "Nguyễn Văn An"
    file_parts(client, as_user, dossier["id"])
    refused = client.post(f"/api/v1/dossiers/{dossier['id']}/submit", headers=as_user("dc.clerk"))
    assert refused.status_code == 422
    assert set(refused.get_json()["error"]["fields"]) == {"proposal", "period"}


def _dossier(client: FlaskClient, as_user: Logins, dossier_id: int) -> dict:  # type: ignore[type-arg]
    r = client.get(f"/api/v1/dossiers/{dossier_id}", headers=as_user("dc.clerk"))
    assert r.status_code == 200
    return r.get_json()  # type: ignore[no-any-return]


def _json(value: object) -> object:
    """A JSON column as read by plain SQL: text on SQLite, already decoded on PostgreSQL."""
    return json.loads(value) if isinstance(value, str) else value


def _nominee(name: str) -> dict[str, str]:
    return {"full_name": name, "kind": "individual", "unit": "UBND phường Định Công"}
