"""Logging in for a token, throttling, and tokens (service/usecases/auth.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from service.domain.accounts import LoginLimits
from service.domain.errors import BadCredentials, NotAuthenticated, TooManyAttempts
from service.usecases import accounts, auth
from tests.unit.usecases.kit import Kit

DEMO_PASSWORD = "demo-2026"
LIMITS = LoginLimits(per_user=3, per_address=5, window=timedelta(minutes=15))
TTL = timedelta(hours=8)


def login(
    kit: Kit,
    username: str = "dc.clerk",
    password: str = DEMO_PASSWORD,
    address: str = "10.0.0.1",
    ttl: timedelta = TTL,
) -> str:
    return auth.issue_token(
        username,
        password,
        address,
        uow=kit.uow,
        passwords=kit.passwords,
        ttl=ttl,
        limits=LIMITS,
        clock=kit.clock,
    )


def test_good_credentials_get_a_token_that_names_the_user(kit: Kit) -> None:
    token = login(kit)

    assert auth.actor_for_token(token, uow=kit.uow, clock=kit.clock) == kit.actor("dc.clerk")
    [stored] = kit.uow.world.tokens.values()
    assert stored.token_hash == auth.token_digest(token) != token  # only a digest is kept
    assert stored.expires_at - stored.created_at == TTL


def test_a_wrong_password_is_refused_recorded_and_audited(kit: Kit) -> None:
    with pytest.raises(BadCredentials):
        login(kit, password="wrong-password")

    assert kit.uow.committed == 1  # the failure is kept although the login is refused
    [failure] = kit.uow.world.failures
    assert (failure.username, failure.address) == ("dc.clerk", "10.0.0.1")
    event = kit.events()[-1]
    assert (event.actor, event.action, event.comment) == ("dc.clerk", "login_failed", "từ 10.0.0.1")
    assert kit.uow.world.tokens == {}


def test_an_unknown_user_gets_the_same_answer_after_the_same_work(kit: Kit) -> None:
    with pytest.raises(BadCredentials):
        login(kit, username="nobody")
    assert kit.passwords.wasted == 1
    assert kit.events()[-1].action == "login_failed"


def test_a_deactivated_user_cannot_log_in(kit: Kit) -> None:
    accounts.deactivate_user("dc.clerk", by=accounts.SYSTEM, uow=kit.uow)
    with pytest.raises(BadCredentials):
        login(kit)
    assert kit.passwords.wasted == 1


def test_after_too_many_failures_even_the_right_password_is_refused_for_a_while(kit: Kit) -> None:
    for _ in range(LIMITS.per_user):
        with pytest.raises(BadCredentials):
            login(kit, password="guess")
    before = kit.uow.committed

    with pytest.raises(TooManyAttempts) as throttled:
        login(kit)

    assert 60 <= throttled.value.retry_after <= 15 * 60
    assert "15 phút" in throttled.value.message
    assert kit.uow.committed == before
    assert len(kit.uow.world.failures) == LIMITS.per_user
    # Other users from elsewhere are not affected.
    assert login(kit, "tm.clerk", address="10.0.0.2")


def test_too_many_failures_from_one_address_throttle_every_user_there(kit: Kit) -> None:
    for i in range(LIMITS.per_address):
        with pytest.raises(BadCredentials):
            login(kit, username=f"guess{i}", address="203.0.113.9")

    with pytest.raises(TooManyAttempts):
        login(kit, address="203.0.113.9")
    assert login(kit, address="10.0.0.1")


def test_a_good_login_forgets_the_users_earlier_failures(kit: Kit) -> None:
    for _ in range(LIMITS.per_user - 1):
        with pytest.raises(BadCredentials):
            login(kit, password="guess")
    login(kit)

    assert kit.uow.world.failures == []
    with pytest.raises(BadCredentials):
        login(kit, password="guess")
    assert login(kit)


def test_once_the_window_has_passed_the_user_may_try_again(kit: Kit) -> None:
    for _ in range(LIMITS.per_user):
        with pytest.raises(BadCredentials):
            login(kit, password="guess")
    with pytest.raises(TooManyAttempts):
        login(kit)
    kit.clock.advance(LIMITS.window + timedelta(seconds=1))

    assert login(kit)


def test_a_revoked_token_is_refused_and_the_logout_audited(kit: Kit) -> None:
    token = login(kit)

    auth.revoke_token(token, actor=kit.actor("dc.clerk"), uow=kit.uow)

    with pytest.raises(NotAuthenticated):
        auth.actor_for_token(token, uow=kit.uow, clock=kit.clock)
    assert kit.events()[-1].action == "logout"


def test_an_expired_token_is_refused(kit: Kit) -> None:
    token = login(kit, ttl=timedelta(seconds=-1))
    with pytest.raises(NotAuthenticated):
        auth.actor_for_token(token, uow=kit.uow, clock=kit.clock)


def test_a_token_of_a_user_deactivated_since_is_refused(kit: Kit) -> None:
    token = login(kit)
    accounts.deactivate_user("dc.clerk", by=accounts.SYSTEM, uow=kit.uow)
    with pytest.raises(NotAuthenticated):
        auth.actor_for_token(token, uow=kit.uow, clock=kit.clock)


def test_a_made_up_token_is_refused(kit: Kit) -> None:
    with pytest.raises(NotAuthenticated):
        auth.actor_for_token("made-up", uow=kit.uow)
