"""The real service in a process of its own for fault tests to kill (``-m tests.faults.serve``).

It builds the application exactly as ``wsgi.py`` does (settings from ``KT_*``) and serves it
with Werkzeug's threaded server on ``127.0.0.1:$FAULT_PORT``. One fault hook may be armed at a
time, so that a SIGKILL lands at a known point of a request rather than somewhere around it:

- ``before_commit``: the next unit of work to commit holds, inside its transaction, just before
  COMMIT (its locks taken, its rows written, nothing durable yet);
- ``after_commit``: the next commit completes, then the request holds before answering;
- ``mid_upload BYTES``: the next upload holds once the object store has read BYTES of it (the
  folder store's ``.tmp-*`` file or the S3 multipart upload exists, incomplete).

The test arms a hook by writing its name to ``$FAULT_DIR/armed``; the hook removes that file
when it fires, writes ``$FAULT_DIR/held`` and sleeps (at most ``HOLD_SECONDS``). A process that
is never armed behaves like the production service.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from werkzeug.serving import make_server

from service.adapters.uow import SqlUnitOfWork
from service.app import create_app
from storage import _ingest

HOLD_SECONDS = 60.0  # long enough for any test to kill us; bounded so nothing hangs forever


class Hooks:
    def __init__(self, folder: Path) -> None:
        self.armed = folder / "armed"
        self.held = folder / "held"

    def take(self, name: str) -> list[str] | None:
        """The armed hook's arguments if ``name`` is armed (disarming it), else None."""
        try:
            words = self.armed.read_text().split()
        except FileNotFoundError:
            return None
        if not words or words[0] != name:
            return None
        self.armed.unlink(missing_ok=True)
        return words[1:]

    def hold(self, name: str) -> None:
        self.held.write_text(f"{name} {os.getpid()}\n")
        time.sleep(HOLD_SECONDS)

    def install(self) -> None:
        commit: Callable[[SqlUnitOfWork], None] = SqlUnitOfWork.commit
        read: Callable[..., bytes] = _ingest.HashingReader.read
        hooks = self

        def held_commit(uow: SqlUnitOfWork) -> None:
            if hooks.take("before_commit") is not None:
                uow.session.flush()  # every row written, inside the open transaction
                hooks.hold("before_commit")
            commit(uow)
            if hooks.take("after_commit") is not None:
                hooks.hold("after_commit")

        def held_read(reader: Any, size: int | None = -1) -> bytes:
            data = read(reader, size)
            if not hasattr(reader, "hold_at"):
                # Its first read: this upload is the armed one if the hook is armed now.
                args = hooks.take("mid_upload")
                reader.hold_at = int(args[0]) if args else float("inf")
            elif reader.size >= reader.hold_at:
                reader.hold_at = float("inf")
                hooks.hold("mid_upload")
            return data

        SqlUnitOfWork.commit = held_commit  # type: ignore[method-assign]
        _ingest.HashingReader.read = held_read  # type: ignore[method-assign]


def main() -> None:
    folder = os.environ.get("FAULT_DIR")
    if folder:
        Hooks(Path(folder)).install()
    app = create_app()
    server = make_server("127.0.0.1", int(os.environ["FAULT_PORT"]), app, threaded=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
