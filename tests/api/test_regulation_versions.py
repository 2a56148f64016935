"""Two admins editing a province's regulation at once: the second write is refused, not lost.

A regulation carries a version; a PUT echoes the one it read (``version`` in the body or an
If-Match header) and gets 409 in Vietnamese when someone wrote in between. A PUT without one
replaces the regulation as before.
"""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import Logins

URL = "/api/v1/orgs/HN/regulation"


def _regulation(name: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "overrides": [
            {
                "award": "CSTDCS",
                "valid_from": "2027-01-01",
                "level": "province",
                "basis": "Quyết định số 01/2027/QĐ-UBND",
            }
        ],
        **extra,
    }


def test_a_stale_write_is_refused_and_a_fresh_one_goes_through(
    client: FlaskClient, as_user: Logins
) -> None:
    admin = as_user("admin")
    assert client.get(URL, headers=admin).get_json()["version"] == 0
    first = client.put(URL, json=_regulation("Quy chế A", version=0), headers=admin)
    assert (first.status_code, first.get_json()["version"]) == (200, 1)

    stale = client.put(URL, json=_regulation("Quy chế B", version=0), headers=admin)
    assert stale.status_code == 409
    assert "vừa được người khác sửa" in stale.get_json()["error"]["message"]
    assert client.get(URL, headers=admin).get_json()["name"] == "Quy chế A"

    fresh = client.put(URL, json=_regulation("Quy chế C"), headers={**admin, "If-Match": '"1"'})
    assert (fresh.status_code, fresh.get_json()["version"]) == (200, 2)
    stale = client.put(URL, json=_regulation("Quy chế D"), headers={**admin, "If-Match": "1"})
    assert stale.status_code == 409
    bad = client.put(URL, json=_regulation("Quy chế E"), headers={**admin, "If-Match": "x"})
    assert bad.status_code == 422
    # Without a version, the write replaces the regulation as it always did.
    blind = client.put(URL, json=_regulation("Quy chế F"), headers=admin)
    assert (blind.status_code, blind.get_json()["version"]) == (200, 3)


def test_of_concurrent_writers_from_one_version_exactly_one_wins(
    app: Flask, client: FlaskClient, as_user: Logins
) -> None:
    admin = as_user("admin")
    assert client.put(URL, json=_regulation("Quy chế gốc"), headers=admin).status_code == 200
    writers = 4
    start = threading.Barrier(writers)
    statuses: list[int] = []

    def write(i: int) -> None:
        own = app.test_client()
        start.wait()
        r = own.put(URL, json=_regulation(f"Quy chế {i}", version=1), headers=admin)
        statuses.append(r.status_code)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(statuses) == [200] + [409] * (writers - 1)
    assert client.get(URL, headers=admin).get_json()["version"] == 2
