"""Settings come from KT_-prefixed environment variables, typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.settings import Settings


def test_settings_are_read_from_prefixed_variables_and_typed() -> None:
    s = Settings.from_env(
        {
            "KT_DATABASE_URL": "postgresql+psycopg://u@h/db",
            "KT_TOKEN_TTL_HOURS": "1.5",
            "KT_PAGE_SIZE": "20",
            "KT_WORKFLOWS_DIR": "/srv/flows",
            "DATABASE_URL": "ignored-without-prefix",
        }
    )
    assert s.database_url == "postgresql+psycopg://u@h/db"
    assert s.token_ttl_hours == 1.5
    assert s.page_size == 20
    assert s.workflows_dir == Path("/srv/flows")


def test_defaults_run_on_sqlite_under_var() -> None:
    s = Settings.from_env({})
    assert s.database_url.startswith("sqlite:///")
    assert s.database_url.endswith("var/khenthuong.db")
    assert len(s.secret_key) >= 32


def test_a_malformed_value_names_the_variable() -> None:
    with pytest.raises(ValueError, match="KT_PAGE_SIZE"):
        Settings.from_env({"KT_PAGE_SIZE": "many"})
    with pytest.raises(ValueError, match="KT_TOKEN_TTL_HOURS"):
        Settings.from_env({"KT_TOKEN_TTL_HOURS": "a day"})


def test_the_audit_key_is_read_but_never_shown() -> None:
    key = "k" * 40
    s = Settings.from_env({"KT_AUDIT_KEY": key, "KT_AUDIT_CHECKPOINT_SECONDS": "60"})
    assert s.audit_key == key and s.audit_checkpoint_seconds == 60
    assert key not in repr(s)
    assert Settings.from_env({}).audit_key == ""  # unset: the chain is not anchored
