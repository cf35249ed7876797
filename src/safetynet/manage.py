"""The `safetynet` command: the project's manage command (migrate, runserver, demo, …)."""

from __future__ import annotations

import os
import sys

# Commands that read and write files only: no session, token or signed value, no database.
# Outside development the platform wants its secret key from the environment or a file; these
# get a random key that lives as long as the process (`safetynet link FILE` on any machine).
KEYLESS_COMMANDS = frozenset({"link"})


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetynet.settings")
    if (
        len(sys.argv) > 1
        and sys.argv[1] in KEYLESS_COMMANDS
        and not os.environ.get("SAFETYNET_SECRET_KEY")
        and not os.environ.get("SAFETYNET_SECRET_KEY_FILE")
    ):
        import secrets

        os.environ["SAFETYNET_SECRET_KEY"] = secrets.token_urlsafe(50)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
