"""An action repeated in a thread of its own while a block runs (the block's thread may be inside
one long step: a heartbeat, a progress bar's clock)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def repeating(
    seconds: float,
    action: Callable[[], None],
    *,
    name: str,
    finish: Callable[[], None] | None = None,
) -> Iterator[None]:
    """`action` every `seconds` until the block ends; then `finish`, in the same thread (a
    database connection the action opened is closed by the thread that opened it)."""
    stop = threading.Event()

    def run() -> None:
        try:
            while not stop.wait(seconds):
                action()
        finally:
            if finish is not None:
                finish()

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
