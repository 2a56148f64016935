"""Calling pyHanko's synchronous API from a thread that may already run an asyncio loop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def outside_event_loop(work: Callable[[], T]) -> T:
    """Run ``work`` here, or in a thread of its own when this thread runs an asyncio loop:
    pyHanko's synchronous calls start one with ``asyncio.run``, which refuses to nest (as under
    an async server worker, or in a process that drives a browser)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()
