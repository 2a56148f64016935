"""Which database errors say "the database is down" (503) and which are bugs (500), in failures.py.

The errors are built the way SQLAlchemy builds them around the drivers' own exceptions; the
fault tests in tests/faults/ see the real ones from a PostgreSQL instance they stop.
"""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from psycopg import errors as pg
from sqlalchemy import exc

from service.failures import classify

SELECT = "SELECT 1"


def _operational(orig: Exception, *, statement: str | None = SELECT, **kw: bool) -> exc.DBAPIError:
    return exc.OperationalError(statement, {}, orig, **kw)


def _sqlite(name: str, message: str) -> sqlite3.OperationalError:
    err = sqlite3.OperationalError(message)
    err.sqlite_errorname = name  # type: ignore[attr-defined]  # what sqlite3 sets on its own errors
    return err


DOWN = {
    "connecting is refused": _operational(
        psycopg.OperationalError("connection failed: Connection refused"), statement=None
    ),
    "the server closed the connection mid-statement": _operational(
        psycopg.OperationalError("consuming input failed: server closed the connection")
    ),
    "the server is shutting down": _operational(pg.AdminShutdown("terminating connection")),
    "the server crashed": _operational(pg.CrashShutdown("crash of another server process")),
    "the server is still starting": _operational(pg.CannotConnectNow("starting up")),
    "the connection broke (SQLAlchemy invalidated it)": exc.InterfaceError(
        SELECT, {}, psycopg.InterfaceError("the connection is lost"), connection_invalidated=True
    ),
    "the pool's pre-ping gave up": exc.DisconnectionError("connection is dead"),
    "SQLite cannot open its file": _operational(
        _sqlite("SQLITE_CANTOPEN", "unable to open database file"), statement=None
    ),
}

BUGS = {
    "SQLite has no such table": _operational(_sqlite("SQLITE_ERROR", "no such table: dossiers")),
    "SQLite stayed locked": _operational(_sqlite("SQLITE_BUSY", "database is locked")),
    "a statement timeout cancelled the query": _operational(pg.QueryCanceled("canceling")),
    "a deadlock": _operational(pg.DeadlockDetected("deadlock detected")),
    "a closed cursor was used": exc.InterfaceError(
        SELECT, {}, psycopg.InterfaceError("the cursor is closed")
    ),
    "SQLite was given a parameter it cannot bind": exc.InterfaceError(
        SELECT, {}, sqlite3.InterfaceError("Error binding parameter 1")
    ),
    "a constraint was violated": exc.IntegrityError(SELECT, {}, pg.UniqueViolation("dup")),
    "a table is missing on PostgreSQL": exc.ProgrammingError(SELECT, {}, pg.UndefinedTable("x")),
    "the ORM was misused": exc.InvalidRequestError("no such attribute"),
}


@pytest.mark.parametrize("err", DOWN.values(), ids=DOWN.keys())
def test_an_unreachable_database_is_a_503_to_retry_later_in_vietnamese(err: Exception) -> None:
    failure = classify(err)

    assert failure.status == 503
    assert failure.code == "database_unavailable"
    assert failure.message == "Cơ sở dữ liệu tạm thời không truy cập được; hãy thử lại sau ít phút."
    assert int(failure.headers["Retry-After"]) > 0


@pytest.mark.parametrize("err", BUGS.values(), ids=BUGS.keys())
def test_a_database_error_that_is_not_an_outage_stays_a_500(err: Exception) -> None:
    failure = classify(err)

    assert failure.status == 500
    assert failure.code == "internal_error"
    assert "Retry-After" not in failure.headers
