"""Rendering a decision template in a child process that a budget can stop.

A template is code its uploader wrote; ``sandbox`` bounds the obvious costs, but two nested loops
over ``range(10000)`` that print nothing spin for hours inside one Python frame, and some single
C calls (``'{:>2000000000}'.format(x)``, ``a ~ a`` repeated) allocate gigabytes before any check
could run. Neither can be stopped from inside the process doing the work. So every render runs
in a child process, forked from a warm multiprocessing fork server (about 15 ms a render) with
its address space capped (``RLIMIT_AS``, what it had plus ``Budget.memory_bytes``) and its CPU
time capped; the parent waits at most ``Budget.seconds`` for the answer and then kills it. The
parent never opens the upload itself, so a bomb costs it nothing.

The answer is the rendered .docx (or, when vetting, the unknown variables and the names the
template uses), at most ``Budget.output_bytes`` long and re-checked by ``check_package`` so it
holds no DTD either.
Every refusal is a TemplateInvalid on the field ``template`` (``file`` for what ``check_package``
finds) with a Vietnamese message.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import resource
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext, SpawnContext
from typing import Any, TypeVar

from service.documents.errors import TemplateInvalid
from service.documents.package import PackageInvalid, PackageLimits, check_package
from service.documents.render import render_context, template_names, undeclared_variables

MB = 1_000_000
T = TypeVar("T")


@dataclass(frozen=True)
class Budget:
    """What one render of a template may spend. The stock templates take about 0.05 s, 60 MB."""

    seconds: float = 5.0
    memory_bytes: int = 512 * MB
    output_bytes: int = 20 * MB


# The fork server is a clean process started once; it imports this module (hence docxtpl, lxml)
# before forking, and forking it is safe even from a threaded web worker, unlike forking that.
# As with any multiprocessing start method but fork, the main module is imported too (once, by
# the server, as "__mp_main__"): a main script must keep its work under
# ``if __name__ == "__main__":``, as flask's, gunicorn's and pytest's do.
_CONTEXT: ForkServerContext | SpawnContext
if "forkserver" in multiprocessing.get_all_start_methods():
    _CONTEXT = multiprocessing.get_context("forkserver")
    _CONTEXT.set_forkserver_preload(["__main__", __name__])
else:
    _CONTEXT = multiprocessing.get_context("spawn")


@dataclass(frozen=True)
class Vetted:
    """What vetting found: the variables the template asks for that the context lacks (sorted;
    when there are none it has also rendered the context within the budget), and every
    top-level variable it uses, which says which parts of a decision it prints."""

    unknown: list[str]
    names: frozenset[str]


def vet(content: bytes, context: Mapping[str, Any], budget: Budget) -> Vetted:
    """Vet ``content`` against ``context`` within ``budget``. Refusals raise TemplateInvalid."""
    return _run(_vet, budget, content, dict(context))


def render(content: bytes, context: Mapping[str, Any], budget: Budget) -> bytes:
    """``content`` rendered with ``context`` as .docx bytes, within ``budget``."""
    return _run(_render, budget, content, dict(context))


def _vet(content: bytes, context: dict[str, Any], budget: Budget) -> Vetted:
    unknown = undeclared_variables(content, context)
    if not unknown:
        _render(content, context, budget)
    return Vetted(sorted(unknown), frozenset(template_names(content)))


def _render(content: bytes, context: dict[str, Any], budget: Budget) -> bytes:
    out = render_context(content, context)
    if len(out) > budget.output_bytes:
        raise _refused(f"tài liệu tạo ra lớn hơn {budget.output_bytes // MB} MB")
    try:
        check_package(out, _output_limits(budget))
    except PackageInvalid as err:
        raise _refused(f"tài liệu tạo ra không hợp lệ ({err.fields['file']})") from None
    return out


def _output_limits(budget: Budget) -> PackageLimits:
    # What the template made from bounded parts; only its size and its XML need checking again.
    size = 5 * budget.output_bytes
    return PackageLimits(member_bytes=size, total_bytes=size, ratio=size)


def _refused(reason: str) -> TemplateInvalid:
    return TemplateInvalid(f"Mẫu quyết định bị từ chối: {reason}.", {"template": reason})


def _run(job: Callable[..., T], budget: Budget, *args: Any) -> T:
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(
        target=_child, args=(sender, job, budget, args), name="template-render", daemon=True
    )
    child.start()
    sender.close()  # the child holds the only writer: its death reads as end of file here
    try:
        if not receiver.poll(budget.seconds):
            raise _refused(f"chạy quá {budget.seconds:g} giây (vòng lặp quá lớn?) và đã bị dừng")
        answer = receiver.recv()
    except EOFError:
        answer = ("died", child.exitcode)
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    kind, *rest = answer
    if kind == "ok":
        result: T = rest[0]
        return result
    if kind == "invalid":
        raise TemplateInvalid(*rest)
    if kind == "memory":
        raise _refused(f"cần quá {budget.memory_bytes // MB} MB bộ nhớ và đã bị dừng")
    if kind == "died":
        raise _refused(
            f"vượt giới hạn bộ nhớ hoặc thời gian và đã bị dừng (mã thoát {child.exitcode})"
        )
    raise _refused(f"lỗi khi chạy thử ({rest[0]})")


def _child(sender: Connection, job: Callable[..., Any], budget: Budget, args: tuple[Any]) -> None:
    """In the child: cap memory and CPU time, do the job, send back the answer."""
    try:
        _limit(budget)
        answer: tuple[Any, ...] = ("ok", job(*args, budget))
    except TemplateInvalid as err:
        answer = ("invalid", err.message, err.fields)
    except MemoryError:
        answer = ("memory",)
    except Exception as err:  # anything else still gets an answer, not a silent death
        answer = ("error", f"{type(err).__name__}: {err}")
    try:
        sender.send(answer)
    finally:
        sender.close()


def _limit(budget: Budget) -> None:
    address_space = _address_space() + budget.memory_bytes
    _lower(resource.RLIMIT_AS, address_space)
    # A backstop: the parent kills the child on the wall clock first.
    _lower(resource.RLIMIT_CPU, math.ceil(budget.seconds) + 1)


def _lower(which: int, soft: int) -> None:
    _, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(which, (soft, soft))


def _address_space() -> int:
    """The child's address space as forked, in bytes (Linux; elsewhere 0, an absolute cap)."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")
