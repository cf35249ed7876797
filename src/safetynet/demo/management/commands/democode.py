"""`safetynet democode USERNAME`: the current authenticator-app code of a demo account (from the
demo's accounts file under var/), for trying the demo without an authenticator app."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safetynet.agencies.auth import totp_code
from safetynet.demo.management.commands.demo import accounts_file


class Command(BaseCommand):
    help = "Print a demo account's current authenticator-app code (the demo city only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        if not accounts_file().exists():
            raise CommandError("No demo accounts file: run `safetynet demo` first.")
        for line in accounts_file().read_text().splitlines():
            fields = line.split("\t")
            if fields[0] == options["username"] and len(fields) >= 5:
                self.stdout.write(totp_code(fields[4]))
                return
        raise CommandError(f"No demo account {options['username']!r} with a secret.")
