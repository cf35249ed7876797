"""An action repeated in a thread of its own while a block runs."""

from __future__ import annotations

import threading
import time

from safetynet.core.periodic import repeating


def test_the_action_repeats_while_the_block_runs_and_finish_runs_in_its_thread() -> None:
    calls: list[str] = []
    threads: set[str] = set()

    def action() -> None:
        calls.append("action")
        threads.add(threading.current_thread().name)

    def finish() -> None:
        calls.append("finish")
        threads.add(threading.current_thread().name)

    with repeating(0.01, action, name="beat-test", finish=finish):
        time.sleep(0.2)
    assert calls.count("action") >= 3 and calls[-1] == "finish"
    assert threads == {"beat-test"}
    done = len(calls)
    time.sleep(0.05)
    assert len(calls) == done
    assert "beat-test" not in {t.name for t in threading.enumerate()}
