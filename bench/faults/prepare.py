"""Run as a child process (bench.faults.app.prepare): migrate the database DATABASE_URL names,
build the city's units, register a partner system for channel 35 at the intake desk, and print
its bearer token on the last line."""

from __future__ import annotations

import django


def main() -> None:
    django.setup()
    from django.core.management import call_command

    from safetynet.agencies.services import api_client_create
    from safetynet.demo.city import build_institutions

    call_command("migrate", verbosity=0, interactive=False)
    units = build_institutions()
    _, token = api_client_create(name="faults", unit=units["KL-DESK"], channel="35")
    print(token)


if __name__ == "__main__":
    main()
