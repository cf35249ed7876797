"""Starting a linkage run away from the web request: `safetynet linkrun RUN_ID` in its own process.

The run writes its stage to the database, so the page that started it can follow it; a run whose
process died can be started again the same way (it starts over)."""

from __future__ import annotations

import subprocess
import sys

from safetynet.settings import VAR_DIR


def start_in_background(run_id: int) -> None:
    log = VAR_DIR / "linkruns.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        subprocess.Popen(  # noqa: S603 - our own interpreter and command, an integer argument
            [
                sys.executable,
                "-m",
                "safetynet.manage",
                "linkrun",
                str(int(run_id)),
                "--no-progress",
            ],
            stdout=out,
            stderr=out,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
